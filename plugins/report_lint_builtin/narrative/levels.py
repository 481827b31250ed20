"""TXT510 wrong-level-self-reference and TXT511 wrong-level-pronoun: level words (市/县/区/镇 …)
against the issuer.

The issuer's own level word is the suffix of the lowest place its name starts with (昌图县人民政府
办公室 → 县, 平潭综合实验区海坛片区管理局 → 区, 五常市民意乡 → 乡, 武笔街道 → 街道); a department
speaks with its place's word (桐柏县应急管理局 → 县). 县级市 and 区 therefore use 市 and 区 rightly.
Only words that speak of the issuer itself are read, never a named body: 铁岭市政务公开办 names
its place (岭 is not a boundary), and `按照市政府办公室要求` refers to a superior.
"""
from __future__ import annotations

import re
from typing import Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from ..dates.scan import prose
from .reading import LazyRe, Sentence, quote, sentences

# Words with a place character that are no place (as report_lint.facts masks them; 市政 but not
# 市政府 or 市政务) …
_NOT_PLACES_RE = r"市场|城市|城乡|乡村|区域|社区|市政(?![府务])|市容|县域|街道办"
_NOT_PLACES = LazyRe(_NOT_PLACES_RE)
# … and, in running text, words that are no level word of a body.
_NOT_LEVEL_WORDS = LazyRe(_NOT_PLACES_RE + r"|市民|[市县区镇]级|镇村|乡镇|区划|县乡|区县|县区|县市|市县|市区|"
                              r"镇街|乡贤")
_PLACE = LazyRe(r"[\u4e00-\u9fff]+?(?P<suffix>自治区|自治州|自治县|综合实验区|新区|开发区|高新区|片区|"
                    r"省|市|州|盟|县|旗|区|镇|乡|街道)")
_SUFFIX_WORD = {"自治区": "区", "自治州": "州", "自治县": "县", "综合实验区": "区", "新区": "区",
                "开发区": "区", "高新区": "区", "片区": "区"}
LEVEL_WORDS = "市县区镇乡"
# A level word is bare (speaks of the issuer, names no place) after these: punctuation, a year,
# or a verb or preposition ending (办理市本级…, 由县政府…); after any other character it ends a
# place name (铁岭市…) and is left alone.
_BARE_AFTER = set("，。；：、（）《》“”\"'年") | set("理在对向由将与和及了的为是照据经报至交送从于等把被以到其该这")
_SELF_BASE = LazyRe(rf"(?P<x>[{LEVEL_WORDS}])本级")
_SELF_OFFICE = LazyRe(
    rf"(?P<x>[{LEVEL_WORDS}])(?:人民)?政府办(?:公室|公厅)?"
    r"(?=将|要|坚持|继续|进一步|认真|高度重视|着力|全面|切实|积极|不断|围绕|始终|严格|持续|深入|主动|加强|扎实|"
    r"采取|立足|聚焦|共|全年|累计|在|对|把|以|按照|依法|结合|注重|强化|做好)")
_PRONOUN = LazyRe(rf"[我本](?P<x>[{LEVEL_WORDS}])")


def own_level(name: str) -> str | None:
    """The level word of the lowest place `name` starts with (None: no place in the name)."""
    masked = _NOT_PLACES.sub(lambda m: "〇" * len(m.group()), name)
    found, pos = None, 0
    while (m := _PLACE.match(masked, pos)) is not None:
        found = _SUFFIX_WORD.get(m.group("suffix"), m.group("suffix"))
        pos = m.end()
    return found


def _issuer(report: Report) -> tuple[str, str] | None:
    f = report.facts.get("issuer")
    if f is None or not isinstance(f.value, str):
        return None
    own = own_level(f.value)
    return (f.value, own) if own else None


def _masked(text: str) -> str:
    return _NOT_LEVEL_WORDS.sub(lambda m: "〇" * len(m.group()), text)


def _bare(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in _BARE_AFTER or text[pos - 1].isdigit()


def _self_words(s: Sentence, own: str) -> Iterator[tuple[re.Match[str], str]]:
    text = _masked(s.text)
    for rx, kind in ((_SELF_BASE, "base"), (_SELF_OFFICE, "office")):
        for m in rx.finditer(text):
            if m.group("x") != own and _bare(text, m.start()):
                yield m, kind


def _fix(report: Report, s: Sentence, pos: int, own: str) -> Fix | None:
    if len(own) != 1:
        return None
    return Fix.replace(s.span(prose(report), pos, pos + 1), own, "unsafe",
                       f"将“{s.text[pos]}”改为“{own}”")


@rule("TXT510", "wrong-level-self-reference", "正文以其他层级称呼本机关（如县级报告写“市本级”）",
      severity="error", fix="unsafe")
def wrong_level_self_reference(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The text speaks of the issuer itself with another level's word.

    ## What it checks
    The issuer's level word is read from its name (昌图县人民政府办公室 → 县; 县级市 → 市; 区 and
    片区 → 区; a department uses its place's word). Reported: `X本级` and `X政府办公室` (or
    `X政府办`, `X人民政府办公室`) doing the report's own work (`市政府办公室将…`, `…坚持…`) where X
    is another level word and is not the end of a place name (`铁岭市政务公开办` and `按照市政府办公室
    要求` are references to other bodies and are left alone).

    ## Why
    A county office's report that speaks of `市本级` applications and of what `市政府办公室` will do
    next year was written over a city's report (or another body's), and readers cannot tell
    whose figures and plans they are reading.

    ## Example
    In 昌图县人民政府办公室's report: `全年办理市本级依申请公开事项14件` → `「市本级」与发布机关
    昌图县人民政府办公室的层级（县）不符，应为「县本级」`.

    ## Fix safety
    Unsafe: the level word is replaced by the issuer's (市 → 县); check that the sentence speaks of
    the issuer and not of a superior body.

    ## Basis
    条例第四十九条、第五十条（各机关报告本机关情况）；domain.md §3.4 TX-3, §6.2 seed 003 (D1, D2).
    """
    issuer = _issuer(report)
    if issuer is None:
        return
    name, own = issuer
    p = prose(report)
    for s in sentences(report):
        for m, kind in _self_words(s, own):
            word = s.text[m.start():m.end()]
            right = own + word[1:]
            what = "本级范围" if kind == "base" else "本机关"
            msg = (f"「{word}」与发布机关{name}的层级（{own}）不符：此处说的是{what}，应为「{right}」"
                   f"（「{quote(s, 0, len(s.text))}」）")
            yield ctx.finding(msg, s.span(p, m.start(), m.end()),
                              fix=_fix(report, s, m.start(), own), word=word, issuer=name)


@rule("TXT511", "wrong-level-pronoun", "正文以“我市/本县”等其他层级自称", severity="warning",
      fix="unsafe")
def wrong_level_pronoun(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The text calls the issuer's place `我X` / `本X` with another level's word.

    ## What it checks
    `我市`, `本市`, `我县`, `本县`, `我区`, `本区`, `我镇`, `我乡` … where the level word differs from
    the issuer's own (read from its name, as TXT510 does). `我省` / `本省` are not read (a lower
    body rightly speaks of its province so), nor `全X` (全县 in a town's report usually means the
    county as a whole). Words such as 市场, 区域, 县域, 市民 are not level words.

    ## Why
    A county's report saying `我市`, or a town's saying `我县`, speaks of a place that is not the
    issuer's: a sign the text was copied from another body's report, or written for another one.

    ## Example
    In a 县 office's report: `我市政务公开工作取得新进展` → `「我市」与发布机关××县人民政府办公室的层级（县）
    不符，应为「我县」`.

    ## Fix safety
    Unsafe: the level word is replaced by the issuer's; a district or county can mean its
    superior city by `我市` in a sentence about the city as a whole.

    ## Basis
    domain.md §3.4 TX-3 (IMPLIED): level words must match the issuer; 县级市 and 区 use 市/区.
    """
    issuer = _issuer(report)
    if issuer is None:
        return
    name, own = issuer
    p = prose(report)
    for s in sentences(report):
        text = _masked(s.text)
        for m in _PRONOUN.finditer(text):
            if m.group("x") == own:
                continue
            word = s.text[m.start():m.end()]
            msg = (f"「{word}」与发布机关{name}的层级（{own}）不符，应为「{word[0]}{own}」"
                   f"（「{quote(s, 0, len(s.text))}」）")
            yield ctx.finding(msg, s.span(p, m.start(), m.end()),
                              fix=_fix(report, s, m.start() + 1, own), word=word, issuer=name)
