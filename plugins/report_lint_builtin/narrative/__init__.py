"""TXT5xx: 正文与统计表、发布机关 — what evaluators catch by reading the text against the tables
and against the issuer.

Modules: `reading` cuts the prose into normalised sentences and finds counts (digits and Chinese
numerals), `claims` reads which table figure a count states, `figures` what the tables say for
it, `counts` compares them (TXT501–502); `levels` checks level words against the issuer
(TXT510–511); `consistency` holds contradictions, repeated words and lists that do not add up
(TXT520–522). Rule modules are imported inside the hook, so loading the plugin list stays cheap.
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    from . import consistency, counts, levels

    return [counts.count_mismatch, counts.no_requests_but_table,
            levels.wrong_level_self_reference, levels.wrong_level_pronoun,
            consistency.all_done_but_carried_forward, consistency.repeated_word,
            consistency.items_do_not_add_up]
