"""`report-lint check --fix / --unsafe-fixes / --diff` on copies of real reports and on small
reports: nothing written by --diff, never more errors, idempotent, encodings and modes kept."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import REAL, SEEDS, run_cli

TABLE_2021 = """某某县人民政府2023年政府信息公开工作年度报告
本报告所列数据的统计期限为2023年1月1日至2023年12月31日。
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
规范性文件 | 1 | 0 | 5 |
第二十条第（五）项 |
信息内容 | 本年处理决定数量 |
行政许可 | 3 |
第二十条第（六）项 |
信息内容 | 本年处理决定数量 |
行政处罚 | 2 |
行政强制 | 0 |
第二十条第（八）项 |
信息内容 | 本年收费金额（单位：万元） |
行政事业性收费 | 0 |
"""


def _corpus() -> list[Path]:
    if not REAL.is_dir():
        pytest.skip("shared corpus not present")
    files = sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv")
    return files + sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for p in _corpus():
        shutil.copy2(p, folder / p.name)
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _errors(folder: Path) -> dict[str, int]:
    data = run_cli("check", "--no-cache", "--format", "json", str(folder)).json()
    out = {Path(f["path"]).name: 0 for f in data["files"]}
    for f in data["findings"]:
        out[Path(f["path"]).name] += f["severity"] == "error"
    return out


def test_diff_writes_nothing(corpus_copy: Path) -> None:
    before = _snapshot(corpus_copy)
    r = run_cli("check", "--no-cache", "--diff", "--unsafe-fixes", str(corpus_copy))
    assert _snapshot(corpus_copy) == before
    assert r.code in (1, 2)  # 1: a diff was printed; 2: a file no loader reads (PDF …)
    assert "--- a/" in r.out and "+++ b/" in r.out
    assert "未写入任何文件" in r.err


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "unsafe-fixes"])
def test_fix_never_adds_errors_and_is_idempotent(tmp_path: Path, unsafe: bool) -> None:
    for p in _corpus():
        shutil.copy2(p, tmp_path / p.name)
    before = _errors(tmp_path)
    flags = ["--fix", "--unsafe-fixes"] if unsafe else ["--fix"]
    first = run_cli("check", "--no-cache", *flags, str(tmp_path))
    assert "已修复" in first.out
    after = _errors(tmp_path)
    assert all(after[name] <= n for name, n in before.items()), (before, after)
    snap = _snapshot(tmp_path)
    second = run_cli("check", "--no-cache", *flags, str(tmp_path))
    assert _snapshot(tmp_path) == snap, second.err
    assert "已修复" not in second.out


def test_gb18030_crlf_and_mode_survive(tmp_path: Path) -> None:
    """A seed saved as GB18030 with CRLF line ends and mode 0600: the fix keeps all three."""
    text = TABLE_2021.replace("\n", "\r\n")
    path = tmp_path / "2023.txt"
    path.write_bytes(text.encode("gb18030"))
    os.chmod(path, 0o600)
    r = run_cli("check", "--no-cache", "--fix", str(path))
    data = path.read_bytes()
    assert "已修复 1 个问题" in r.out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert data == text.replace("\r\n规范性文件", "\r\n行政规范性文件").encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # still GB18030, not re-encoded


def test_2021_label_is_fixed(tmp_path: Path) -> None:
    path = tmp_path / "2023.txt"
    path.write_text(TABLE_2021, encoding="utf-8")
    before = run_cli("check", "--no-cache", str(path))
    assert "FMT105" in before.out and "可用 --fix 自动修复" in before.out
    r = run_cli("check", "--no-cache", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == TABLE_2021.replace("\n规范性文件", "\n行政规范性文件")
    assert "FMT105" not in r.out


def test_single_wrong_total_needs_unsafe_fixes(tmp_path: Path) -> None:
    if not REAL.is_dir():
        pytest.skip("shared corpus not present")
    path = tmp_path / "pingtan-haitan-pianqu_2021.txt"
    shutil.copy2(REAL / path.name, path)
    original = path.read_bytes()
    r = run_cli("check", "--no-cache", "--fix", str(path))
    assert "TOT305" in r.out and "加 --unsafe-fixes 应用" in r.out
    fixed_safe = path.read_bytes()
    assert fixed_safe != original  # FMT109 (钩稽 → 勾稽) is safe …
    assert "（七）总计1000000" in fixed_safe.decode("utf-8")  # … the total is left alone
    r = run_cli("check", "--no-cache", "--unsafe-fixes", str(path))
    assert "TOT305" not in r.out
    assert "（七）总计0000000" in path.read_text(encoding="utf-8")


def test_diff_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "2023.txt"
    path.write_text(TABLE_2021, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--diff", str(path))
    assert r.code == 1
    assert "-规范性文件 | 1 | 0 | 5 |\n+行政规范性文件 | 1 | 0 | 5 |\n" in r.out
    assert path.read_text(encoding="utf-8") == TABLE_2021
    run_cli("check", "--no-cache", "--fix", str(path))
    r = run_cli("check", "--no-cache", "--diff", str(path))
    assert (r.code, r.out) == (0, "")
    assert "没有可应用的修复" in r.err
    assert run_cli("check", "--no-cache", "--diff", "--exit-zero", str(path)).code == 0


def test_fix_stdin_prints_the_fixed_text() -> None:
    r = run_cli("check", "--no-cache", "--fix", "-", "--stdin-filename", "2023.txt",
                stdin=TABLE_2021.encode("utf-8"))
    assert r.out == TABLE_2021.replace("\n规范性文件", "\n行政规范性文件")
    assert "已修复 1 个问题" in r.err  # the findings go to stderr
    clean = run_cli("check", "--no-cache", "--fix", "-", "--stdin-filename", "2023.txt",
                    stdin=r.out.encode("utf-8"))
    assert clean.out == r.out


def test_diff_stdin() -> None:
    r = run_cli("check", "--no-cache", "--diff", "-", "--stdin-filename", "2023.txt",
                stdin=TABLE_2021.encode("utf-8"))
    assert r.code == 1 and "+行政规范性文件" in r.out


def test_json_summary_counts_fixes(tmp_path: Path) -> None:
    path = tmp_path / "2023.txt"
    path.write_text(TABLE_2021, encoding="utf-8")
    data = run_cli("check", "--no-cache", "--format", "json", str(path)).json()
    kinds = [f["fix"]["applicability"] for f in data["findings"] if f["fix"]]
    s = data["summary"]
    assert (s["fixable"], s["fixed"], s["unsafe_fixable"]) == (1, 0, kinds.count("unsafe"))
    s = run_cli("check", "--no-cache", "--fix", "--format", "json", str(path)).json()["summary"]
    assert (s["fixable"], s["fixed"], s["unsafe_fixable"]) == (0, 1, kinds.count("unsafe"))


def fake_docx(path: str, data: bytes):
    """A DOCX "loader" for the test: the bytes read as text, reported as format docx."""
    from report_lint.loaders.text import parse_text
    from report_lint.source import read_source

    src = read_source(path, data, fmt="docx")
    return parse_text(src)


def test_docx_is_reported_not_fixable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from report_lint import loaders

    monkeypatch.setitem(loaders.LOADERS, "docx", "test_fix_cli:fake_docx")
    path = tmp_path / "2023.docx"
    path.write_text(TABLE_2021, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == TABLE_2021
    assert "FMT105" in r.out  # findings still shown
    assert "Word（DOCX） 文件无法安全改写" in r.err


def test_html_fixes_stay_in_the_page_and_keep_gb18030(tmp_path: Path) -> None:
    """A GB18030 page: labels fixed inside their cells, the period sentence and part 六 inserted
    as paragraphs of their own (before the 落款), every other byte as it was."""
    from conftest import FIXTURES

    page = (FIXTURES / "html" / "statistics_bureau_2023.html").read_text(encoding="utf-8")
    path = tmp_path / "2023.html"
    path.write_bytes(page.encode("gb18030"))
    r = run_cli("check", "--no-cache", "--fix", "--unsafe-fixes", str(path))
    assert "已修复 4 个问题" in r.out, r.out + r.err
    expected = (page
                .replace('<p style="text-indent:2em"><strong>一、总体情况',
                         '<p>本报告所列数据的统计期限为2023年1月1日至2023年12月31日。</p>\n'
                         '<p style="text-indent:2em"><strong>一、总体情况')
                .replace("第二十条第(一)项", "第二十条第（一）项")
                .replace("<td>规范性文件</td>", "<td>行政规范性文件</td>")
                .replace("<p>主要问题是公开质量不高。</p>",
                         "<p>主要问题是公开质量不高。</p>\n<p>六、其他需要报告的事项</p><p>无。</p>"))
    assert path.read_bytes() == expected.encode("gb18030")
    codes = {f["code"] for f in run_cli("check", "--no-cache", "--format", "json",
                                        str(path)).json()["findings"]}
    assert not codes & {"DAT403", "FMT105", "FMT110", "SEC201"}
