"""What the SEC rules share: the report's top-level sections matched to the six statutory ones.

`layout(report)` is computed once per report (kept in `report.cache`) and gives, for every
top-level section, the statutory key it stands for and how that was decided:

- ``exact``: the loader matched the heading to a title variant of `rules/templates/sections.toml`;
- ``fuzzy``: the title names the part in other words (`五、存在问题及下一步打算`), used only for
  parts no heading names exactly;
- ``stand-in``: a non-template heading that carries the part's content
  (`五、信息处理费收取情况` standing for 其他需要报告的事项).

It also finds, for a part no top-level heading names, a heading written in another numbering
style (`6、其他需要报告的事项`, `（六）其他…`, `第六部分 …`, or no numeral at all) in the place
where the part belongs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from report_lint.model import Paragraph, Report, Section
from report_lint.source import Span
from report_lint.templates import SectionDef, section_defs
from report_lint.text import norm, norm_with_map

NUMERALS = "零一二三四五六七八九十"
KEYS = ("overview", "active_disclosure", "requests", "review_litigation", "problems", "other")
TABLE_KEYS = ("active_disclosure", "requests", "review_litigation")
FIRST_ART50_YEAR = 2019  # the 2019 revision of the 条例 (Art. 50) governs reports from 2019 on

# Other words for a part's title, tried only for parts no heading names exactly.
_FUZZY = {
    "overview": re.compile(r"总体|概述|概况|基本情况"),
    "active_disclosure": re.compile(r"主动公开"),
    "requests": re.compile(r"依申请|(?:收到|处理|办理|受理).{0,8}申请"),
    "review_litigation": re.compile(r"复议|诉讼"),
    "problems": re.compile(r"问题"),
    "other": re.compile(r"其他.{0,4}(?:事项|情况)|其他需要"),
}
# A non-template top-level heading that carries the content of 六、其他需要报告的事项.
_OTHER_STAND_IN = re.compile(r"处理费|收费|其他")
# A numeral of another style in front of a statutory title, in normalised text.
_OTHER_STYLE = re.compile(
    r"(?:第[一二三四五六七八九十]+部分|[0-9]{1,2}|[（(][一二三四五六七八九十0-9]{1,2}[）)]"
    r"|[一二三四五六七八九十]{1,2})[、.，：:]?")


def numeral(n: int) -> str:
    """The Chinese numeral of a section number (1–19)."""
    if n <= 10:
        return NUMERALS[n]
    return "十" + NUMERALS[n - 10]


def section_def(key: str) -> SectionDef:
    return next(d for d in section_defs() if d.key == key)


def expected_heading(key: str) -> str:
    d = section_def(key)
    return f"{numeral(d.number)}、{d.title}"


def part_name(key: str) -> str:
    """`第六部分「六、其他需要报告的事项」`."""
    d = section_def(key)
    return f"第{numeral(d.number)}部分「{expected_heading(key)}」"


def heading_text(report: Report, s: Section) -> str:
    return report.source.text[s.heading_span.start:s.heading_span.end].strip()


def body_text(report: Report, s: Section) -> str:
    """The section's text after its heading: subsections included, and the sub-items numbered
    like top-level headings that follow it (see `Layout.nested`)."""
    end = s.span.end
    lay = report.cache.get("sec.layout")
    if lay is not None:
        end = lay.extent.get(id(s), end)
    return report.source.text[s.heading_span.end:end]


@dataclass
class Elsewhere:
    """A statutory part's heading found outside the top-level numbering."""

    key: str
    span: Span
    text: str
    how: str  # "subsection" | "style" | "inline" | "unnumbered"


@dataclass
class Layout:
    sections: list[Section]
    keys: list[str | None]  # statutory key per top-level section
    how: list[str | None]  # exact | fuzzy | stand-in | None
    by_key: dict[str, int] = field(default_factory=dict)  # key → index of its section
    elsewhere: dict[str, Elsewhere] = field(default_factory=dict)
    # Numbering runs (lists of (index, number)): a new run starts where numbering goes back to
    # 一 after two or more sections.
    runs: list[list[tuple[int, int]]] = field(default_factory=list)
    # Sub-items written as top-level headings (`五、…` then `一、存在的问题`, `二、改进措施`):
    # index of each such heading → index of the section it belongs to.
    nested: dict[int, int] = field(default_factory=dict)
    extent: dict[int, int] = field(default_factory=dict)  # id(section) → end including nested

    def section(self, key: str) -> Section | None:
        i = self.by_key.get(key)
        return self.sections[i] if i is not None else None

    @property
    def missing(self) -> list[str]:
        return [k for k in KEYS if k not in self.by_key]

    def statutory(self) -> list[tuple[int, str]]:
        """(index, key) of the sections standing for a statutory part, in document order."""
        return sorted((i, k) for k, i in self.by_key.items())


def layout(report: Report) -> Layout:
    cached = report.cache.get("sec.layout")
    if cached is None:
        cached = report.cache["sec.layout"] = _build(report)
    return cached


def applies(report: Report) -> bool:
    """Art. 50 structure applies: the report year is 2019 or later, or unknown."""
    year = report.year
    return year is None or year >= FIRST_ART50_YEAR


def _build(report: Report) -> Layout:
    secs = _without_contents([s for s in report.document.sections if s.level == 1], report)
    keys: list[str | None] = [s.key if s.key in KEYS else None for s in secs]
    how: list[str | None] = ["exact" if k else None for k in keys]
    lay = Layout(secs, keys, how)
    for i, k in enumerate(keys):
        if k is not None:
            lay.by_key.setdefault(k, i)
    _split_runs(lay)
    _assign_fuzzy(lay)
    _assign_stand_in(lay)
    for key in lay.missing:
        found = _find_elsewhere(report, lay, key)
        if found:
            lay.elsewhere[key] = found
    return lay


_PAGE_REF = re.compile(r"[\s.·…—\-_0-9]*")


def _without_contents(secs: list[Section], report: Report) -> list[Section]:
    """Drop a table of contents: three or more headings from 一 on with nothing under them but
    dot leaders and page numbers, repeated with the same titles right after."""
    n = 0
    while n < len(secs) and secs[n].number == n + 1 \
            and _PAGE_REF.fullmatch(body_text(report, secs[n])) and not secs[n].subsections:
        n += 1
    if n < 3 or 2 * n > len(secs):
        return secs
    same = all(_bare_title(secs[k].title) == _bare_title(secs[n + k].title) for k in range(n))
    return secs[n:] if same else secs


def _bare_title(title: str) -> str:
    return norm(title).rstrip(".·…-—_0123456789")


def _split_runs(lay: Layout) -> None:
    """Cut the numerals into runs and set the nested sub-item lists apart.

    A run that goes back to 一 is a second numbering system when it names statutory parts;
    when it names none, it is a list of sub-items of the section before it — up to where the
    first run's numbering resumes (五、… 一、… 二、… 六、…) or to the end.
    """
    numbered = [(i, s.number) for i, s in enumerate(lay.sections) if s.number is not None]
    runs: list[list[tuple[int, int]]] = []
    for i, n in numbered:
        if runs and n == 1 and len(runs[-1]) >= 2 and max(k for _, k in runs[-1]) > 1:
            runs.append([])
        elif not runs:
            runs.append([])
        runs[-1].append((i, n))
    merged: list[list[tuple[int, int]]] = [runs[0]] if runs else []
    for run in runs[1:]:
        outer = merged[-1]
        resume = max(k for _, k in outer) + 1
        cut = next((j for j, (_, n) in enumerate(run) if n == resume and j > 0), len(run))
        sub = run[:cut]
        if any(lay.keys[i] is not None for i, _ in sub):
            merged.append(run)
            continue
        parent = outer[-1][0]
        for i, _ in sub:
            lay.nested[i] = parent
        outer.extend(run[cut:])
    lay.runs = merged
    for i, parent in lay.nested.items():
        p = lay.sections[parent]
        lay.extent[id(p)] = max(lay.extent.get(id(p), p.span.end), lay.sections[i].span.end)


def _assign_fuzzy(lay: Layout) -> None:
    for i, s in enumerate(lay.sections):
        if lay.keys[i] is not None or i in lay.nested:
            continue
        t = norm(s.title)
        hits = [k for k, rx in _FUZZY.items() if rx.search(t)]
        if len(hits) == 1 and hits[0] not in lay.by_key:
            lay.keys[i], lay.how[i] = hits[0], "fuzzy"
            lay.by_key[hits[0]] = i


def _assign_stand_in(lay: Layout) -> None:
    if "other" in lay.by_key:
        return
    after = max((i for k, i in lay.by_key.items() if k in TABLE_KEYS), default=-1)
    for i, s in enumerate(lay.sections):
        if i > after and lay.keys[i] is None and i not in lay.nested \
                and _OTHER_STAND_IN.search(norm(s.title)):
            lay.keys[i], lay.how[i] = "other", "stand-in"
            lay.by_key["other"] = i
            return


def _window(report: Report, lay: Layout, key: str) -> tuple[int, int]:
    """Where the part `key` belongs: after the heading of the statutory part before it, up to the
    heading of the statutory part after it."""
    order = KEYS.index(key)
    text_end = len(report.source.text)
    lo = report.document.sections[0].heading_span.start if report.document.sections else 0
    hi = text_end
    for k, i in lay.by_key.items():
        s = lay.sections[i]
        if KEYS.index(k) < order:
            lo = max(lo, s.heading_span.end)
        elif KEYS.index(k) > order:
            hi = min(hi, s.heading_span.start)
    if lo > hi:
        return hi, hi
    if order == 0:
        lo = 0
    return lo, hi


def _find_elsewhere(report: Report, lay: Layout, key: str) -> Elsewhere | None:
    lo, hi = _window(report, lay, key)
    if lo >= hi:
        return None
    for s in lay.sections:
        for sub in s.subsections:
            if lo <= sub.heading_span.start < hi and (
                    _names(sub.title, key) or _FUZZY[key].search(norm(sub.title))):
                return Elsewhere(key, sub.heading_span, heading_text(report, sub), "subsection")
    return _numbered_in_text(report, key, lo, hi) or _bare_line(report, key, lo, hi)


def _names(title: str, key: str) -> bool:
    t = norm(title).rstrip("。：:")
    return any(t == v or t.startswith(v) for v in section_def(key).variants)


def _numbered_in_text(report: Report, key: str, lo: int, hi: int) -> Elsewhere | None:
    """`6、其他需要报告的事项`, `第六部分其他…` inside the text between lo and hi."""
    text = report.source.text
    normed, index = norm_with_map(text[lo:hi])
    variants = sorted(section_def(key).variants, key=len, reverse=True)
    pattern = re.compile(f"(?:{_OTHER_STYLE.pattern})(?:{'|'.join(map(re.escape, variants))})")
    for m in pattern.finditer(normed):
        if m.start() > 0 and normed[m.start() - 1] not in "。；;：:\"”）)|":
            if not _at_line_start(text, lo + index[m.start()]):
                continue
        start, end = lo + index[m.start()], lo + index[m.end() - 1] + 1
        written = text[start:end]
        # The top-level style itself, found here only because it does not start a line.
        how = "inline" if re.match(r"[一二三四五六七八九十]{1,2}\s*[、.．]", written) else "style"
        return Elsewhere(key, Span(start, end), written, how)
    return None


def _at_line_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def _bare_line(report: Report, key: str, lo: int, hi: int) -> Elsewhere | None:
    """A paragraph that is just the part's title, without a numeral."""
    for s in report.document.sections:
        for b in s.iter_blocks():
            if isinstance(b, Paragraph) and lo <= b.span.start < hi:
                t = norm(b.text).rstrip("。：:")
                if any(t == v for v in section_def(key).variants):
                    return Elsewhere(key, b.span, b.text, "unnumbered")
    return None
