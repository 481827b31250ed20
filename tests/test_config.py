"""Config discovery, inheritance, validation and rule selection."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from report_lint.config import (Config, ConfigError, ConfigResolver, is_enabled, load_config,
                                validate_codes)


def write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_closest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / "report-lint.toml", 'ignore = ["TOT"]\n')
    write(tmp_path / "county" / ".report-lint.toml", 'ignore = ["SEC201"]\n')
    r = ConfigResolver()
    top = r.for_path(tmp_path / "a.txt")
    sub = r.for_path(tmp_path / "county" / "town" / "b.txt")
    assert top.ignore == ["TOT"]
    assert sub.ignore == ["SEC201"]
    assert sub.path == (tmp_path / "county" / ".report-lint.toml").resolve()


def test_pyproject_only_counts_with_tool_table(tmp_path: Path) -> None:
    write(tmp_path / "report-lint.toml", 'ignore = ["DAT"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert ConfigResolver().for_path(tmp_path / "sub" / "r.txt").ignore == ["DAT"]
    write(tmp_path / "sub" / "pyproject.toml", '[tool.report-lint]\nignore = ["FMT"]\n')
    assert ConfigResolver().for_path(tmp_path / "sub" / "r.txt").ignore == ["FMT"]


def test_extend_merges_tables_and_child_wins(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", 'ignore = ["TXT"]\npacks = ["henan"]\n[severity]\nSEC201 = "warning"\nTOT301 = "info"\n')
    child = write(tmp_path / "r" / "report-lint.toml",
                  'extend = "../base.toml"\nignore = ["XYR"]\n[severity]\nTOT301 = "error"\n')
    cfg = load_config(child)
    assert cfg.ignore == ["XYR"]
    assert cfg.packs == ["henan"]
    assert cfg.severity == {"SEC201": "warning", "TOT301": "error"}


def test_extend_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError, match="循环"):
        load_config(tmp_path / "a.toml")


@pytest.mark.parametrize("text, fragment", [
    ('selct = ["TOT"]\n', "未知配置项 selct"),
    ('[severity]\nTOT301 = "fatal"\n', "severity.TOT301"),
    ('select = "TOT", 3\n', "TOML"),
    ('[facts."*.txt"]\nissuer_level = "village"\n', "issuer_level"),
    ('[facts."*.txt"]\nbudget = 1\n', "未知事实 budget"),
])
def test_bad_config_is_an_error_naming_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_config(write(tmp_path / "report-lint.toml", text))


def test_facts_and_per_file_ignores_by_glob(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / "report-lint.toml", """
[per-file-ignores]
"towns/*.txt" = ["DAT4"]
[facts."towns/**"]
issuer_level = "township"
published = "2024-01-20"
"""))
    town = tmp_path / "towns" / "a.txt"
    assert cfg.facts_for(town) == {"issuer_level": "township", "published": dt.date(2024, 1, 20)}
    assert cfg.facts_for(tmp_path / "b.txt") == {}
    assert not is_enabled("DAT401", cfg, town)
    assert is_enabled("DAT401", cfg, tmp_path / "b.txt")


def test_selection_most_specific_wins() -> None:
    cfg = Config(select=["TOT", "SEC201"], ignore=["TOT3"])
    assert is_enabled("SEC201", cfg)
    assert not is_enabled("SEC202", cfg)
    assert not is_enabled("TOT301", cfg)  # TOT3 is more specific than TOT
    cfg = Config(select=["TOT301"], ignore=["TOT"])
    assert is_enabled("TOT301", cfg)
    assert is_enabled("FMT101", Config())  # default: everything built in


def test_pack_rules_need_explicit_select_to_be_selected_away() -> None:
    assert is_enabled("HEN001", Config(), in_pack=True)
    assert not is_enabled("HEN001", Config(select=["TOT"]), in_pack=True)
    assert not is_enabled("HEN001", Config(ignore=["HEN"]), in_pack=True)


def test_unknown_codes_are_reported(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / "report-lint.toml", 'ignore = ["TOT", "ZZZ9"]\n[severity]\nQQQ100 = "info"\n'))
    errors = validate_codes(cfg, ["TOT301", "SEC201"])
    assert len(errors) == 2
    assert "ZZZ9" in errors[0] and "QQQ100" in errors[1]
