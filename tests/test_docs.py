"""The generated rule reference docs/rules.md is up to date with the rules' metadata."""
from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli
from report_lint.commands.docs import generate, is_builtin
from report_lint.host import load_registry

DOC = REPO / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    reg = load_registry()
    expected = generate(r for r in reg.rules.values() if is_builtin(r))
    assert DOC.is_file(), "run: report-lint docs"
    assert DOC.read_text(encoding="utf-8") == expected, \
        "docs/rules.md is stale: run `report-lint docs` and commit the result"


def test_every_builtin_rule_has_a_section_and_readme_links_it() -> None:
    text = DOC.read_text(encoding="utf-8")
    for code in load_registry().rules:
        assert f'<a id="{code.lower()}"></a>' in text, code
    assert "docs/rules.md" in (REPO / "README.md").read_text(encoding="utf-8")


def test_docs_command_check_and_write(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    assert run_cli("docs", "--output", str(out), "--check").code == 1
    assert run_cli("docs", "--output", str(out)).code == 0
    assert run_cli("docs", "--output", str(out), "--check").code == 0
    assert out.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
    r = run_cli("docs", "--output", "-")
    assert r.out.startswith("# report-lint 规则参考")


class DemoPack:
    """A plugin shipping one province-pack rule, as a third party would."""

    from report_lint.hookspecs import hookimpl

    @staticmethod
    @hookimpl
    def report_lint_get_rules():
        from report_lint.rules import Rule

        return [Rule("DEMO001", "demo-pack-rule", "示例规则包的规则", lambda r, c: [], pack="demo")]

    @staticmethod
    @hookimpl
    def report_lint_get_packs():
        return [Path("/nonexistent/demo.toml")]


def test_rules_lists_installed_packs_enabled_or_not(tmp_path: Path, monkeypatch) -> None:
    from report_lint import host
    from report_lint.commands import rules as rules_cmd

    monkeypatch.setattr(rules_cmd, "load_registry",
                        lambda: host.load_registry([("demo", DemoPack)]))
    monkeypatch.chdir(tmp_path)
    data = run_cli("rules", "--format", "json").json()
    demo = next(r for r in data["rules"] if r["code"] == "DEMO001")
    assert demo["pack"] == "demo" and demo["enabled"] is False
    assert {"name": "demo", "enabled": False}.items() <= next(p for p in data["packs"] if p["name"] == "demo").items()
    text = run_cli("rules").out
    assert "DEMO001" in text and "规则包 demo：未启用" in text
    (tmp_path / "report-lint.toml").write_text('packs = ["demo"]\n', encoding="utf-8")
    data = run_cli("rules", "--format", "json").json()
    assert next(r for r in data["rules"] if r["code"] == "DEMO001")["enabled"] is True
    assert {"name": "demo", "enabled": True}.items() <= next(p for p in data["packs"] if p["name"] == "demo").items()
    assert "DEMO001" not in generate(r for r in host.load_registry([("demo", DemoPack)]).rules.values()
                                     if is_builtin(r))
