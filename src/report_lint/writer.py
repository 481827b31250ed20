"""Writing fixed text back: which sources may be rewritten, which edits are safe to apply to them,
and an atomic write that keeps encoding, BOM, newline style and file mode.

Only text-like formats (plain text, Markdown, HTML) are written: their `Source.text` *is* the
file, decoded, so an edit at an offset is an edit of the file. DOCX and PDF text is extracted from
a container and cannot be written back without rebuilding it; those files are reported as not
fixable and their findings are still shown.
"""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from .findings import Edit
from .source import Source

WRITABLE_FORMATS = ("text", "markdown", "html")
# Codecs that encode character by character, so the bytes of text outside the edits come out
# exactly as they were read. Stateful codecs (ISO-2022 …) are refused.
_STATELESS = frozenset({
    "utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "gb18030", "gbk", "gb2312",
    "big5", "big5hkscs", "ascii", "latin-1", "iso8859-1", "cp1252", "cp936", "euc_jp",
    "shift_jis", "cp949", "euc_kr", "cp950",
})
_BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE}
_FORMAT_NAMES = {"docx": "Word（DOCX）", "pdf": "PDF"}
# Markup an HTML edit may remove or keep inside its range: comments, line breaks, and elements
# opened and closed inside the range. Anything else would change the page's structure.
_MARKUP = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)\s*>", re.S)
_VOID = frozenset("br wbr img hr meta link input".split())
_ENTITY_HEAD = re.compile(r"&[#A-Za-z0-9]{0,10}\Z")
_ENTITY_TAIL = re.compile(r"[#A-Za-z0-9]{0,10};")


class WriteError(Exception):
    """The fixed text cannot be written (message in Chinese, says why)."""


def not_writable(source: Source) -> str | None:
    """Why fixes cannot be written back to this source, or None when they can."""
    if source.format not in WRITABLE_FORMATS:
        name = _FORMAT_NAMES.get(source.format, source.format)
        return f"{name} 文件无法安全改写，未自动修复（问题照常列出）"
    codec = _codec(source.encoding)
    if codec not in _STATELESS:
        return f"文件编码 {source.encoding} 无法逐字还原，未自动修复"
    if source.raw is not None and encode(source, source.text, check=False) != source.raw:
        return f"文件含有无法按 {source.encoding} 无损还原的字节，未自动修复"
    return None


def encode(source: Source, text: str, check: bool = True) -> bytes:
    """`text` in the source's encoding, with its BOM. Raises `WriteError` when a character of
    `text` has no encoding there (`check=False`: replace it, for comparisons only)."""
    codec = _codec(source.encoding)
    try:
        data = text.encode(codec, errors="strict" if check else "replace")
    except UnicodeEncodeError as exc:
        bad = text[exc.start:exc.end]
        raise WriteError(f"修复后的文字「{bad}」无法用文件编码 {source.encoding} 表示，未写入") from exc
    return (_BOM.get(codec, b"") if source.bom else b"") + data


def newline_style(text: str, newline: str) -> str:
    """A replacement's line breaks written in the file's newline style."""
    if newline == "\n" or "\n" not in text:
        return text
    return re.sub(r"\r?\n", lambda m: newline, text)


def edit_problem(source: Source, edit: Edit) -> str | None:
    """Why `edit` may not be applied to `source`, or None. An edit must lie inside the text; in
    HTML its ends must be in the page's text (not inside a tag, comment or entity) and the markup
    it replaces must be comments, line breaks or whole elements, so the page keeps its structure."""
    text = source.text
    if not 0 <= edit.start <= edit.end <= len(text):
        return "修改位置超出文件范围"
    if source.format != "html":
        return None
    for pos in (edit.start, edit.end):
        if _inside_markup(text, pos):
            return "修改位置落在 HTML 标记内"
    if not _balanced(text[edit.start:edit.end]):
        return "修改范围跨越 HTML 元素边界"
    return None


def _inside_markup(text: str, pos: int) -> bool:
    """Is offset `pos` inside a tag, a comment or a character reference?"""
    lt = text.rfind("<", 0, pos)
    if lt >= 0 and text.rfind(">", lt, pos) < 0:
        return True
    opened = text.rfind("<!--", 0, pos)
    if opened >= 0 and text.find("-->", opened + 4, pos) < 0 and pos > opened:
        return True
    return bool(_ENTITY_HEAD.search(text, max(0, pos - 11), pos)
                and _ENTITY_TAIL.match(text, pos))


def _balanced(region: str) -> bool:
    """Markup in `region` is only comments, void elements and elements closed inside it."""
    stack: list[str] = []
    rest = _MARKUP.sub(" ", region)
    if "<" in rest or ">" in rest:
        return False
    for m in _MARKUP.finditer(region):
        if m.group().startswith("<!--"):
            continue
        tag = _TAG.fullmatch(m.group())
        if tag is None:
            return False
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def write_atomic(path: str | Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace the file at `path` with `data`: a temporary file in the same folder, flushed to
    disk, given the original's permission bits, then renamed over it (a reader sees the old file
    or the new one, never half of one). A symbolic link keeps pointing at the rewritten file.
    With `expected`, the write is refused when the file no longer holds those bytes (it changed
    while it was being checked)."""
    import tempfile

    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
        if expected is not None and target.read_bytes() != expected:
            raise WriteError("文件在检查期间被修改，未写入修复")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".report-lint-tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise WriteError(f"无法写入：{exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise WriteError(f"无法写入：{exc.strerror or exc}") from exc
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _codec(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()
    return {"iso8859-1": "latin-1"}.get(name, name)
