"""SEC205, SEC207, SEC208: what the statutory parts must say."""
from __future__ import annotations

import re
from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Paragraph, Report, Section
from report_lint.rules import RuleContext, rule
from report_lint.source import Span
from report_lint.text import norm

from .common import Layout, applies, body_text, heading_text, layout, part_name

_PUNCT = re.compile(r"[。，、；：:;,.!！?？\"“”'‘’（）()《》\-—…·/|]")
# A whole part that only says there is nothing: 无 / 暂无 / 本年度无 / 无其他需要报告的事项 …
_NOTHING = re.compile(r"(?:本年度?|今年|\d{4}年度?)?(?:暂|均)?(?:无|没有|略|空)"
                      r"(?:其他|相关|需要|报告|的|事项|问题|情况|内容|说明)*")
_PLACEHOLDER = re.compile(
    r"×{2,}|＊{2,}|(?<=[\u4e00-\u9fff\d])X{2,}|X{2,}(?=[\u4e00-\u9fff])"
    r"|【[^】\n]{0,12}(?:填写|填报|待补|待定)[^】\n]{0,12}】"
    r"|[（(](?:此处|请)(?:填写|补充)[^）)\n]{0,12}[）)]")
_ASSESSMENT = re.compile(r"考核|考评|评议|测评|责任追究|追责|问责")
_FEE = re.compile(r"处理费|收费|收取[^。；]{0,12}费")
_FEE_TITLE = re.compile(r"处理费|收费")
# Outside 六 only words that cannot be about 行政事业性收费 (table 二 (八)) count.
_FEE_ANYWHERE = re.compile(r"处理费|收取[^。；]{0,12}费")


def _substance(text: str) -> str:
    return _PUNCT.sub("", norm(text))


@rule("SEC205", "empty-or-placeholder-section", "章节为空或只有占位内容", severity="error")
def empty_section(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A statutory part says something, and no template placeholder is left in the text.

    ## What it checks
    - 一、总体情况 and 五、存在的主要问题及改进情况 are not empty and not just `无` / `暂无` /
      `本年度无` (五 must state the main problems and how they were improved);
    - 六、其他需要报告的事项 is not empty (`无` is an acceptable answer there; an empty part is a
      warning);
    - no unfilled placeholder is left anywhere (`××`, `XX件`, `【请填写】`, `（此处填写…）`).
    Parts 二–四 without content are reported by SEC206 (missing table).

    ## Why
    Art. 50 requires the report to state the problems of the year and their improvement; a bare
    `无` there, an empty overview or a leftover placeholder is a report published unfinished.

    ## Example
    `五、存在的主要问题及改进情况` followed only by `无。`.

    ## Fix safety
    No fix.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条第（四）项；国办公开办函〔2021〕30号
    （报告内容“不能遗漏”）。
    """
    lay = layout(report)
    if applies(report):
        yield from _empty_parts(report, ctx, lay)
    yield from _placeholders(report, ctx)


def _empty_parts(report: Report, ctx: RuleContext, lay: Layout) -> Iterator[Finding]:
    for key in ("overview", "problems", "other"):
        s = lay.section(key)
        if s is None or lay.how[lay.by_key[key]] == "stand-in":
            continue
        content = _substance(body_text(report, s))
        if not content and not s.subsections:
            f = ctx.finding(f"{part_name(key)}下没有任何内容"
                            + ("，无其他事项时应写明「无」" if key == "other" else ""),
                            s.heading_span, key=key)
            if key == "other":
                f.severity = "warning"
            yield f
        elif key != "other" and _NOTHING.fullmatch(content):
            what = ("存在的主要问题及改进情况" if key == "problems" else "本机关政府信息公开工作总体情况")
            yield ctx.finding(f"「{heading_text(report, s)}」下只有「{content}」，应说明{what}",
                              _body_span(report, s), key=key)


def _body_span(report: Report, s: Section) -> Span:
    text = report.source.text
    start = s.heading_span.end
    while start < s.span.end and (text[start].isspace() or text[start] in "。：:"):
        start += 1
    return Span(start, s.span.end) if start < s.span.end else s.heading_span


def _placeholders(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    doc = report.document
    blocks = list(doc.iter_blocks())
    start = min((b.span.start for b in blocks), default=0)
    if doc.sections:
        start = min(start, doc.sections[0].heading_span.start)
    for m in _PLACEHOLDER.finditer(report.source.text, start):
        yield ctx.finding(f"文中留有未填写的占位符「{m.group()}」", Span(m.start(), m.end()))


@rule("SEC207", "no-assessment-statement", "人民政府年度报告未说明考核、评议和责任追究结果",
      severity="warning")
def no_assessment(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A 人民政府's report states its 工作考核、社会评议和责任追究 results.

    ## What it checks
    When the issuer is a 人民政府 (issuer kind `government` and a government's name: a province,
    city, county, district, township or town 人民政府; not an agency that reports like a township,
    such as a 片区管理局 or a 管委会, which is a 派出机构 as a 街道办事处 is), the parts that report
    the year's results — the preamble, 一、总体情况, 六、其他需要报告的事项 and any non-template
    part such as `工作机制保障` (not 五, which holds plans) — mention 考核, 评议, 责任追究 (or
    考评/测评/追责/问责). A 政府办公室 reports as a department and a 街道办事处 is not a level
    of government, so neither is checked; set option `kinds = ["government", "office"]` to
    include offices.

    ## Why
    Art. 50(四) requires the reports of 各级人民政府 to cover the results of 工作考核、社会评议和
    责任追究; the 2021 format places them in 总体情况 under 监督保障.

    ## Example
    A 镇人民政府 report whose only 考核 is a plan in 五 (“加强政务公开培训考核”).

    ## Fix safety
    No fix.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条第（四）项；国办公开办函〔2021〕30号（一）总体情况·
    监督保障。
    """
    if not _is_government(report, ctx.options.get("kinds", ["government"])) or not applies(report):
        return
    lay = layout(report)
    if _ASSESSMENT.search(_results_text(report, lay)):
        return
    issuer = report.facts.get("issuer")
    who = f"（{issuer.value}）" if issuer else ""
    s = lay.section("overview")
    yield ctx.finding(f"本报告为人民政府{who}的年度报告，未说明政府信息公开工作考核、社会评议和责任追究"
                      f"结果情况（条例第五十条第（四）项；2021年格式列入「总体情况·监督保障」）",
                      s.heading_span if s else Span(0, min(1, len(report.source.text))))


def _is_government(report: Report, kinds: list[str]) -> bool:
    """The issuer is a 人民政府: its kind is one of `kinds` and, when its name is known, the name
    is a government's (…人民政府 / …政府 / a bare place such as 陈家坝镇), not an agency that
    merely reports like one (片区管理局, 管委会)."""
    kind = report.facts.get("issuer_kind")
    if kind is None or kind.value not in kinds:
        return False
    issuer = report.facts.get("issuer")
    if issuer is None or kind.value != "government":
        return True
    name = str(issuer.value)
    return name.endswith("政府") or name[-1:] in "省市县区旗镇乡"


def _results_text(report: Report, lay: Layout) -> str:
    """Where results of the year are reported: the preamble, 一、总体情况, 六、其他需要报告的事项
    and non-template parts (`二、工作机制保障`). Without a recognised 总体情况, everything but
    五 (which holds plans, not results)."""
    text = report.source.text
    if lay.section("overview") is None:
        skip = lay.section("problems")
        return text if skip is None else text[:skip.heading_span.start] + text[skip.span.end:]
    first = lay.sections[0].heading_span.start if lay.sections else len(text)
    parts = [text[:first]]
    for i, s in enumerate(lay.sections):
        if lay.keys[i] in (None, "overview", "other"):
            parts.append(text[s.heading_span.start:s.span.end])
    return "\n".join(parts)


@rule("SEC208", "no-processing-fee-statement", "其他需要报告的事项未说明信息处理费",
      severity="warning")
def no_fee_statement(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """For 2021 and later, 六、其他需要报告的事项 states the 信息处理费 collected (or that none was).

    ## What it checks
    From report year 2021 (option `since`), the part 六 — or a part of its own on the fee — says
    something about 信息处理费 / 收费. `无` alone is not enough. When the report has no part 六
    (SEC201), the whole text is searched and the finding points where 六 belongs. Turn the rule off with
    `ignore = ["SEC208"]` or option `enabled = false`.

    ## Why
    国办函〔2020〕109号 introduced the 信息处理费 from 2021, and the 2021 national format is
    understood to ask for the fees collected under part 六; Henan requires it expressly. The
    national wording could not be confirmed, hence a warning only.

    ## Example
    `六、其他需要报告的事项` followed by `无`.

    ## Fix safety
    No fix.

    ## Basis
    国办函〔2020〕109号《政府信息公开信息处理费管理办法》；国办公开办函〔2021〕30号（part 六,
    UNCONFIRMED wording）；河南省人民政府办公厅2021-01-04通知.
    """
    if not ctx.options.get("enabled", True):
        return
    year = report.year
    if year is None or year < int(ctx.options.get("since", 2021)):
        return
    lay = layout(report)
    if any(_FEE_TITLE.search(x.title) for x in lay.sections):
        return
    s = lay.section("other")
    if s is not None:
        if not _FEE.search(body_text(report, s)):
            yield ctx.finding(f"「{heading_text(report, s)}」未说明信息处理费收取情况"
                              f"（国办函〔2020〕109号；{year}年度报告适用2021年格式）", s.heading_span)
        return
    if not any(_FEE_ANYWHERE.search(b.text) for b in report.document.iter_blocks()
               if isinstance(b, Paragraph)):
        found = lay.elsewhere.get("other")
        where = f"「{found.text}」" if found else "报告"
        yield ctx.finding(f"{where}未说明信息处理费收取情况，按格式应在{part_name('other')}中说明"
                          f"（国办函〔2020〕109号；{year}年度报告适用2021年格式）",
                          found.span if found else _end_span(report))


def _end_span(report: Report) -> Span:
    """The last non-blank character of the text (where a missing last part would go)."""
    text = report.source.text.rstrip()
    return Span(max(0, len(text) - 1), len(text))
