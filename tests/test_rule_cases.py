"""Rule cases as data: `tests/rule_cases/*.toml`, one file per rule (or family).

Each file:

    rule = "SEC201"                      # the code every case is about
    [[cases]]
    name = "missing-section-six"
    text = '''一、总体情况 …'''           # a report fragment (text form)
    filename = "2023-report.txt"         # optional; facts may come from the file name
    facts = { issuer_level = "county" }  # optional, as config `facts` would give
    options = {}                         # optional rule options (config `options.CODE`)
    findings = [ { line = 12, contains = "六、其他需要报告的事项" } ]   # [] means: must pass

Every case runs with only its rule selected; the findings of that rule must match in number, in
line (when given) and in message fragment (when given). A case may set `code` on a finding when a
file covers several codes. A case may also give `severity` to check the default severity.

A case of a fixable rule gives the text after fixing:

    fixed = '''…'''                      # the whole text after `--fix` (only this rule runs)
    unsafe = true                        # the fix is unsafe: `--fix` must leave the text alone,
                                         # `--fix --unsafe-fixes` must produce `fixed`

The harness asserts that the fix loop converges (no note, a second run changes nothing), that the
fixed text no longer triggers the rule, and, per rule, that the fixes its findings carry match the
rule's declared fix availability (`none`: no fix; `safe`: safe fixes only; `unsafe`: some unsafe
fix), with at least one `fixed` case for every fixable rule that has case files.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from report_lint.config import Config, ConfigResolver, Glob
from report_lint.engine import Linter
from report_lint.fixer import FixOutcome, fix_file
from report_lint.host import load_registry

CASES_DIR = Path(__file__).parent / "rule_cases"
REGISTRY = load_registry()


def _cases() -> list[Any]:
    out = []
    for f in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        for case in data.get("cases", []):
            code = case.get("rule", data["rule"])
            out.append(pytest.param(code, case, id=f"{code}-{case['name']}"))
    return out




def _case_linter(code: str, case: dict[str, Any], tmp_path: Path, **kw: Any) -> Linter:
    cfg = Config(select=[code], options={code: case.get("options", {})},
                 packs=case.get("packs", []))
    if "facts" in case:
        cfg.facts.append((Glob(tmp_path, "*"), dict(case["facts"])))
    return Linter(REGISTRY, ConfigResolver.of(cfg), **kw)


def _case_path(case: dict[str, Any], tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / case.get("filename", "report.txt")
    path.write_text(case["text"] if text is None else text, encoding="utf-8")
    return path


def lint_case(code: str, case: dict[str, Any], tmp_path: Path, text: str | None = None
              ) -> list[Any]:
    path = _case_path(case, tmp_path, text)
    result = _case_linter(code, case, tmp_path).check_file(path)
    return [f for f in result.findings if f.code.startswith(code)]


def fix_case(code: str, case: dict[str, Any], tmp_path: Path, unsafe: bool,
             text: str | None = None) -> FixOutcome:
    path = _case_path(case, tmp_path, text)
    out = fix_file(_case_linter(code, case, tmp_path, keep_reports=True), path,
                   path.read_bytes(), unsafe=unsafe)
    assert out is not None
    return out


@pytest.mark.parametrize("code, case", _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert code in REGISTRY.rules or any(c.startswith(code) for c in REGISTRY.rules), code
    found = lint_case(code, case, tmp_path)
    expected = case.get("findings", [])
    shown = "\n".join(f"  {f.line}:{f.column} {f.code} {f.message}" for f in found)
    assert len(found) == len(expected), f"expected {len(expected)} findings, got:\n{shown}"
    for f, want in zip(sorted(found, key=lambda f: (f.line, f.column, f.code)), expected):
        if "line" in want:
            assert f.line == want["line"], shown
        if "code" in want:
            assert f.code == want["code"], shown
        if "contains" in want:
            assert want["contains"] in f.message, shown
        if "severity" in want:
            assert f.severity == want["severity"], shown


def _fixed_cases() -> list[Any]:
    return [p for p in _cases() if "fixed" in p.values[1]]


@pytest.mark.parametrize("code, case", _fixed_cases())
def test_fix_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    unsafe = bool(case.get("unsafe", False))
    if unsafe:
        safe_only = fix_case(code, case, tmp_path, unsafe=False)
        assert safe_only.text == case["text"], "an unsafe fix was applied without --unsafe-fixes"
    out = fix_case(code, case, tmp_path, unsafe=unsafe)
    assert out.notes == [], out.notes
    assert out.text == case["fixed"]
    left = lint_case(code, case, tmp_path, text=out.text)
    assert left == [], "\n".join(f"{f.line}: {f.message}" for f in left)
    again = fix_case(code, case, tmp_path, unsafe=unsafe, text=out.text)
    assert not again.changed and again.notes == []


def _cases_by_rule() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for p in _cases():
        code, case = p.values
        if code in REGISTRY.rules:
            out.setdefault(code, []).append(case)
    return out


@pytest.mark.parametrize("code", sorted(_cases_by_rule()))
def test_declared_fix_availability(code: str, tmp_path: Path) -> None:
    """What a rule's findings carry matches its declared fix availability."""
    declared = REGISTRY.rules[code].fix
    cases = _cases_by_rule()[code]
    seen = set()
    for i, case in enumerate(cases):
        for f in lint_case(code, case, _sub(tmp_path, i)):
            if f.code == code and f.fix is not None:
                seen.add(f.fix.applicability)
    fixed = [c for c in cases if "fixed" in c]
    if declared == "none":
        assert not seen, f"{code} declares no fix but its findings carry {seen}"
        assert not fixed, f"{code} declares no fix but has fixed cases"
    elif declared == "safe":
        assert seen == {"safe"}, f"{code} declares safe fixes; its findings carry {seen or 'none'}"
        assert fixed, f"{code} is fixable but none of its cases gives `fixed`"
    else:
        assert "unsafe" in seen, f"{code} declares unsafe fixes; its findings carry {seen or 'none'}"
        assert any(c.get("unsafe") for c in fixed), f"{code}: no `fixed` case with unsafe = true"


def _sub(tmp_path: Path, i: int) -> Path:
    p = tmp_path / str(i)
    p.mkdir(exist_ok=True)
    return p
