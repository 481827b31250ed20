"""Counts the narrative states about the tables' cells, read with the templates' vocabulary.

A claim is a count in a clause whose words name exactly one table figure: `收到…政府信息公开申请
34件`, `上年结转…2件`, `予以公开及部分公开258件`, `行政复议1件`, `现行有效行政规范性文件4件`, or a
negation that says the figure is 0 (`未发生…行政复议`, `无新增行政规范性文件`). Precision comes
first (a peer tool switched a check like this off after false alarms), so a clause is left alone
when anything makes its reference doubtful:

- the topic words must end right before the count (a few filler words allowed: 共, 为, 的申请 …),
  or, for `受理2件依申请公开信息`-style clauses, the count must sit between the verb and the topic;
- applications need both a verb (收到, 受理, 办理 …) and the disclosure vocabulary (政府信息公开申请,
  依申请公开 …), so 政务服务 or 行政许可 applications never count; outcome words (予以公开 …) need
  件/个/宗 and application context earlier in the paragraph (公开属性 counts in 条 are not outcomes);
  复议/诉讼 need 公开 in the sentence up to the count's clause (a 司法局's own 行政复议 caseload,
  "…行政复议案件12件，其中涉及信息公开的3件", is not table 四);
- sub-counts and other scopes are skipped: 其中, 同比/较上年/增加/累计/以来, another year, 全县/各部门
  (area totals), channels (网上/信函/当面), 延期/补正 and the like.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator

from .reading import COUNT, Count, LazyRe, Sentence, counts

FILL = r"(?:共计|总计|合计|共|计)?(?:均为|均|为|有|达)?"
REQ = (r"(?:依申请(?:公开)?|(?:政府|政务)?信息公开(?:的)?申请(?!人)|公开(?:的)?申请(?!人)"
       r"|申请(?:政府)?信息公开|申请公开(?:政府信息)?)")
REQ_TAIL = r"(?:事项|事宜|信息|案件|件数|数量|总量|总数)?"
VERB = r"(?:收到|受理|接收|接到|收悉|新收|办理|办结|答复|处理|办复)"
GAP = r"[^，；：。、（）]{0,16}?"

# (metric, words one of which the clause must hold, pattern ending right before the count),
# tried in order: outcomes before applications. A pattern is compiled only when a clause holds
# its words (`_rx`): a run over one report compiles the few it needs.
_PREFIX = (
    ("carry_forward", ("下年", "下一年"),
     rf"(?:结转|转入|转|顺延|延至)(?:到|至|入)?下一?年度?[^，；：。、（）]{{0,8}}?{FILL}"),
    ("carry_forward", ("办结", "办理"), rf"(?:尚未办结|未办结|正在办理|仍在办理)(?:的)?(?:申请)?{FILL}"),
    ("carried_over", ("上年", "上一年"),
     rf"上一?年度?(?:结转|转结|遗留)(?:的)?{GAP}(?:申请)?{REQ_TAIL}{FILL}"),
    ("granted_partial", ("部分公开",),
     rf"(?:予以公开|同意公开)(?:和|及|与|、|或)部分公开(?:答复)?(?:的)?(?:申请)?{FILL}"),
    ("granted", ("予以公开", "同意公开", "全部公开"),
     rf"(?:予以公开|同意公开|全部公开)(?:答复)?(?:的)?(?:申请|信息)?数?{FILL}"),
    ("partial", ("部分公开",), rf"部分公开(?:答复)?(?:的)?(?:申请)?{FILL}"),
    ("withheld", ("不予公开",), rf"不予公开(?:答复)?(?:的)?(?:申请)?{FILL}"),
    ("unable", ("无法提供", "不能提供"), rf"(?:无法提供|不能提供)(?:答复)?(?:的)?(?:申请)?{FILL}"),
    ("not_processed", ("不予处理",), rf"不予处理(?:答复)?(?:的)?(?:申请)?{FILL}"),
    ("other_handling", ("其他处理",), rf"其他处理(?:答复)?(?:的)?(?:申请)?{FILL}"),
    ("review_total", ("行政复议",), rf"行政复议(?:案件|申请)?{FILL}"),
    ("litigation_total", ("诉讼",), rf"(?:行政)?诉讼(?:案件)?{FILL}"),
    ("result", ("维持", "纠正", "纠错", "撤销", "尚未审结", "其他结果"),
     rf"(?:结果)?(?P<res>维持|纠正|纠错|撤销|尚未审结|其他结果)(?:结果)?(?:的)?(?:案件)?{FILL}"),
    ("normative_issued", ("规范性文件",),
     rf"(?:制发|印发|出台|制定|新制定|新增|新出台)(?:了)?(?:的)?(?:行政)?规范性文件{FILL}"),
    ("normative_valid", ("规范性文件",), rf"现行有效(?:的)?(?:行政)?规范性文件{FILL}"),
    ("normative_repealed", ("规范性文件",), rf"(?:废止|宣布失效)(?:了)?(?:的)?(?:行政)?规范性文件{FILL}"),
    ("rules_issued", ("规章",), rf"(?:制发|印发|出台|制定|新制定|新增|新出台)(?:了)?(?:的)?规章{FILL}"),
    ("rules_valid", ("规章",), rf"现行有效(?:的)?规章{FILL}"),
    ("rules_repealed", ("规章",), rf"(?:废止|宣布失效)(?:了)?(?:的)?规章{FILL}"),
    ("decisions", ("行政处罚", "行政许可", "行政强制"),
     rf"(?:作出|做出)(?:了)?(?:的)?行政(?P<kind>处罚|许可|强制)(?:决定)?书?{FILL}"),
    ("decisions", ("决定",), rf"行政(?P<kind>处罚|许可|强制)决定书?{FILL}"),
    ("requests", ("申请",), rf"(?P<verb>{VERB})(?:了)?{GAP}{REQ}{REQ_TAIL}{FILL}"),
)
# The count before its topic: 受理2件依申请公开信息, 另有72件申请…顺延到下年度, 1件涉及…的行政复议.
# (metric, words the words after the count must hold, pattern before, pattern after)
_NUMBER_FIRST = (
    ("requests", ("申请",), rf"(?P<verb>{VERB})(?:了)?(?:共计|总计|合计|共)?", rf"(?:的)?{REQ}"),
    ("carry_forward", ("下年", "下一年"), r"(?:另有|还有|有|共)?",
     r"(?:的)?(?:申请)?[^，；：。、]{0,14}?(?:结转|顺延|延|转)(?:到|至|入)?下一?年度?"),
    ("review_total", ("行政复议",), r"(?:有|共|发生|涉及|收到)?",
     r"(?:的)?[^，；：。、]{0,16}?行政复议(?:案件)?$"),
    ("litigation_total", ("行政诉讼",), r"(?:有|共|发生|涉及|收到)?",
     r"(?:的)?[^，；：。、]{0,16}?行政诉讼(?:案件)?$"),
)
OUTCOMES = {"granted_partial", "granted", "partial", "withheld", "unable", "not_processed",
            "other_handling"}
RESULTS = {"维持": "upheld", "纠正": "corrected", "纠错": "corrected", "撤销": "corrected",
           "尚未审结": "pending", "其他结果": "other"}
DECISIONS = {"处罚": "penalty_decisions", "许可": "licensing_decisions",
             "强制": "enforcement_decisions"}

# Word lists are matched with `in` (a regex alternation of Chinese words costs a millisecond to
# compile in every process, for nothing).
_SCOPE = tuple(f"全{w}" for w in ("省", "市", "县", "区", "镇", "乡", "街道")) + tuple(
    f"各{w}" for w in ("部门", "单位", "乡镇", "镇", "街道", "县", "区", "市", "地")) + (
    "县直", "市直", "区直", "所属", "下属", "系统内")
_COMPARE = ("同比", "较上年", "较去年", "比上年", "比去年", "同期", "增加", "减少", "增长", "下降", "上升", "累计",
            "历年", "以来", "平均", "月均", "日均", "人均", "占比")
_COMPARE_YEAR = LazyRe(r"较\d{4}")
_LAST_YEAR = ("去年", "上年", "上一年")
_SIDE_COUNT = ("其中", "网上", "网络", "信函", "当面", "电话", "传真", "邮件", "邮寄", "延期", "逾期", "超期", "补正",
               "撤回", "转送", "转办", "征求", "听证", "行政许可", "政务服务", "信访", "投诉", "举报", "咨询", "建议",
               "提案", "热线", "留言")
_PUBLISHED = ("公开", "公示", "发布", "公布", "推送", "上传")
_NOT_ISSUED = ("部门规范性文件", "备案", "审查", "审核", "清理", "合法性", "解读", "征求")
_OUTCOME_UNITS = ("件", "个", "宗")
_DOC_UNITS = ("件", "个", "份")

# Negations that state a figure is 0: (metric, words, pattern).
_ZERO = (
    ("requests_none", ("申请",), rf"(?:未|没有|尚未)(?:收到|接到|受理|接收)(?:任何)?[^，；。的]{{0,6}}?{REQ}"
                                 rf"|无{REQ}"),
    ("review_total", ("行政复议",), r"(?:未|没有|无)(?:发生|出现|收到|涉及|产生|接到)?[^，；。]{0,24}?行政复议"),
    ("litigation_total", ("行政诉讼",),
     r"(?:未|没有|无)(?:发生|出现|收到|涉及|产生|接到)?[^，；。]{0,24}?行政诉讼"),
    ("normative_issued", ("规范性文件",), r"(?:无|未|没有)(?:新增|制发|印发|出台|制定)(?:的)?(?:行政)?规范性文件"),
    ("rules_issued", ("规章",), r"(?:无|未|没有)(?:新增|制发|印发|出台|制定)(?:的)?规章"),
)
_ZERO_NOT = ("纠错", "纠正", "败诉", "撤销", "被诉", "确认违法", "维持", "延期", "逾期", "重复", "需要", "投诉", "举报",
             "差错", "错误", "问题")


def has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


@functools.cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(slots=True)
class Claim:
    """A figure the text states: `metric` (see figures._METRICS), its value and where."""

    metric: str
    value: int | float
    sentence: Sentence
    start: int  # normalised offsets of the words that state it (count or negation)
    end: int
    clause: tuple[int, int]
    zero: bool = False  # stated by a negation (未发生…), not a count


def claims(s: Sentence, year: int | None) -> Iterator[Claim]:
    """The counts a sentence states about table figures (see the module docs)."""
    if s.heading:
        return
    for c in counts(s):
        claim = _count_claim(s, c, year)
        if claim is not None:
            yield claim
    yield from _zero_claims(s, year)


def _count_claim(s: Sentence, c: Count, year: int | None) -> Claim | None:
    cs, ce = s.clause(c.start)
    prefix, suffix = s.text[cs:c.start], s.text[c.end:ce]
    metric = _prefix_metric(prefix) or _number_first(prefix, suffix)
    if metric is None or not _in_scope(s, c.start, cs, prefix, metric, year):
        return None
    metric = _refine(s, metric, prefix, cs)
    if metric is None or not _fits(s, metric, c, cs, prefix + suffix):
        return None
    return Claim(metric, c.value, s, cs, c.end, (cs, ce))


def _prefix_metric(prefix: str) -> str | None:
    for metric, words, pattern in _PREFIX:
        if not has_any(prefix, words):
            continue
        m = _rx(pattern + "$").search(prefix)
        if m is None:
            continue
        if metric == "result":
            return "result:" + RESULTS[m.group("res")]
        if metric == "decisions":
            return DECISIONS[m.group("kind")]
        if metric == "requests" and ("新收" in prefix):
            return "requests_new"
        return metric
    return None


def _number_first(prefix: str, suffix: str) -> str | None:
    for metric, words, before, after in _NUMBER_FIRST:
        if (has_any(suffix, words) and _rx(before + "$").search(prefix)
                and _rx("^" + after).search(suffix)):
            return "requests_new" if metric == "requests" and "新收" in prefix else metric
    return None


def _in_scope(s: Sentence, pos: int, cs: int, prefix: str, metric: str, year: int | None) -> bool:
    """Is the count about this body's year, as a whole (not a comparison or a sub-count)?"""
    before = s.text[:pos]
    if has_any(before, _SCOPE) or has_any(prefix, _COMPARE) or _COMPARE_YEAR.search(prefix):
        return False
    if metric != "carried_over" and has_any(prefix, _LAST_YEAR):
        return False
    years = s.years(pos)
    return year is None or not years or max(years, key=lambda y: s.text.rfind(str(y), 0, pos)) == year


def _refine(s: Sentence, metric: str, prefix: str, cs: int) -> str | None:
    """Resolve a 结果 word by the case type the sentence spoke of before it."""
    if not metric.startswith("result:"):
        return metric
    before = s.text[:cs]
    review, suit = "复议" in before, "诉讼" in before
    if review == suit:
        return None
    return f"{'review' if review else 'litigation'}_{metric.split(':', 1)[1]}"


def _fits(s: Sentence, metric: str, c: Count, cs: int, clause: str) -> bool:
    """Metric-specific conditions on units and context."""
    if metric in ("requests", "requests_new"):
        return not has_any(clause, _SIDE_COUNT)
    if metric in OUTCOMES:
        return (c.unit in _OUTCOME_UNITS and "主动公开" not in clause
                and (s.after_request or "申请" in s.text[:c.start]))
    if metric.startswith(("review_", "litigation_")):
        return "公开" in s.text[:s.clause(c.start)[1]]  # not 其中涉及信息公开的… after it
    if metric.startswith(("normative_", "rules_")):
        return c.unit in _DOC_UNITS and not has_any(clause, _NOT_ISSUED)
    if metric.endswith("_decisions"):
        return c.unit in _DOC_UNITS + ("起", "宗") and not has_any(clause, _PUBLISHED)
    return True


def _zero_claims(s: Sentence, year: int | None) -> Iterator[Claim]:
    if not has_any(s.text, ("未", "无", "没")):
        return
    for metric, words, pattern in _ZERO:
        if not has_any(s.text, words):
            continue
        for m in _rx(pattern).finditer(s.text):
            start, end = _zero_clause(s.text, m.start())
            window = s.text[start:end]
            if has_any(window, _ZERO_NOT) or COUNT.search(window):
                continue
            if metric.startswith(("review", "litigation")) and "公开" not in s.text:
                continue
            if metric == "requests_none" and re.search("复议|诉讼", window):
                continue
            years = s.years(m.start())
            if year is not None and years and year not in years:
                continue
            yield Claim(metric, 0, s, m.start(), m.end(), (start, end), zero=True)


def _zero_clause(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, pos) for c in "，；。：") + 1
    ends = [i for i in (text.find(c, pos) for c in "，；。") if i >= 0]
    return start, min(ends) if ends else len(text)
