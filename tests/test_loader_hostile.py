"""Hostile inputs: each is refused with a clear RL001 for that file (exit code 2), the good reports
beside them are still checked, and no traceback reaches the user."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli, seed
from report_lint import diagnostics
from report_lint.loaders import limits, load_document
from report_lint.source import InputError

MB = 1024 * 1024
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""
CONTENT_TYPES = b"""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"""


def _docx_with(document_xml: bytes | None, path: Path, bomb_mb: int = 0) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        if bomb_mb:
            with zf.open("word/document.xml", "w") as fh:
                chunk = b" " * MB
                for _ in range(bomb_mb):
                    fh.write(chunk)
        else:
            zf.writestr("word/document.xml", document_xml or b"")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    rnd = random.Random(6)
    files = {
        "random": d / "random.dat",
        "zipbomb": _docx_with(None, d / "bomb.docx", bomb_mb=60),
        "laughs": _docx_with(LAUGHS, d / "laughs.docx"),
        "huge": d / "huge.txt",
        "nested": d / "nested.html",
    }
    files["random"].write_bytes(bytes(rnd.getrandbits(8) for _ in range(64 * 1024)))
    files["huge"].write_bytes("一、总体情况。".encode() * (20 * MB // 21 + 1))
    files["nested"].write_bytes(b"<html><body>" + b"<div>" * 200_000 + b"</body></html>")
    return files


# --- each guard -----------------------------------------------------------------------------------

def test_zip_bomb_refused_before_inflating(hostile: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="压缩"):
        load_document(str(hostile["zipbomb"]))


def test_billion_laughs_refused(hostile: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="实体"):
        load_document(str(hostile["laughs"]))


def test_huge_text_refused(hostile: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="文件过大"):
        load_document(str(hostile["huge"]))


def test_deep_html_refused(hostile: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="嵌套过深"):
        load_document(str(hostile["nested"]))


def test_random_bytes_refused(hostile: dict[str, Path]) -> None:
    with pytest.raises(InputError):
        load_document(str(hostile["random"]))


def test_exploding_spans_refused() -> None:
    row = "<tr>" + '<td colspan="1000">1</td>' * 3 + "</tr>"
    with pytest.raises(InputError, match="表格过大"):
        load_document("wide.html", f"<table>{row * 80}</table>".encode())


def test_too_many_members_and_lying_sizes(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(limits.LIMITS.max_zip_members + 1):
            zf.writestr(f"f{i}", b"")
        zf.writestr("word/document.xml", b"")
    with pytest.raises(InputError, match="过多"):
        load_document("many.docx", buf.getvalue())


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "一、总体情况\n".encode() * 1000
    assert load_document("a.txt", data).sections
    monkeypatch.setenv("REPORT_LINT_MAX_INPUT_MB", "0.001")
    with pytest.raises(InputError, match="文件过大"):
        load_document("a.txt", data)
    monkeypatch.delenv("REPORT_LINT_MAX_INPUT_MB")
    old = limits.LIMITS.max_text_bytes
    try:
        limits.configure(max_text_bytes=100)
        with pytest.raises(InputError):
            load_document("a.md", data)
        assert load_document("a.txt", data[:76]).source.text  # 4 lines, under 100 bytes
    finally:
        limits.configure(max_text_bytes=old)
    with pytest.raises(ValueError):
        limits.configure(no_such_limit=1)


# --- beside good reports --------------------------------------------------------------------------

def test_run_over_hostile_and_good_files(hostile: dict[str, Path]) -> None:
    good = seed("000")
    r = run_cli("check", str(good), *(str(p) for p in hostile.values()), "--format", "concise")
    assert r.code == 2
    assert "Traceback" not in r.out + r.err
    lines = r.out.splitlines()
    for path in hostile.values():
        hits = [ln for ln in lines if ln.startswith(str(path)) and diagnostics.UNREADABLE in ln]
        assert hits, f"{path.name} not reported as unreadable"
    good_hits = [ln for ln in lines if ln.startswith(str(good))]
    assert good_hits and not any(diagnostics.UNREADABLE in ln for ln in good_hits)


def test_missing_path_beside_good_file(tmp_path: Path) -> None:
    good = seed("000")
    missing = tmp_path / "missing.txt"
    r = run_cli("check", str(good), str(missing), "--format", "concise")
    assert r.code == 2 and "Traceback" not in r.out + r.err
    assert str(missing) in r.out and str(good) in r.out


def test_missing_path_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        load_document(str(tmp_path / "missing.txt"))
