"""TXT520–522: the text against itself — "all done" beside a carried-over count, words written
twice, and listed items that do not add up to the total they break down."""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from ..dates.scan import prose
from ..totals.labels import fmt
from .counts import report_claims
from .figures import readings
from .reading import Count, LazyRe, Sentence, counts, full_sentences, quote, sentences

# 所有申请均已办结 / 均已按规定时限和要求全部办结 / 全部办理完毕 as a statement (not 所有办结的申请 …;
# 办结率 and 按期答复 are not read: an application answered in time may still be carried over).
_ALL_DONE = LazyRe(r"(?:所有|全部|均|都)(?:申请)?(?:已经|已)?[^，；。率]{0,12}?"
                       r"(?:办结|办理完毕|办理完成|答复完毕|处理完毕|办复完毕)(?![的率])")
_NOT_DONE = ("未", "没有", "正在", "仍在")


@rule("TXT520", "all-done-but-carried-forward", "正文称申请均已办结，却有结转下年度的申请",
      severity="warning")
def all_done_but_carried_forward(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The text says every application was completed, yet some are carried into next year.

    ## What it checks
    A sentence about applications (it mentions 申请) saying they were all completed — `所有申请
    均已办结`, `均已按要求办理完成`, `全部办理完毕` — against table 三 `四、结转下年度继续办理`
    (总计, or the sum of its columns) and against a count of requests carried forward that the
    text itself states (`转下一年度办理答复的有1件`). Reported when either is above 0. `办结率`,
    `按期答复` and `按时答复` are not read: an application answered in time can still be carried over.

    ## Why
    An application carried into next year was not completed this year; the report contradicts
    itself (上海市科委 2024: 所有申请均已按要求办理完成 beside 1 件 carried over).

    ## Example
    `所有申请均已按要求办理完成。…转下一年度办理答复的有1件。` → `正文称「所有申请均已按要求办理完成」，
    但有 1 件申请结转下年度继续办理（正文「转下一年度办理答复的有1件」）`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED by table 三 (T3-1: 一 + 二 = 三（七）总计 + 四; 四 counts the applications not yet
    completed); domain.md §3.4.
    """
    done = [(s, m) for s in sentences(report) if "申请" in s.text and not s.heading
            for m in _ALL_DONE.finditer(s.text) if not any(w in m.group() for w in _NOT_DONE)]
    if not done:
        return
    carried = _carried_forward(report)
    if carried is None:
        return
    p = prose(report)
    for s, m in done:
        msg = f"正文称「{quote(s, *s.clause(m.start()))}」，但{carried}"
        yield ctx.finding(msg, s.span(p, m.start(), m.end()))


def _carried_forward(report: Report) -> str | None:
    """What says some applications were carried into next year (None: nothing does)."""
    for r in readings(report, "carry_forward"):
        if r.value:
            return f"{r.name}为 {fmt(r.value)}" + (f"（{r.note}）" if r.note else "")
    for c in report_claims(report):
        if c.metric == "carry_forward" and c.value:
            return (f"有 {fmt(c.value)} 件申请结转下年度继续办理（正文「"
                    f"{quote(c.sentence, c.start, c.end)}」）")
    return None


# --- TXT521 --------------------------------------------------------------------------------------

_REPEAT = LazyRe(r"([\u4e00-\u9fff]{2,4})\1")
# Reduplicated verbs are Chinese grammar (研究研究), not a slip; table header words repeat in
# text extracted from a table laid out as lines (结果 结果 …, 总计 总计).
_REDUPLICATED = {"研究", "讨论", "学习", "商量", "考虑", "了解", "检查", "交流", "沟通"}
_TABLE_WORDS = {"结果", "总计", "其他", "尚未", "维持", "纠正", "审结", "自然人", "商业企业", "科研机构",
                "社会公益组织", "法律服务机构", "本年新", "行政复议", "行政诉讼", "信息内容", "其他结果",
                "尚未审结", "结果维持", "结果纠正"}


@rule("TXT521", "repeated-word", "词语重复（如“资金资金”）", severity="warning", fix="unsafe")
def repeated_word(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A word of two to four characters written twice in a row.

    ## What it checks
    Prose (not table cells) for the same two-, three- or four-character word twice in a row
    (`资金资金`, `政府信息政府信息`), white space and line breaks ignored. Reduplicated verbs
    (研究研究, 讨论讨论 …) are Chinese grammar, and table header words (结果, 总计 …) repeat where a
    table was extracted as lines of text; neither is reported.

    ## Why
    A doubled word is a slip left by editing (a word pasted twice, a line break retyped) and is
    published as it stands.

    ## Example
    `2023 年上海市科技计划资金资金分配结果信息` → `「资金资金」重复，应为「资金」`.

    ## Fix safety
    Unsafe: the second copy is deleted, which is what is meant almost always — but read the
    sentence: the slip may have replaced another word.

    ## Basis
    Text quality (domain.md §6.2 001-D5; 上海市科委 2024 资金资金).
    """
    p = prose(report)
    for s in sentences(report):
        for m in _REPEAT.finditer(s.text):
            word = m.group(1)
            if word in _REDUPLICATED or word in _TABLE_WORDS or len(set(word)) == 1:
                continue
            second = s.span(p, m.start() + len(word), m.end())
            fix = Fix.replace(second, "", "unsafe", f"删除重复的“{word}”")
            yield ctx.finding(f"「{m.group()}」重复，应为「{word}」（「{quote(s, *s.clause(m.start()))}」）",
                              s.span(p, m.start(), m.end()), fix=fix, word=word)


# --- TXT522 --------------------------------------------------------------------------------------

# A total broken down right after it: 公开政府信息44条，其中… / …125条，涵盖…
_BREAKDOWN = LazyRe(r"(?:，|：)?(?:其中|涵盖|包括|包含)(?:，|：)?")
_CATCH_ALL = ("其他", "其它")


@rule("TXT522", "items-do-not-add-up", "正文所列分项之和与所述总数不符", severity="warning")
def items_do_not_add_up(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A total that the same sentence breaks down, with items that do not add up to it.

    ## What it checks
    A count followed at once by `其中` / `涵盖` / `包括` and a list of counts in the same unit up to
    the end of the sentence (semicolons included), one of them a catch-all item (`其他类97条`,
    `其他应主动公开的政府信息38条`) — which makes the list a complete breakdown. Reported when no
    running sum that includes the catch-all item equals the total (later items may be a further
    channel that the total also counts). Counts in parentheses are not items.

    ## Why
    A breakdown that ends with "others" claims to cover the whole total; when it does not add up,
    the total or an item is wrong (苏平片区 2024: 44条, items summing to 42).

    ## Example
    `公开政府信息44条，其中安全生产、应急管理类信息方面1条；重大建设项目信息方面2条；科教文体卫生类信息
    方面1条；其他应主动公开的政府信息38条。` → `「公开政府信息44条」其中所列各项之和为 42 条（1+2+1+38），与总数不符`.

    ## Fix safety
    No fix.

    ## Basis
    Arithmetic of the text itself; domain.md §3.4 (counts in the text should agree).
    """
    p = prose(report)
    for s in full_sentences(report):
        found = list(counts(s))
        for i, total in enumerate(found):
            items = _items(s, total, found[i + 1:])
            if items is None:
                continue
            values = [c.value for c in items]
            catch = next(k for k, c in enumerate(items) if _is_catch_all(s, items, k, total))
            sums = [sum(values[:k + 1]) for k in range(catch, len(values))]
            if total.value in sums:
                continue
            shown = sums[-1]
            terms = "+".join(fmt(v) for v in values)
            msg = (f"「{quote(s, s.clause(total.start)[0], total.end)}」其中所列各项之和为 "
                   f"{fmt(shown)} {total.unit}（{terms}），与总数 {fmt(total.value)} {total.unit}不符")
            yield ctx.finding(msg, s.span(p, total.start, total.end), total=total.value,
                              items=values)


def _items(s: Sentence, total: Count, rest: list[Count]) -> list[Count] | None:
    """The items breaking `total` down, if a complete breakdown follows it."""
    if not _BREAKDOWN.match(s.text, total.end) or not isinstance(total.value, int):
        return None
    items = [c for c in rest if c.unit == total.unit and not _in_parens(s.text, c.start)]
    if len(items) < 2 or not any(_is_catch_all(s, items, k, total) for k in range(len(items))):
        return None
    return items


def _is_catch_all(s: Sentence, items: list[Count], k: int, total: Count) -> bool:
    start = items[k - 1].end if k else total.end
    between = s.text[start:items[k].start]
    return any(w in between for w in _CATCH_ALL)


def _in_parens(text: str, pos: int) -> bool:
    return text.rfind("（", 0, pos) > text.rfind("）", 0, pos)
