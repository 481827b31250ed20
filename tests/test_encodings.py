"""The same report in any encoding or newline style parses the same.

Seeds are re-encoded here (GB18030, UTF-16 with and without BOM, UTF-8 with BOM, CRLF) into a
temporary folder; the published HTML page is re-encoded as GBK with its `<meta charset>` changed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import real, run_cli, seed
from report_lint.loaders import load_document
from report_lint.model import Document


def _has_binder() -> bool:
    from report_lint import templates

    return hasattr(templates, "bind")


def summary(path: Path) -> dict:
    """`parse --format json` without the fields that name the file or its encoding; the
    document's own structure when the binder is not there yet."""
    if _has_binder():
        r = run_cli("parse", str(path), "--format", "json")
        assert r.code == 0, r.err
        data = r.json()
        for key in ("path", "encoding"):
            data.pop(key)
        return data
    doc = load_document(str(path))
    return {"sections": [(s.number, s.title) for s in doc.sections],
            "cells": [[c.raw for c in t.cells] for t in doc.tables()]}


def _cells_match_source(doc: Document) -> None:
    for t in doc.tables():
        for c in t.cells:
            if c.kind == "number":
                assert doc.source.text[c.span.start:c.span.end] == c.raw


VARIANTS = {
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16-bom": lambda t: t.encode("utf-16"),
    "utf-16-be-bom": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "crlf-gb18030": lambda t: t.replace("\n", "\r\n").encode("gb18030"),
}


@pytest.mark.parametrize("prefix", ["000", "003"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_seed_reencoded_parses_identically(prefix: str, variant: str, tmp_path: Path) -> None:
    src = seed(prefix)
    text = src.read_text(encoding="utf-8")
    out = tmp_path / src.name
    out.write_bytes(VARIANTS[variant](text))
    assert summary(out) == summary(src)
    doc = load_document(str(out))
    assert doc.source.bom == (variant.endswith("-bom") and "no-bom" not in variant)
    assert doc.source.newline == ("\r\n" if variant.startswith("crlf") else "\n")
    _cells_match_source(doc)


def test_published_page_as_gbk(tmp_path: Path) -> None:
    src = real("shuyang-fgj_2023.html")
    text = src.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="gbk">')
    out = tmp_path / src.name
    out.write_bytes(text.encode("gb18030"))
    doc = load_document(str(out))
    assert doc.source.encoding == "gb18030"
    _cells_match_source(doc)
    assert summary(out) == summary(src)


def test_published_page_with_crlf_and_bom(tmp_path: Path) -> None:
    src = real("pingtan-html-pingtan_2024.html")
    text = src.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    out = tmp_path / src.name
    out.write_bytes(text.encode("utf-8-sig"))
    doc = load_document(str(out))
    assert doc.source.bom and doc.source.newline == "\r\n"
    _cells_match_source(doc)
    assert summary(out)["tables"] == summary(src)["tables"] if _has_binder() else True


def test_markdown_reencoded(tmp_path: Path) -> None:
    src = real("shanghai-stcsm_2024.md")
    text = src.read_text(encoding="utf-8")
    out = tmp_path / src.name
    out.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    assert summary(out) == summary(src)
