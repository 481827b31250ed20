"""Guards against hostile or absurd inputs: sizes, zip bombs, XML entity expansion, nesting depth.

Every guard raises `InputError` with a Chinese message, so the engine reports RL001 for that file
(exit code 2) and goes on with the others. The numbers live in one `Limits` object; `configure`
changes them (tests, embedding applications) and the environment variable
`REPORT_LINT_MAX_INPUT_MB` raises or lowers both size limits for a run.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from io import BytesIO
from typing import TYPE_CHECKING

from ..source import MAX_INPUT_BYTES, InputError

if TYPE_CHECKING:
    import zipfile

MB = 1024 * 1024
TEXT_FORMATS = ("text", "markdown", "html")


@dataclass
class Limits:
    """The numbers every loader checks. Real reports are far below all of them."""

    max_text_bytes: int = 16 * MB  # text, Markdown, HTML (a real report page is < 1 MB)
    max_binary_bytes: int = MAX_INPUT_BYTES  # DOCX, PDF (may embed images and seals)
    max_zip_members: int = 2000
    max_unzipped_bytes: int = 200 * MB  # sum over all members of a DOCX
    max_zip_ratio: int = 200  # uncompressed / compressed, checked for members over 1 MB
    max_html_depth: int = 256  # nested open elements (real pages stay below 60)
    max_table_cells: int = 200_000  # grid positions of one table after row/col spans
    max_pdf_pages: int = 300


LIMITS = Limits()


def configure(**values: int) -> None:
    """Change limits for this process, e.g. `configure(max_text_bytes=1 << 20)`."""
    names = {f.name for f in fields(Limits)}
    for key, value in values.items():
        if key not in names:
            raise ValueError(f"unknown limit {key!r}")
        setattr(LIMITS, key, int(value))


def _env_bytes() -> int | None:
    raw = os.environ.get("REPORT_LINT_MAX_INPUT_MB", "").strip()
    try:
        return int(float(raw) * MB) if raw else None
    except ValueError:
        return None


def max_bytes(fmt: str) -> int:
    """The size limit of a format, in bytes."""
    env = _env_bytes()
    if env is not None:
        return env
    return LIMITS.max_text_bytes if fmt in TEXT_FORMATS else LIMITS.max_binary_bytes


def check_size(fmt: str, size: int) -> None:
    """Refuse an input larger than its format's limit."""
    limit = max_bytes(fmt)
    if size > limit:
        raise InputError(f"文件过大（{_mb(size)}，超过 {_mb(limit)} 的上限），已拒绝读取")


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n % MB else f"{n // MB} MB"


# --- zip containers (DOCX) -----------------------------------------------------------------------

def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open a zip container after checking its directory: member count, declared uncompressed
    sizes and compression ratios (a zip bomb is refused before anything is inflated)."""
    import zipfile  # not at module level: `report-lint file.txt` never needs it

    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"文件不是有效的 Word（DOCX）压缩包：{exc}") from exc
    infos = zf.infolist()
    if len(infos) > LIMITS.max_zip_members:
        raise InputError(f"压缩包内文件过多（{len(infos)} 个），疑似恶意文件，已拒绝读取")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > LIMITS.max_zip_ratio:
            raise InputError(f"压缩包成员 {info.filename} 的压缩比异常（{ratio:.0f}:1），"
                             "疑似压缩炸弹，已拒绝读取")
    if total > LIMITS.max_unzipped_bytes:
        raise InputError(f"压缩包解压后过大（{_mb(total)}），疑似压缩炸弹，已拒绝读取")
    return zf


# XML must declare a DTD before its root element; entities need a DTD. Both are refused, in the
# encodings an XML part may use (UTF-8 and UTF-16 in either byte order).
_DTD_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("ascii", "utf-16-le", "utf-16-be"))


def check_xml_parts(zf: zipfile.ZipFile) -> None:
    """Refuse XML parts that declare a DTD or entities (billion laughs, external entities)."""
    for info in zf.infolist():
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels")):
            continue
        head = read_member(zf, info)
        if any(mark in head for mark in _DTD_MARKS):
            raise InputError(f"Word 文件的 {info.filename} 含有 DTD/实体声明（可能是 XML 实体炸弹），"
                             "已拒绝读取")


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one member, never more than its (already checked) declared size."""
    with zf.open(info) as fh:
        data = fh.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise InputError(f"压缩包成员 {info.filename} 的实际大小与声明不符，已拒绝读取")
    return data


# --- nesting --------------------------------------------------------------------------------------

def check_depth(depth: int, what: str = "HTML 标签") -> None:
    if depth > LIMITS.max_html_depth:
        raise InputError(f"{what}嵌套过深（超过 {LIMITS.max_html_depth} 层），疑似恶意文件，已拒绝读取")


def check_table_cells(count: int) -> None:
    if count > LIMITS.max_table_cells:
        raise InputError(f"表格过大（合并单元格展开后超过 {LIMITS.max_table_cells} 格），已拒绝读取")
