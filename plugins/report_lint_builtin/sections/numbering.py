"""SEC202–SEC204: the order and numbering of the six top-level sections."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from .common import (KEYS, Layout, applies, expected_heading, heading_text, layout, numeral,
                     section_def)


@dataclass
class Event:
    """Something wrong with the numeral sequence at top-level section `index`."""

    kind: str  # duplicate | skip | backwards | restart | nested
    index: int
    other: int | None = None  # the earlier section with that numeral; for nested: the parent
    skipped: tuple[int, ...] = ()


def numbering_events(report: Report) -> list[Event]:
    """Walk the numerals of the top-level sections (cached per report)."""
    cached = report.cache.get("sec.numbering")
    if cached is None:
        cached = report.cache["sec.numbering"] = _walk(layout(report))
    return cached


def _walk(lay: Layout) -> list[Event]:
    events: list[Event] = [Event("restart", run[0][0]) for run in lay.runs[1:]]
    parents: dict[int, int] = {}
    for i, parent in lay.nested.items():
        parents.setdefault(parent, i)
    events += [Event("nested", first, parent) for parent, first in parents.items()]
    for run in lay.runs:
        used = {n for _, n in run}
        prev, seen = 0, {}
        for i, n in run:
            if n == prev + 1:
                pass
            elif n in seen:
                events.append(Event("duplicate", i, seen[n]))
            elif n > prev + 1:
                skipped = tuple(k for k in range(prev + 1, n) if k not in used)
                if skipped and not _explained_by_missing(lay, skipped):
                    events.append(Event("skip", i, skipped=skipped))
            else:
                events.append(Event("backwards", i, _first_numbered(run, prev)))
            seen.setdefault(n, i)
            prev = max(prev, n)
    return sorted(events, key=lambda e: e.index)


def _first_numbered(run: list[tuple[int, int]], number: int) -> int | None:
    """The index of the first section numbered `number` in a run."""
    return next((i for i, n in run if n == number), None)


def _explained_by_missing(lay: Layout, skipped: tuple[int, ...]) -> bool:
    """A gap left by statutory parts that are missing (reported by SEC201/SEC204)."""
    missing = {section_def(k).number for k in lay.missing}
    return all(k in missing for k in skipped)


def _label(report: Report, lay: Layout, i: int) -> str:
    return f"「{heading_text(report, lay.sections[i])}」"


def _line(report: Report, lay: Layout, i: int) -> int:
    return report.source.line_col(lay.sections[i].heading_span.start)[0]


def _template_hint(lay: Layout, i: int) -> str:
    key = lay.keys[i]
    return f"（模板为「{expected_heading(key)}」）" if key else ""


@rule("SEC202", "section-order", "法定章节顺序与模板不符", severity="warning")
def section_order(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The statutory sections appear in the order of the national template.

    ## What it checks
    The six parts (总体情况 · 主动公开 · 收到和处理申请 · 行政复议和行政诉讼 · 存在的主要问题及改进情况
    · 其他需要报告的事项) come in the template's order, and no non-template section is inserted
    among them so that the parts after it carry other numerals than the template's.

    ## Why
    Readers, evaluators and batch tools find each part by its place and numeral; a part moved or
    pushed down by an inserted section (`五、信息处理费收取情况` making 存在的主要问题 the sixth
    part) breaks comparisons across reports.

    ## Example
    `五、其他需要报告的事项` followed by `六、存在的主要问题及改进情况`.

    ## Fix safety
    No fix: moving whole sections is the author's decision.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式（六个部分及其顺序）；
    《中华人民共和国政府信息公开条例》第五十条。
    """
    if not applies(report):
        return
    lay = layout(report)
    yield from _inversions(report, ctx, lay)
    if not any(e.kind == "restart" for e in numbering_events(report)):
        yield from _inserted(report, ctx, lay)


def _inversions(report: Report, ctx: RuleContext, lay: Layout) -> Iterator[Finding]:
    best: tuple[int, int] | None = None  # (template number, index) of the furthest part so far
    for i, key in lay.statutory():
        num = section_def(key).number
        if best is not None and num < best[0]:
            yield ctx.finding(
                f"章节顺序与模板不符：{_label(report, lay, i)}按模板为第{numeral(num)}部分，"
                f"应排在{_label(report, lay, best[1])}之前",
                lay.sections[i].heading_span, key=key)
        elif best is None or num > best[0]:
            best = (num, i)


def _inserted(report: Report, ctx: RuleContext, lay: Layout) -> Iterator[Finding]:
    flagged = {e.index for e in numbering_events(report)}
    for i, key in lay.statutory():
        s = lay.sections[i]
        num = section_def(key).number
        if s.number is None or s.number == num or i in flagged:
            continue
        extra = [j for j in range(i) if lay.keys[j] is None and j not in flagged
                 and j not in lay.nested and lay.sections[j].number is not None]
        if extra:
            j = extra[0]
            yield ctx.finding(
                f"插入了模板以外的章节{_label(report, lay, j)}，使其后的{_label(report, lay, i)}"
                f"编为「{s.numeral}」（模板为第{numeral(num)}部分「{expected_heading(key)}」）",
                lay.sections[j].heading_span, key=key)
            return


@rule("SEC203", "duplicate-or-skipped-numeral", "章节序号重复、跳号或倒序", severity="error")
def duplicate_or_skipped(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Top-level section numerals run 一、二、三… without repeats, gaps or steps back.

    ## What it checks
    The numerals of the top-level headings (`一、` … `六、`) in document order: a numeral used
    twice, a numeral skipped (unless the skipped part is simply missing, which SEC201 reports),
    or a numeral lower than the one before it.

    ## Why
    A repeated or skipped numeral is a visible editing error in a statutory document and usually
    means a heading was mis-levelled (a sub-item written as `一、`) or a part was deleted or
    renumbered by hand.

    ## Example
    `一、总体情况` … `一、主要工作开展情况` … `二、主动公开政府信息情况`: 一 used twice.

    ## Fix safety
    No fix: whether the second `一、` is a sub-item or a misnumbered part needs the author.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式（一至六部分）。
    """
    lay = layout(report)
    for e in numbering_events(report):
        s = lay.sections[e.index]
        if e.kind == "duplicate":
            first = (f"第{_line(report, lay, e.other)}行已有{_label(report, lay, e.other)}，"
                     if e.other is not None else "")
            yield ctx.finding(f"章节序号「{s.numeral}」重复：{first}此处又为{_label(report, lay, e.index)}"
                              f"{_template_hint(lay, e.index)}", s.heading_span, numeral=s.numeral)
        elif e.kind == "skip":
            gap = "、".join(numeral(n) for n in e.skipped)
            yield ctx.finding(f"章节序号跳号：缺少「{gap}」，{_label(report, lay, e.index)}"
                              f"{_template_hint(lay, e.index)}", s.heading_span, numeral=s.numeral)
        elif e.kind == "backwards":
            before = _label(report, lay, e.other) if e.other is not None else "更大的序号"
            yield ctx.finding(f"章节序号倒序：{_label(report, lay, e.index)}排在{before}之后"
                              f"{_template_hint(lay, e.index)}", s.heading_span, numeral=s.numeral)


@rule("SEC204", "mixed-heading-numbering", "章节编号体系混用或法定章节未用一级标题",
      severity="error")
def mixed_numbering(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """One numbering system for the six parts, each under its own top-level heading.

    ## What it checks
    - the top-level numerals start again at `一、` after several sections (a second numbering
      system, e.g. 一…六 for sub-topics of 总体情况 and then 一…五 for the statutory parts);
    - sub-items of a part numbered like parts (`五、…` then `一、存在的问题`, `二、改进措施`,
      then `六、…`): a warning, since the six parts are still intact;
    - a statutory part that has no top-level heading but is written in another style in the
      place where it belongs: as a subsection (`（六）其他需要报告的事项`), with Arabic or
      ordinal numerals (`6、…`, `第六部分…`), or without a numeral (warning);
    - a top-level heading run into the preceding text instead of starting its own line (warning).

    ## Why
    The national format has exactly one level of parts numbered 一 to 六. A second system makes
    readers (and every tool) misplace the parts; a part demoted to a sub-item looks missing.

    ## Example
    `五、存在的主要问题及改进情况` … `（三）其他需要报告的事项` at the end of 五.

    ## Fix safety
    No fix: renumbering needs the author's view of which headings are parts.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式（一至六部分）。
    """
    lay = layout(report)
    for e in numbering_events(report):
        s = lay.sections[e.index]
        if e.kind == "restart":
            yield ctx.finding(f"章节编号重新从「一」开始：{_label(report, lay, e.index)}之前已有"
                              f"{e.index}个一级标题，全文混用了两套编号", s.heading_span)
        elif e.kind == "nested" and e.other is not None:
            items = [lay.sections[i] for i, p in sorted(lay.nested.items()) if p == e.other]
            shown = "".join(f"「{heading_text(report, x)}」" for x in items[:3])
            f = ctx.finding(f"{_label(report, lay, e.other)}中的小标题{shown}使用了一级标题的编号"
                            f"「{s.numeral}、」，应改用「（一）」等下级编号", s.heading_span)
            f.severity = "warning"
            yield f
    if not applies(report):
        return
    for key in KEYS:
        found = lay.elsewhere.get(key)
        if found is None:
            continue
        want = expected_heading(key)
        if found.how == "subsection":
            msg = f"法定部分「{want}」写成了下级标题「{found.text}」，应为一级标题"
        elif found.how == "unnumbered":
            msg = f"法定部分「{want}」的标题「{found.text}」没有序号，应为「{want}」"
        elif found.how == "inline":
            msg = f"标题「{found.text}」未单独成行，与前文连在一起"
        else:
            msg = f"法定部分的标题「{found.text}」使用了另一种编号，应为「{want}」"
        f = ctx.finding(msg, found.span, key=key)
        if found.how in ("unnumbered", "inline"):
            f.severity = "warning"
        yield f
