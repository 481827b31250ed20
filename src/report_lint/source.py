"""Decoded input text with the facts needed to write it back unchanged (encoding, BOM, newlines).

Every position in report-lint is an offset into `Source.text`; line and column are derived here.
"""
from __future__ import annotations

import bisect
import codecs
from dataclasses import dataclass, field
from pathlib import Path

MAX_INPUT_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """The input cannot be read as a report (too large, undecodable, unknown format)."""


class Span:
    """A half-open range [start, end) of offsets into `Source.text`.

    Immutable by convention (never assign to `start`/`end`): spans are dict keys and set members.
    A plain slotted class rather than a frozen dataclass, whose `__init__` costs twice as much —
    hundreds are made per report. Equality, hash and repr are those the dataclass had."""

    __slots__ = ("start", "end")
    __match_args__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Span:
            return NotImplemented
        return self.start == other.start and self.end == other.end  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Span(start={self.start!r}, end={self.end!r})"

    def __reduce__(self) -> tuple[type[Span], tuple[int, int]]:
        return Span, (self.start, self.end)

    @property
    def length(self) -> int:
        return self.end - self.start

    def cover(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


@dataclass
class Source:
    """One input file, decoded. `raw` is kept for binary formats (DOCX, PDF)."""

    path: str
    text: str
    format: str = "text"
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    raw: bytes | None = None
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; columns count characters."""
        starts = self._starts()
        offset = max(0, min(offset, len(self.text)))
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line_text(self, line: int) -> str:
        starts = self._starts()
        s = starts[line - 1]
        e = starts[line] if line < len(starts) else len(self.text)
        return self.text[s:e].rstrip("\r\n")

    def _starts(self) -> list[int]:
        if not self._line_starts:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            # A lone "\r" newline (old Mac files) also ends a line.
            if "\r" in text and "\n" not in text:
                starts = [0] + [j + 1 for j, c in enumerate(text) if c == "\r"]
            self._line_starts = starts
        return self._line_starts

    def snippet(self, span: Span, limit: int = 40) -> str:
        s = self.text[span.start:span.end].strip()
        return s if len(s) <= limit else s[: limit - 1] + "…"


def detect_newline(text: str) -> str:
    if "\r\n" in text:
        return "\r\n"
    if "\r" in text and "\n" not in text:
        return "\r"
    return "\n"


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, bool]:
    """Decode bytes to (text, encoding, bom).

    Order: a BOM; a declared charset (HTML meta); UTF-8; UTF-16 without BOM (many NUL bytes);
    GB18030 (a superset of GBK/GB2312, the usual legacy encoding of Chinese government pages);
    charset-normalizer as the last resort.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc, True
    candidates: list[str] = []
    if declared:
        candidates.append(_canonical(declared))
    candidates.append("utf-8")
    if data[:4000].count(b"\x00") > len(data[:4000]) // 4:
        candidates.insert(0, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    candidates.append("gb18030")
    for enc in candidates:
        try:
            return data.decode(enc), enc, False
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes  # only for inputs nothing above could decode

    best = from_bytes(data).best()
    if best is None:
        raise InputError("无法识别文件编码")
    return str(best), best.encoding, False


def _canonical(name: str) -> str:
    name = name.strip().lower()
    # GB2312 and GBK pages routinely contain GB18030-only characters; decode with the superset.
    return "gb18030" if name in {"gb2312", "gbk", "gb_2312-80", "x-gbk"} else name


def read_bytes(path: Path) -> bytes:
    """A file's bytes; `InputError` with a Chinese reason when it cannot be read."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"文件过大（超过 {MAX_INPUT_BYTES // 1024 // 1024} MB）")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("文件不存在") from exc
    except IsADirectoryError as exc:
        raise InputError("这是一个目录，不是文件") from exc
    except PermissionError as exc:
        raise InputError("没有读取权限") from exc
    except OSError as exc:
        raise InputError(f"读取出错（{exc.strerror or exc}）") from exc


def read_source(path: str | Path, data: bytes | None = None, fmt: str = "text") -> Source:
    """Read and decode a text-like file. Binary formats keep `raw` and leave text to the loader."""
    if data is None:
        data = read_bytes(Path(path))
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"文件过大（超过 {MAX_INPUT_BYTES // 1024 // 1024} MB）")
    text, enc, bom = decode(data)
    return Source(str(path), text, fmt, enc, bom, detect_newline(text), raw=data)
