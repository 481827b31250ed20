"""XYR606: a government's totals against the sum of its departments' and towns' reports, on
small reports written here (a county, its departments, a town; tables 三 and 四)."""
from __future__ import annotations

from pathlib import Path

from test_crossyear import REQUESTS, check, codes

REVIEW = """四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
{review} | 0 | 0 | 0 | {review} | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def report(body: str, year: int, new: int | str, review: int = 0) -> str:
    done = new if isinstance(new, int) else 0
    return (f"{body}{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，{body}认真做好政务公开工作。\n"
            + REQUESTS.format(new=new, carried=0, done=done, forward=0)
            + REVIEW.format(review=review))


def write(folder: Path, **reports: str) -> None:
    for name, text in reports.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def xyr606(folder: Path) -> list[dict]:
    return [f for f in check("--select", "XYR606", str(folder))["findings"]]


def test_county_below_its_departments(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 3, review=1),
          zrzy=report("清河县自然资源局", 2023, 5, review=1),
          yj=report("清河县应急管理局", 2023, 2, review=1))
    found = xyr606(tmp_path)
    assert codes({"findings": found}) == [("county.txt", "XYR606", 8), ("county.txt", "XYR606", 18)]
    new, review = found
    assert new["severity"] == "warning"
    assert new["message"] == ("表三「一、本年新收政府信息公开申请数量」总计列为 3，小于同年 2 份下级单位报告之和 7："
                              "清河县应急管理局 2（yj.txt 第 8 行）、清河县自然资源局 5（zrzy.txt 第 8 行）")
    assert review["message"].startswith("表四「行政复议」总计列为 1，小于同年 2 份下级单位报告之和 2")
    # The finding points at the county's 总计 cell.
    line = (tmp_path / "county.txt").read_text(encoding="utf-8").splitlines()[new["line"] - 1]
    assert line.startswith("一、本年新收") and line[new["column"] - 1] == "3"


def test_parent_at_least_the_sum_is_fine(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 7, review=2),
          zrzy=report("清河县自然资源局", 2023, 5, review=1),
          yj=report("清河县应急管理局", 2023, 2, review=1))
    assert xyr606(tmp_path) == []


def test_other_years_are_not_children(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 3),
          zrzy=report("清河县自然资源局", 2022, 5),
          yj=report("清河县应急管理局", 2024, 2))
    assert xyr606(tmp_path) == []


def test_a_blank_cell_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, " "),
          zrzy=report("清河县自然资源局", 2023, 5))
    assert xyr606(tmp_path) == []


def test_a_town_not_named_after_the_county_is_a_child_only_by_config(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 3),
          town=report("王庄镇人民政府", 2023, 5))
    assert xyr606(tmp_path) == []
    (tmp_path / "report-lint.toml").write_text(
        '[facts."town.txt"]\nparent = "清河县人民政府"\n', encoding="utf-8")
    [f] = xyr606(tmp_path)
    assert f["path"].endswith("county.txt")
    assert "小于同年 1 份下级单位报告之和 5：王庄镇人民政府 5（town.txt 第 8 行）" in f["message"]


def test_a_town_named_after_the_county_is_a_child(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 3),
          town=report("清河县王庄镇人民政府", 2023, 5))
    assert codes({"findings": xyr606(tmp_path)}) == [("county.txt", "XYR606", 8)]


def test_other_places_and_sub_places_departments_are_not_children(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 3),
          other=report("清水县自然资源局", 2023, 5),
          station=report("清河县王庄镇财政所", 2023, 5))
    assert xyr606(tmp_path) == []


def test_the_rule_can_be_turned_off_per_folder(tmp_path: Path) -> None:
    write(tmp_path, county=report("清河县人民政府", 2023, 3),
          zrzy=report("清河县自然资源局", 2023, 5))
    (tmp_path / "report-lint.toml").write_text('ignore = ["XYR606"]\n', encoding="utf-8")
    assert xyr606(tmp_path) == []
