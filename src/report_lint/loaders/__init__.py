"""Format registry: which loader reads a file, chosen by content and extension.

Loaders are named as `module:function` strings and imported only when their format is used, so a
run over text files never imports an HTML, DOCX or PDF library. A loader is called as
`load(path: str, data: bytes) -> Document`.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Callable

from ..model import Document
from ..source import MAX_INPUT_BYTES, InputError, read_bytes

Loader = Callable[[str, bytes], Document]

LOADERS: dict[str, str] = {
    "text": "report_lint.loaders.text:load",
    "markdown": "report_lint.loaders.markdown:load",
    "html": "report_lint.loaders.html:load",
    "docx": "report_lint.loaders.docx:load",
    "pdf": "report_lint.loaders.pdf:load",
}
FORMAT_NAMES = {"text": "纯文本", "markdown": "Markdown", "html": "HTML", "docx": "Word（DOCX）",
                "pdf": "PDF"}
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".docx": "docx", ".pdf": "pdf",
}
# Formats we recognise but do not read, with what the user should do instead.
_REFUSED = {
    "doc": "旧版 Word（.doc）文件不受支持，请另存为 .docx 后再检查",
    "wps": "WPS 文字（.wps）文件不受支持，请另存为 .docx 后再检查",
    "zip": "压缩包不受支持，请解压后检查其中的报告文件",
    "image": "图片文件不受支持，请提供含文字层的 PDF、Word、网页或文本文件",
}
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # OLE2: .doc / .wps / .xls
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
)
_HTML_MARKS = (b"<!doctype html", b"<html", b"<body", b"<table", b"<meta", b"<div", b"<p>")
# Markdown, for a file without a telling extension: front matter, an ATX heading, a pipe table.
_MARKDOWN = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n"
                       rb"|^#{1,6}[ \t]+\S"
                       rb"|^[ \t]*\|.*\|[ \t]*\r?\n[ \t]*\|?[ \t]*:?-{3,}", re.M)


def sniff_format(path: str | Path, data: bytes) -> str:
    """The format name of a file: binary signatures first, then the extension, then text sniffing.

    Returns a key of `LOADERS`, or one of the refused names (doc, wps, zip, image).
    """
    head = data[:4096]
    for magic, fmt in _SIGNATURES:
        if head.startswith(magic):
            return "wps" if fmt == "doc" and Path(path).suffix.lower() == ".wps" else fmt
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/document.xml" in data else "zip"
    by_ext = EXTENSIONS.get(Path(str(path)).suffix.lower())
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if by_ext in (None, "text", "docx", "pdf") and low.startswith(b"<") and any(
            mark in low for mark in _HTML_MARKS):
        return "html"  # content wins: a saved web page named .txt, a "DOCX" that is a page
    if by_ext:
        return by_ext
    return "markdown" if _MARKDOWN.search(head) else "text"


def load_document(path: str | Path, data: bytes | None = None, fmt: str | None = None
                  ) -> Document:
    """Read one report into a `Document`. Raises `InputError` (message in Chinese) when the file
    cannot be read, is too large, or is in a format report-lint does not read."""
    if data is None:
        data = read_bytes(Path(path))
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"文件过大（超过 {MAX_INPUT_BYTES // 1024 // 1024} MB）")
    fmt = fmt or sniff_format(path, data)
    from .limits import check_size  # per-format size limits (a 20 MB "report" is refused)

    check_size(fmt, len(data))
    return get_loader(fmt)(str(path), data)


def get_loader(fmt: str) -> Loader:
    """Import and return the loader function of a format (raises `InputError` when unavailable)."""
    if fmt in _REFUSED:
        raise InputError(_REFUSED[fmt])
    target = LOADERS.get(fmt)
    if target is None:
        raise InputError(f"无法识别的文件格式：{fmt}")
    module_name, _, func = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        name = FORMAT_NAMES.get(fmt, fmt)
        if exc.name and module_name.startswith(exc.name):
            raise InputError(f"暂不支持读取 {name} 格式的文件") from exc
        raise InputError(f"读取 {name} 文件需要安装依赖包 {exc.name}") from exc
    return getattr(module, func)


def register_loader(fmt: str, target: str, extensions: tuple[str, ...] = ()) -> None:
    """Add or replace a format's loader (`module:function`) and the extensions that select it."""
    LOADERS[fmt] = target
    for ext in extensions:
        EXTENSIONS[ext.lower()] = fmt

