"""Unit tests of the DAT plugin's logic on hand-built reports (no loader or binder involved).

Rule behaviour on report text lives in `tests/rule_cases/DAT*.toml`; this file tests the pieces:
sentence spans, the year vote, the period's date spans, fixes, deadlines, the documents table.
"""
from __future__ import annotations

import datetime as dt

import pytest

from report_lint.host import load_registry
from report_lint.model import Document, Fact, Paragraph, Report, TemplateMatch
from report_lint.rules import RuleContext
from report_lint.source import Source, Span
from report_lint_builtin.dates import (deadlines, documents, malformed, period, reference, scan,
                                       years)

D = dt.date


def make_report(text: str, facts: dict[str, Fact] | None = None,
                sources: dict[str, list[Fact]] | None = None,
                config: dict | None = None) -> Report:
    """A report whose preamble holds one paragraph per line of `text`."""
    doc = Document(Source("report.txt", text))
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            doc.preamble.append(Paragraph(line, Span(pos, pos + len(line))))
        pos += len(line) + 1
    return Report(doc, TemplateMatch(None, 0.0), facts=facts or {}, fact_sources=sources or {},
                  config=config or {})


def at(text: str, needle: str, origin: str, value=None) -> Fact:
    """A fact whose span is the first occurrence of `needle` in `text`."""
    i = text.index(needle)
    return Fact(value if value is not None else int(needle), origin, Span(i, i + len(needle)))


def run(rule, report: Report, options: dict | None = None) -> list:
    return list(rule.run(report, RuleContext(rule, options or {})))


# --- reading prose -------------------------------------------------------------------------------

def test_sentences_keep_exact_spans_and_fold_full_width_digits() -> None:
    text = "２０２０年，我局公开信息12条。今年以来，共受理申请2件；\n五、存在的问题"
    rep = make_report(text)
    got = scan.sentences(rep)
    assert [s.text for s in got] == ["2020年，我局公开信息12条。", "今年以来，共受理申请2件；", "五、存在的问题"]
    for s in got:
        assert scan.folded(text[s.span.start:s.span.end]) == s.text


def test_sentences_in_html_point_into_the_page() -> None:
    page = "<p>今年<b>以来</b>，我局&nbsp;公开信息。<span>2019</span>年，共受理申请2件。</p>"
    visible = "今年以来，我局 公开信息。2019年，共受理申请2件。"
    doc = Document(Source("r.html", page, "html"))
    doc.preamble.append(Paragraph(visible, Span(3, len(page) - 4)))
    rep = Report(doc, TemplateMatch(None, 0.0))
    first, second = scan.sentences(rep)
    assert second.text == "2019年，共受理申请2件。"
    assert page[second.span.start:second.span.start + 4] == "2019"
    p = scan.prose(rep)
    year = p.text.index("2019")
    assert page[p.span(year, year + 4).start:p.span(year, year + 4).end] == "2019"
    words = p.span(0, 4)
    assert page[words.start:words.end] == "今年<b>以来"


def test_dates_in_reads_partial_dates() -> None:
    rep = make_report("统计期限为2020年1月1日起至12月31日，2020年4月份召开培训会。123月不是日期。")
    dates = [(d.year, d.month, d.day) for d in scan.dates_in(scan.prose(rep))]
    assert dates == [(2020, 1, 1), (None, 12, 31), (2020, 4, None)]


# --- the report year ----------------------------------------------------------------------------

def test_vote_takes_the_majority_not_the_strongest_single_source() -> None:
    text = "某局2019年政府信息公开工作年度报告\n统计期限为2020年1月1日至2020年12月31日。\n2020年，我局公开信息。"
    cands = [at(text, "2019", "title"), Fact(2020, "period", Span(0, 0)),
             Fact(2020, "narration", Span(text.rindex("2020"), text.rindex("2020") + 4))]
    rep = make_report(text, {"year": cands[0]}, {"year": cands})
    assert reference.report_year(rep) == 2020
    found = run(years.year_mismatch, rep)
    assert [f.data["source"] for f in found] == ["title"]
    assert found[0].span == cands[0].span
    assert found[0].fix is not None and found[0].fix.applicability == "unsafe"
    assert found[0].fix.edits[0].replacement == "2020"


def test_vote_config_decides() -> None:
    text = "某局2019年政府信息公开工作年度报告"
    cands = [Fact(2021, "config"), at(text, "2019", "title")]
    rep = make_report(text, {"year": cands[0]}, {"year": cands})
    assert reference.report_year(rep) == 2021


def test_vote_ignores_history_in_narration() -> None:
    text = "某局2023年政府信息公开工作年度报告\n2019年以来，我局持续推进。"
    cands = [at(text, "2023", "title"), at(text, "2019", "narration")]
    rep = make_report(text, {"year": cands[0]}, {"year": cands})
    assert [f.origin for f in reference.year_candidates(rep)] == ["title"]
    assert run(years.year_mismatch, rep) == []


def test_publication_derived_year_is_not_a_source() -> None:
    text = "某局2020年政府信息公开工作年度报告"
    cands = [at(text, "2020", "title"), Fact(2022, "published")]
    rep = make_report(text, {"year": cands[0]}, {"year": cands})
    assert run(years.year_mismatch, rep) == []


# --- the period ----------------------------------------------------------------------------------

def test_partial_period_points_at_each_wrong_end() -> None:
    text = "本报告所列数据的统计期限自2019年9月1日起至2019年6月30日止。"
    span = Span(text.index("2019"), text.index("止"))
    f = Fact((D(2019, 9, 1), D(2019, 6, 30)), "period", span)
    rep = make_report(text, {"period": f}, {"period": [f]})
    found = run(period.partial_period, rep)
    assert [text[x.span.start:x.span.end] for x in found] == ["2019年9月1日", "2019年6月30日"]


def test_partial_period_end_without_its_year() -> None:
    text = "本报告所列数据的统计期限为2020年1月1日起至6月30日。"
    span = Span(text.index("2020"), len(text) - 1)
    f = Fact((D(2020, 1, 1), D(2020, 6, 30)), "period", span)
    [found] = run(period.partial_period, make_report(text, {"period": f}, {"period": [f]}))
    assert text[found.span.start:found.span.end] == "6月30日"


def test_established_that_year_allows_a_later_start() -> None:
    text = "统计期限自2019年9月1日起至2019年12月31日止。"
    f = Fact((D(2019, 9, 1), D(2019, 12, 31)), "period", Span(5, len(text) - 1))
    rep = make_report(text, {"period": f}, {"period": [f]}, config={"established": 2019})
    assert run(period.partial_period, rep) == []


def test_missing_period_is_silent_when_a_malformed_one_was_seen() -> None:
    rep = make_report("统计期限为2020年1月1日至202020年12月31日止。",
                      sources={"period": [Fact(None, "period", Span(5, 30))]})
    assert run(period.missing_period, rep) == []


# --- malformed dates -----------------------------------------------------------------------------

def test_doubled_year_gets_an_unsafe_fix_to_the_report_year() -> None:
    text = "统计期限为2020年1月1日至202020年12月31日止。"
    title = Fact(2020, "title", Span(0, 0))
    rep = make_report(text, {"year": title}, {"year": [title]})
    found = run(malformed.malformed_date, rep)
    assert len(found) == 1
    edit = found[0].fix.edits[0]
    assert text[edit.start:edit.end] == "202020" and edit.replacement == "2020"


def test_valid_leap_day_is_accepted() -> None:
    assert run(malformed.malformed_date, make_report("2020年2月29日，开设专栏。")) == []


# --- signature and publication -------------------------------------------------------------------

def _signed_report(signed: D, published: D) -> tuple[Report, str]:
    text = f"某局2019年政府信息公开工作年度报告\n某局\n{signed.year}年{signed.month}月{signed.day}日"
    title = at(text, "2019", "title")
    sig = Fact(signed, "signature", Span(text.rindex(str(signed.year)), len(text)))
    facts = {"year": title, "signed": sig, "published": Fact(published, "metadata")}
    return make_report(text, facts, {"year": [title]}), text


def test_signature_in_the_report_year_gets_a_next_year_fix() -> None:
    rep, text = _signed_report(D(2019, 1, 3), D(2020, 1, 16))
    [f] = run(deadlines.signature_date, rep)
    edit = f.fix.edits[0]
    assert text[edit.start:edit.end] == "2019" and edit.replacement == "2020"
    assert edit.start == text.rindex("2019")


def test_no_fix_when_the_next_year_would_pass_publication() -> None:
    rep, _ = _signed_report(D(2019, 3, 3), D(2020, 1, 16))
    [f] = run(deadlines.signature_date, rep)
    assert f.fix is None


def test_published_before_period_end() -> None:
    rep, _ = _signed_report(D(2020, 1, 3), D(2019, 12, 30))
    assert len(run(deadlines.published_early, rep)) == 1


# --- deadlines -----------------------------------------------------------------------------------

def _levelled(level: str, kind: str | None = None, parent: str | None = None,
              origin: str = "config") -> Report:
    facts = {"issuer_level": Fact(level, origin)}
    if kind:
        facts["issuer_kind"] = Fact(kind, origin)
    if parent:
        facts["issuer_parent_level"] = Fact(parent, origin)
    return make_report("x", facts)


@pytest.mark.parametrize("level, kind, parent, options, due", [
    ("department", "department", "county", {}, D(2021, 1, 31)),
    ("department", "department", None, {}, D(2021, 1, 31)),
    ("county", "office", None, {}, D(2021, 1, 31)),
    ("county", "government", None, {}, D(2021, 3, 31)),
    ("province", None, None, {}, D(2021, 3, 31)),
    ("township", "government", None, {}, None),
    ("street", "street", None, {}, None),
    ("department", "department", "township", {}, None),
    ("township", None, None, {"township": "02-20"}, D(2021, 2, 20)),
    ("department", "department", "city", {"department": "01-28"}, D(2021, 1, 28)),
    ("city", "government", None, {"city": D(2000, 3, 1)}, D(2021, 3, 1)),
])
def test_deadline_by_level(level, kind, parent, options, due) -> None:
    got = deadlines._deadline(_levelled(level, kind, parent), 2021, options)
    assert (got.date if got else None) == due


@pytest.mark.parametrize("level", ["department", "township", "county"])
def test_reports_before_2019_follow_the_2008_rule(level: str) -> None:
    got = deadlines._deadline(_levelled(level), 2019, {})
    assert got.date == D(2019, 3, 31) and "2008年条例" in got.basis


def test_deadline_options_are_checked() -> None:
    with pytest.raises(ValueError, match="twonship"):
        deadlines._check_options({"twonship": "02-20"})
    with pytest.raises(ValueError, match="MM-DD"):
        deadlines._month_day("2月20日", 2021)


def test_deadline_from_an_inferred_level_is_a_warning() -> None:
    rep = _levelled("department", "department", "county", origin="title")
    title = Fact(2020, "title", Span(0, 0))
    rep.facts.update(year=title, published=Fact(D(2021, 2, 5), "metadata"))
    rep.fact_sources["year"] = [title]
    [f] = run(deadlines.deadline, rep)
    assert f.severity == "warning" and "逾期5天" in f.message


# --- the documents table -------------------------------------------------------------------------

def test_documents_table_loads_with_dates() -> None:
    docs = {d.id: d for d in documents.national_documents()}
    assert docs["annual-report-notice-2019"].issued == D(2019, 11, 27)
    assert docs["annual-report-format-2021"].issued == D(2021, 9, 29)
    assert docs["processing-fee-measures"].issued == D(2020, 11, 17)
    assert docs["regulations-2019"].issued == D(2019, 4, 3)


@pytest.mark.parametrize("written, found", [
    ("国办函〔2020〕109号", True), ("国办函[2020]109号", True), ("国办函（2020） 109 号", True),
    ("国办函【2020】109号", True), ("国办函〔2021〕109号", False), ("国办函〔2020〕1090号", False),
    ("《政府信息公开信息处理费管理办法》", True),
])
def test_citation_forms(written: str, found: bool) -> None:
    doc = next(d for d in documents.national_documents() if d.id == "processing-fee-measures")
    assert bool(doc.pattern.search(written)) is found


# --- registration --------------------------------------------------------------------------------

def test_all_dat_rules_are_registered_with_their_severities() -> None:
    reg = load_registry()
    want = {"DAT401": "error", "DAT402": "error", "DAT403": "warning", "DAT404": "error",
            "DAT405": "error", "DAT406": "warning", "DAT407": "info", "DAT408": "error",
            "DAT409": "error", "DAT410": "error", "DAT411": "error"}
    got = {c: r.default_severity for c, r in reg.rules.items() if c.startswith("DAT")}
    assert got == want
    assert all(reg.rules[c].plugin == "dates" for c in want)
