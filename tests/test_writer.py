"""Writing fixes back: encodings, BOM, newlines and file mode survive; writes are atomic; HTML
edits stay inside the page's text."""
from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from report_lint.findings import Edit, Fix
from report_lint.fixer import apply_fixes
from report_lint.source import Source, read_source
from report_lint.writer import (WriteError, edit_problem, encode, newline_style, not_writable,
                                write_atomic)

TEXT = "某县人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n规范性文件 | 1 | 0 | 5 |\n结尾：€ and ñ\n"
OLD, NEW = "规范性文件", "行政规范性文件"

ENCODINGS = [
    # (name, bytes of TEXT in that form)
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8 BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf-16 BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("utf-16-be BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030 CRLF", TEXT.replace("\n", "\r\n").encode("gb18030")),
    ("utf-8 CRLF", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ("utf-8 CR", TEXT.replace("\n", "\r").encode("utf-8")),
]


def _fix_bytes(data: bytes, tmp_path: Path, replacement: str = NEW) -> tuple[bytes, Source]:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    src = read_source(path)
    start = src.text.index(OLD)
    fixed = apply_fixes(src.text, [Fix((Edit(start, start + len(OLD), replacement),))],
                        src.newline)
    assert not_writable(src) is None
    write_atomic(path, encode(src, fixed), expected=data)
    return path.read_bytes(), src


@pytest.mark.parametrize("name, data", ENCODINGS, ids=[n for n, _ in ENCODINGS])
def test_bytes_outside_the_edit_are_kept(name: str, data: bytes, tmp_path: Path) -> None:
    out, src = _fix_bytes(data, tmp_path)
    old_b = OLD.encode(_codec(src))
    new_b = NEW.encode(_codec(src))
    i = data.index(old_b)
    assert out[:i] == data[:i]  # BOM and everything before the edit, byte for byte
    assert out[i:i + len(new_b)] == new_b
    assert out[i + len(new_b):] == data[i + len(old_b):]
    assert read_source(tmp_path / "report.txt").encoding == src.encoding


def _codec(src: Source) -> str:
    return codecs.lookup(src.encoding).name


def test_inserted_line_breaks_follow_the_file(tmp_path: Path) -> None:
    data = TEXT.replace("\n", "\r\n").encode("gb18030")
    out, _ = _fix_bytes(data, tmp_path, replacement="行政规范性文件\n")
    assert b"\r\n" in out and b"\n" not in out.replace(b"\r\n", b"")
    assert newline_style("a\nb\r\nc", "\r\n") == "a\r\nb\r\nc"
    assert newline_style("a\nb", "\r") == "a\rb"
    assert newline_style("a\nb", "\n") == "a\nb"


def test_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    os.chmod(path, 0o640)
    write_atomic(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]  # no temp file left


def test_write_goes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"old")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(WriteError, match="无法写入"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"edited by someone else")
    with pytest.raises(WriteError, match="被修改"):
        write_atomic(path, b"new", expected=b"what we read")
    assert path.read_bytes() == b"edited by someone else"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_container_formats_are_not_writable(fmt: str) -> None:
    assert "无法安全改写" in not_writable(Source("a." + fmt, "text", fmt, raw=b"PK"))


def test_lossy_decoding_is_not_writable(tmp_path: Path) -> None:
    # A UTF-8 BOM followed by bytes that are not UTF-8: decoded with replacement characters, so
    # writing the text back would change bytes nobody edited.
    data = codecs.BOM_UTF8 + "报告".encode("utf-8") + b"\xff\xfe\xfa"
    src = read_source(tmp_path / "x.txt", data)
    assert "无损" in not_writable(src)


def test_unencodable_replacement_is_refused() -> None:
    src = Source("a.txt", "abc", encoding="ascii", raw=b"abc")
    with pytest.raises(WriteError, match="无法用文件编码"):
        encode(src, "行政")


HTML = ('<html><body><p class="x">二、主动公开政府信息情况</p><table><tr><td>规范性&nbsp;文件</td>'
        '<td>1</td></tr><tr><td>行政规范<br>性文件</td><td>2</td></tr>'
        '<tr><td><span>规范</span>性文件</td></tr></table><!-- report-lint: disable=X 理由 --></body></html>')


def _html_edit(sub: str, offset: int = 0, length: int | None = None) -> Edit:
    i = HTML.index(sub) + offset
    return Edit(i, i + (len(sub) if length is None else length), "行政规范性文件")


@pytest.mark.parametrize("sub, offset, length, problem", [
    ("规范性&nbsp;文件", 0, None, None),          # an entity inside the label: removed whole
    ("行政规范<br>性文件", 0, None, None),         # a line break inside the label
    ("<!-- report-lint", 0, len("<!-- report-lint: disable=X 理由 -->"), None),  # a whole comment
    ('class="x"', 0, None, "标记内"),              # inside a tag
    ("&nbsp;", 2, 3, "标记内"),                    # inside an entity
    ("规范</span>性文件", 0, None, "元素边界"),      # across an element's end
    ("</td><td>1", 0, None, "元素边界"),
])
def test_html_edits_stay_in_the_page_text(sub: str, offset: int, length: int | None,
                                          problem: str | None) -> None:
    src = Source("a.html", HTML, "html")
    found = edit_problem(src, _html_edit(sub, offset, length))
    assert (found is None) if problem is None else (problem in found)


def test_edit_outside_the_text_is_refused() -> None:
    assert "超出" in edit_problem(Source("a.txt", "abc"), Edit(2, 9, "x"))
