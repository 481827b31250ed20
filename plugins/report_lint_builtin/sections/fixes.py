"""Fixes of the SEC rules: a heading written in the template's words and punctuation (SEC209,
safe), and the missing part 六 added (SEC201, unsafe)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from report_lint.findings import Edit, Fix
from report_lint.model import Report, Section
from report_lint.placement import paragraphs_after
from report_lint.source import Span
from report_lint.text import norm

from .common import Layout, expected_heading, section_def

_HEADING = re.compile(r"(?P<num>[一二三四五六七八九十]{1,3})(?P<sep>[ \t\u3000]*[、.．][ \t\u3000]*)"
                      r"(?P<title>.+)", re.S)
_HALF_WIDTH = re.compile(r"[()\[\]:;,!?]")
OTHER_BODY = "无。"
_SIGNATURE_GAP = 40  # visible characters allowed between the last sentence and the 落款 date
_MARKUP = re.compile(r"<[^<>]*>")


@dataclass
class HeadingForm:
    """How a statutory heading differs from the template's form, and the fix when there is one."""

    problems: list[str]
    expected: str
    fix: Fix | None


def heading_form(report: Report, s: Section, key: str, variants: bool = False
                 ) -> HeadingForm | None:
    """`、` after the numeral, no spaces or half-width punctuation in the title, and (with
    `variants`) the template's title where a known variant was used. None when the heading is
    already in that form or is not a plain variant (a title with words added is left alone)."""
    official = section_def(key).title
    title_n = norm(s.title).rstrip("。：:")
    if title_n not in section_def(key).variants:
        return None
    text = report.source.text
    raw = text[s.heading_span.start:s.heading_span.end]
    # In HTML the span may hold markup: judge the visible title then, and fix only plain text.
    m = _HEADING.fullmatch(raw) if "<" not in raw and "&" not in raw else None
    sep, title = (m.group("sep"), m.group("title")) if m else ("、", s.title)
    problems = []
    if title_n != norm(official):
        if variants:
            problems.append("用了常见变体措辞")
        else:
            official = title_n  # keep the author's words, in full-width form without spaces
    if sep != "、":
        problems.append("序号后应为顿号「、」")
    if re.search(r"\s", title):
        problems.append("标题中有空格或换行")
    if _HALF_WIDTH.search(title):
        problems.append("标题中有半角标点")
    if not problems:
        return None
    expected = f"{s.numeral}、{official}"
    fix = None
    if m is not None:
        base = s.heading_span.start
        edits = []
        if sep != "、":
            edits.append(Edit(base + m.start("sep"), base + m.end("sep"), "、"))
        if title != official:
            edits.append(Edit(base + m.start("title"), base + m.end("title"), official))
        fix = Fix(tuple(edits), "safe", f"改为「{expected}」")
    return HeadingForm(problems, expected, fix)


def add_other_part(report: Report, lay: Layout) -> Fix | None:
    """Add `六、其他需要报告的事项` with `无。` after the last statutory part — before the 落款
    (issuer and date) when the report ends with one. None when where it goes is unclear: a
    non-statutory part after the last statutory one, or a 落款 far from the last sentence."""
    present = sorted(lay.by_key.values())
    if not present or present[-1] != max(i for i in range(len(lay.sections))
                                         if i not in lay.nested):
        return None
    last = lay.sections[present[-1]]
    end = lay.extent.get(id(last), last.span.end)
    text = report.source.text
    signed = report.facts.get("signed")
    if signed is not None and signed.span is not None \
            and last.heading_span.end < signed.span.start <= end + 1:
        dot = text.rfind("。", last.heading_span.end, signed.span.start)
        gap = _MARKUP.sub("", text[dot + 1:signed.span.start]).strip()
        if dot < 0 or len(gap) > _SIGNATURE_GAP:
            return None
        end = dot + 1
    edit = paragraphs_after(report.source, end, [expected_heading("other"), OTHER_BODY],
                            _heading_prefix(text, last.heading_span))
    if edit is None:
        return None
    return Fix((edit,), "unsafe", f"添加「{expected_heading('other')}」，内容为「{OTHER_BODY}」"
                                  "（请按实际情况填写）")


def _heading_prefix(text: str, span: Span) -> str:
    """What stands before a heading on its line when it is Markdown heading marks (`## `)."""
    line_start = text.rfind("\n", 0, span.start) + 1
    prefix = text[line_start:span.start]
    return prefix if prefix.strip().strip("#") == "" and "#" in prefix else ""
