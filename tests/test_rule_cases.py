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
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from report_lint.config import Config, ConfigResolver, Glob
from report_lint.engine import Linter
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


class _Fixed(ConfigResolver):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.cfg = cfg

    def for_path(self, path: Path) -> Config:
        return self.cfg


def lint_case(code: str, case: dict[str, Any], tmp_path: Path) -> list[Any]:
    path = tmp_path / case.get("filename", "report.txt")
    path.write_text(case["text"], encoding="utf-8")
    cfg = Config(select=[code], options={code: case.get("options", {})},
                 packs=case.get("packs", []))
    if "facts" in case:
        cfg.facts.append((Glob(tmp_path, "*"), dict(case["facts"])))
    result = Linter(REGISTRY, _Fixed(cfg)).check_file(path)
    return [f for f in result.findings if f.code.startswith(code)]


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
