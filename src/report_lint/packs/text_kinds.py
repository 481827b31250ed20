"""Pack rule kinds over the report's words: require-phrase, forbid-phrase, pattern, max-chars."""
from __future__ import annotations

import re
from typing import Iterator

from ..findings import Finding
from ..model import Report
from ..rules import RuleContext
from ..source import Span
from .base import Check, Compiled, Kind, quote
from .schema import Checker, RuleSpec
from .scopes import Scope, find_phrases, phrase_regex

_WS = re.compile(r"\s+")


def _require_phrase(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    any_ = list(c.strings("any") or ())
    all_ = list(c.strings("all") or ())
    if not any_ and not all_:
        raise c.error("require-phrase 需要 any（出现其一即可）或 all（全部都要出现）")
    any_rx, all_rx = [phrase_regex(p) for p in any_], [phrase_regex(p) for p in all_]

    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        regions = scope.regions(report)
        if not regions:
            return
        found = {i for i, _ in find_phrases(report, regions, any_rx + all_rx)}
        missing_all = [p for j, p in enumerate(all_) if len(any_) + j not in found]
        if any_ and not found & set(range(len(any_))):
            none = "或".join(quote([p]) for p in any_)
            yield ctx.finding(f"{spec.message}（{scope.describe()}中未见{none}）",
                              regions[0].anchor, scope=scope.describe(), missing=any_)
        if missing_all:
            yield ctx.finding(f"{spec.message}（{scope.describe()}中缺少{quote(missing_all)}）",
                              regions[0].anchor, scope=scope.describe(), missing=missing_all)

    parts = []
    if any_:
        parts.append(f"出现{quote(any_)}中的至少一个")
    if all_:
        parts.append(f"出现全部{quote(all_)}")
    return Compiled(check, f"{scope.describe()}须{'，并'.join(parts)}（忽略空白与全角/半角标点差异）。")


def _forbid_phrase(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    phrases = list(c.strings("any", required=True) or ())
    rxs = [phrase_regex(p) for p in phrases]

    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        text = report.source.text
        for i, span in find_phrases(report, scope.regions(report), rxs):
            written = text[span.start:span.end]
            yield ctx.finding(f"{spec.message}（{scope.describe()}中出现「{written}」）", span,
                              phrase=phrases[i])

    return Compiled(check, f"{scope.describe()}不得出现{quote(phrases)}；每处出现报告一次"
                           "（忽略空白与全角/半角标点差异）。")


def _pattern(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    source = c.get("pattern", str, required=True)
    mode = c.get("mode", str, default="forbid")
    if mode not in ("forbid", "require"):
        raise c.error(f"mode 应为 forbid（匹配处报告）或 require（没有匹配时报告），而非 {mode!r}", "mode")
    flags = re.MULTILINE | (re.IGNORECASE if c.get("ignore_case", bool, default=False) else 0)
    try:
        rx = re.compile(source, flags)
    except re.error as exc:
        raise c.error(f"pattern 不是有效的正则表达式：{exc}", "pattern") from None
    if rx.fullmatch(""):
        raise c.error("pattern 能匹配空文字，会处处报告；请改写", "pattern")
    label = c.get("label", str) or f"符合 {source} 的文字"
    return Compiled(_pattern_check(spec, scope, rx, mode, label),
                    f"{scope.describe()}{'须有' if mode == 'require' else '不得有'}{label}"
                    f"（正则表达式 `{source}`，Python re 语法，^ $ 按行匹配）。")


def _pattern_check(spec: RuleSpec, scope: Scope, rx: re.Pattern[str], mode: str,
                   label: str) -> Check:
    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        regions = scope.regions(report)
        text = report.source.text
        hits = [m for r in regions for m in rx.finditer(text, r.start, r.end) if m.end() > m.start()]
        if mode == "require":
            if regions and not hits:
                yield ctx.finding(f"{spec.message}（{scope.describe()}中没有{label}）",
                                  regions[0].anchor, scope=scope.describe())
            return
        for m in hits:
            yield ctx.finding(f"{spec.message}（{scope.describe()}中出现「{m.group()}」）",
                              Span(m.start(), m.end()), matched=m.group())
    return check


def _max_chars(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    limit = c.get("max", int, required=True)
    if limit <= 0:
        raise c.error(f"max 应为正整数，而非 {limit}", "max")

    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        text = report.source.text
        for r in scope.regions(report):
            count = len(_WS.sub("", text[r.start:r.end]))
            if count > limit:
                yield ctx.finding(f"{spec.message}（{scope.describe()}正文 {count} 字，超过 {limit} 字）",
                                  r.anchor, count=count, limit=limit)

    return Compiled(check, f"{scope.describe()}正文（不含标题行，含各小标题）不超过 {limit} 字；"
                           "字数按非空白字符计，标点计入。")


TEXT_KINDS = (
    Kind("require-phrase", ("any", "all"), ("report", "section", "table"), _require_phrase,
         "范围内须出现某些措辞（any 其一 / all 全部）"),
    Kind("forbid-phrase", ("any",), ("report", "section", "table"), _forbid_phrase,
         "范围内不得出现某些措辞，每处出现报告一次"),
    Kind("pattern", ("pattern", "mode", "ignore_case", "label"), ("report", "section", "table"),
         _pattern,
         "正则表达式：mode = forbid 时每处匹配报告一次，require 时没有匹配才报告"),
    Kind("max-chars", ("max",), ("report", "section"), _max_chars,
         "范围内正文字数（非空白字符）不超过 max"),
)
