"""DAT411 anachronism: citing a national document issued after the report was published.

The documents and their dates are data: `rules/documents.toml` (package `report_lint_rules`).
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from . import reference as ref
from .scan import fmt_date, prose

_OPEN = "〔[【（(［"
_CLOSE = "〕]】）)］"
_NUMBER = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")
_WS = r"[ \t\u3000]*"
_DASH = "[—\\-－–]"


@dataclass(frozen=True)
class NationalDocument:
    id: str
    name: str
    number: str
    issued: dt.date
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def national_documents() -> tuple[NationalDocument, ...]:
    """The documents of `rules/documents.toml`, each with a pattern matching its citations."""
    data = tomllib.loads(resources.files("report_lint_rules").joinpath("documents.toml")
                         .read_text("utf-8"))
    return tuple(NationalDocument(d["id"], d["name"], d["number"], d["issued"],
                                  _pattern(d["number"], d.get("titles", [])))
                 for d in data["documents"])


def _pattern(number: str, titles: list[str]) -> re.Pattern[str]:
    alternatives = [_number_regex(number)]
    alternatives += ["《" + _WS + _WS.join(map(re.escape, t)) + _WS + "》" for t in titles]
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def _number_regex(number: str) -> str:
    """`国办函〔2020〕109号` written with any bracket and blanks: 国办函[2020]109号, 国办函（2020）109 号."""
    m = _NUMBER.match(number)
    if m is None:
        return _WS.join(_DASH if c in "—-－–" else re.escape(c) for c in number if not c.isspace())
    prefix = _WS.join(map(re.escape, m.group("prefix")))
    return (rf"{prefix}{_WS}[{re.escape(_OPEN)}]{_WS}{m.group('year')}{_WS}"
            rf"[{re.escape(_CLOSE)}]{_WS}0*{m.group('serial')}{_WS}号")


@rule("DAT411", "anachronism", "引用了晚于报告发布日期印发的文件", severity="error")
def anachronism(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The report cites a national document that was issued after the report was published.

    ## What it checks
    Citations (by document number in any bracket form, or by an unambiguous title in 《》) of
    the documents listed in `rules/documents.toml` — the 2019 revision of the 条例 (国务院令第711号),
    国办公开办函〔2019〕60号, 国办函〔2020〕109号, 国办公开办函〔2021〕30号, Sichuan DB51/T 2660—2019 —
    are compared with the publication date (metadata or config `facts.published`; the signature
    date when there is none). Citing a document issued later is reported.

    ## Why
    A report cannot cite what did not yet exist: the text was edited after publication without a
    new date, or the publication date (or the year) is wrong — e.g. a 2019 report dated 2020-01
    citing 国办函〔2020〕109号 (2020-11-17).

    ## Example
    Published 2020-01-15, citing `国办函〔2020〕109号` → 该文件2020年11月17日才印发.

    ## Fix safety
    No fix.

    ## Basis
    The documents' own dates (domain.md §1, §2.1, §2.6, §5; CONFIRMED there).
    """
    bound = _reference_date(report)
    if bound is None:
        return
    when, label = bound
    later = [d for d in national_documents() if d.issued > when]
    if not later:
        return
    p = prose(report)
    for d in later:
        for m in d.pattern.finditer(p.text):
            span = p.span(m.start(), m.end())
            yield ctx.finding(f"引用的{d.name}（{d.number}）于{fmt_date(d.issued)}印发，晚于报告{label}"
                              f"（{fmt_date(when)}）", span, document=d.id)


def _reference_date(report: Report) -> tuple[dt.date, str] | None:
    pub = ref.date_fact(report, "published")
    if pub is not None:
        return pub[0], "发布日期"
    signed = ref.date_fact(report, "signed")
    if signed is not None:
        return signed[0], "落款日期"
    return None
