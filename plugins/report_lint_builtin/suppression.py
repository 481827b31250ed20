"""RL011–RL015: inline suppression directives and the baseline policing themselves.

The engine emits these findings (see `report_lint.suppressions` and `report_lint.baseline`); this
plugin gives them rule metadata and docs, exactly as the `input` plugin does for RL001–RL010.
"""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.hookspecs import hookimpl
from report_lint.model import Report
from report_lint.rules import Rule, RuleContext, rule


def _engine_only(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    return iter(())


@rule("RL011", "unused-suppression", "抑制指令没有抑制任何问题", severity="warning", fix="safe")
def unused_suppression(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """An inline `disable` directive that suppressed nothing, or an `enable` that closes nothing.

    ## What it checks
    Every code in a `<!-- report-lint: disable=… -->` or `disable-next-line=…` directive silenced
    at least one finding in its range, and every `enable=CODE` follows a `disable=CODE`. Codes of
    rules that did not run on the file (not selected, ignored for the path, another template) are
    not reported.

    ## Why
    A suppression outlives the problem it was written for: once the table is corrected the
    directive only hides the next, different mistake of the same kind. Removing dead directives
    keeps every remaining one meaningful (Ruff's RUF100, SQLFluff's `--warn-unused-ignores`).

    ## Example
    ```
    <!-- report-lint: disable=TOT301 结转数按上级通知口径填报 -->
    ```
    in a report whose totals all add up.

    ## Fix safety
    Safe: the fix deletes the comment (and its line when it stands alone), or only the unused codes
    of a directive that lists several. Comments are invisible in the published HTML and Markdown.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


@rule("RL012", "unknown-code-in-suppression", "抑制指令中的规则代码不存在", severity="error")
def unknown_code(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A suppression directive names a code (or prefix) no installed rule has.

    ## What it checks
    Each code in `disable=`, `enable=` and `disable-next-line=` is `ALL`, a rule code, or the
    prefix of one (`TOT3`), among the rules of the installed plugins.

    ## Why
    A mistyped code (`TOT31`, `SEC2O1`) suppresses nothing, and the writer believes the report is
    clean on purpose. Config files treat unknown codes as errors; directives do the same.

    ## Example
    ```
    <!-- report-lint: disable=TOTAL301 原因 -->
    ```

    ## Fix safety
    No fix: only the writer knows which code was meant.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


@rule("RL013", "suppression-without-reason", "抑制指令缺少理由", severity="error")
def no_reason(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A `disable` or `disable-next-line` directive without a reason after its codes.

    ## What it checks
    Text follows the code list: `<!-- report-lint: disable=TOT301 结转数据按市政务公开办口径 -->`.
    The directive still applies, so the run shows this one finding instead of the suppressed one.

    ## Why
    A report is reviewed by the supervising 政务公开办 and audited years later; a silenced check
    must say why it does not apply. Ignore RL013 in config if your repository does not want reasons.

    ## Example
    ```
    <!-- report-lint: disable=SEC205 -->
    ```

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


@rule("RL014", "stale-baseline-entry", "基线中的条目已不再出现", severity="error")
def stale_baseline(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A baseline entry of a checked file matches no current finding.

    ## What it checks
    With `--baseline FILE`, every entry recorded for a file that was checked in this run still
    matches a finding (same code, same pointed-at text and message). Entries of files not checked
    in this run (pre-commit passes only the changed files) are left alone.

    ## Why
    The baseline is a ratchet: it may only shrink. A stale entry would otherwise hide the same
    problem if it came back later. Run `report-lint check --baseline FILE --update-baseline` after
    fixing old problems to record the smaller baseline.

    ## Example
    The baseline records TOT301 on row （七）总计 of a report whose table has since been corrected.

    ## Fix safety
    No fix in the report: update the baseline file with `--update-baseline`.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


@rule("RL015", "invalid-suppression", "无法识别的抑制指令", severity="error")
def invalid(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A `<!-- report-lint … -->` comment that is not a valid directive.

    ## What it checks
    Every HTML comment starting with `report-lint` reads `report-lint: ACTION=CODES reason`, where
    ACTION is `disable`, `enable` or `disable-next-line` and CODES is a comma-separated list of rule
    codes, prefixes or `ALL`.

    ## Why
    A misspelt directive (`disabel=`, a missing `=`, a missing colon) silently suppresses nothing.

    ## Example
    ```
    <!-- report-lint disable TOT301 原因 -->
    ```

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


RULES: list[Rule] = [unused_suppression, unknown_code, no_reason, stale_baseline, invalid]


@hookimpl
def report_lint_get_rules() -> list[Rule]:
    return RULES
