"""DAT4xx: 日期与统计期限 — report year agreement, the statistics period, malformed, future and
stale years, time words, signature and publication dates, deadlines, anachronistic citations.

Facts (year candidates, period, published, signed, issuer level) come from `report_lint.facts`;
the rules here only read prose for what is rule-specific (stale years, time words, citations).
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    from . import deadlines, documents, malformed, period, wording, years

    return [years.year_mismatch, period.partial_period, period.missing_period,
            malformed.malformed_date, years.future_year, wording.stale_year,
            wording.unsuitable_time_words, deadlines.signature_date, deadlines.deadline,
            deadlines.published_early, documents.anachronism]
