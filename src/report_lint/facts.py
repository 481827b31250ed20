"""Facts about a report (year, statistics period, dates, issuer and its level), with their origins.

`extract_facts` returns the chosen fact per key and every candidate seen, so DAT/TXT rules can
compare, e.g., the title year with the period year and the narration year. Each `Fact` remembers
where it came from (`origin`) and, when it was read from the text, its `span`.

Year origins, strongest first: config > title > period > metadata (the crawler's 标题) >
narration (section 一) > filename > published (publication year − 1).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from .model import Document, Fact, Paragraph
from .source import Span

Facts = dict[str, Fact]
Candidates = dict[str, list[Fact]]

YEAR_ORDER = ("config", "title", "period", "metadata", "narration", "filename", "published")
MIN_YEAR, MAX_YEAR = 1990, 2100

_DATE_S = r"(?P<sy>\d{2,8})\s*年\s*(?P<sm>\d{1,2})\s*月\s*(?P<sd>\d{1,2})\s*日"
_DATE_E = r"(?:(?P<ey>\d{2,8})\s*年\s*)?(?P<em>\d{1,2})\s*月\s*(?P<ed>\d{1,2})\s*日"
_TO = r"\s*起?\s*(?:至|到|—|-|－|~|～)\s*"
_PERIOD_STAT = re.compile(
    r"统计(?:期限|时限|期间|时间|区间|周期|范围|时段)?[^。\d]{0,12}?" + _DATE_S + _TO + _DATE_E)
_PERIOD_FROM = re.compile(r"(?:自|从)\s*" + _DATE_S + r"\s*起?\s*(?:至|到)\s*" + _DATE_E)
_PERIOD_SPAN = re.compile(_DATE_S + r"\s*起?\s*至\s*" + _DATE_E + r"\s*(?:止|期间)")
_TITLE_YEAR = re.compile(
    r"(?P<y>\d{4})\s*年\s*度?\s*(?:的)?\s*(?:政府)?\s*(?:信息公开|政务公开)\s*(?:工作)?\s*(?:年度)?"
    r"\s*(?:报告|年报)")
_TITLE_PAREN_YEAR = re.compile(r"(?:年度报告|年报)[\s》]*[（(]\s*(?P<y>\d{4})\s*年\s*度?\s*[）)]")
_NARRATION_YEAR = re.compile(r"(?:^|[。；;！!？?\n])[\s\u3000]*(?P<y>20\d\d)\s*年\s*度?(?![\d月])")
_FILENAME_YEAR = re.compile(r"(?<![0-9A-Za-z])(?P<y>20\d\d)(?![0-9A-Za-z])")
_DATE = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_CN_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
SIGNATURE_TAIL = 300  # the 落款 date is searched in this many final characters
TITLE_HEAD = 3000  # a title (and the issuer written before its year) is searched this far

# --- issuer names ---------------------------------------------------------------------------------
# Institution suffixes, longest first so a regex alternation takes the longest one.
_INSTITUTIONS = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "街道办事处", "片区管理局",
                 "管理委员会", "人民政府", "委员会", "办事处", "管理局", "办公室", "办公厅", "街道", "政府",
                 "中心", "局", "厅", "委", "办", "署")
# In narration only full institution names count (not 政府/办/委 alone: 如东政府网, 未接收办理).
_SELF_INST = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "街道办事处", "片区管理局",
              "管理委员会", "人民政府", "委员会", "办事处", "管理局", "街道", "局")
_SELF_NAMED = re.compile(
    r"(?:《(?P<a>[^《》\d\s]{2,30}?)\s*20\d\d\s*年)"
    rf"|(?:20\d\d\s*年\s*度?\s*[，,]?\s*(?P<c>[\u4e00-\u9fff]{{2,20}}?(?:{'|'.join(_SELF_INST)})))")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff（）()]{2,40}")
_BAD_LEAD = set("我本该其这各全在按根为经对于从自今去一未共报已均累发受")
_BAD_CHARS = set("的对是在我本该其这将为了以")
_VERBS = ("公布", "公开", "发布", "根据", "按照", "现将", "特向", "报送", "编制")
_TITLE_BOUNDARY = "《\n\r 　。，,；;：:“\"」』"
_ABOUT = re.compile(r"\s*关于(?:报送|印发|公布)?\s*$")
# Department words that contain a place character (市场, 城市 …) and must not be read as places.
_NOT_PLACES = ("市场", "城市", "城乡", "乡村", "区域", "社区", "市政", "市容", "县域", "街道办")
_PLACE = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|综合实验区|新区|开发区|高新区|省|市|州|盟|县|旗|区|"
                    r"镇|乡|街道)")
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")


def extract_facts(doc: Document, overrides: dict[str, Any] | None = None
                  ) -> tuple[Facts, Candidates]:
    """The chosen fact per key and every candidate per key.

    Keys: year, period, published, signed, issuer, issuer_level, issuer_kind, issuer_parent_level.
    `overrides` (facts from config, e.g. {"year": 2023, "issuer_level": "county"}) win.
    A malformed period is kept as a candidate with value None; the `period` fact is absent then.
    """
    cands: Candidates = {}
    text = doc.source.text
    pre = _preamble_region(doc)
    periods = _period_matches(text, pre)
    cands["period"] = [_period_fact(m) for m in periods]
    cands["published"] = list(_published(doc))
    cands["signed"] = list(_signed(text))
    cands["year"] = list(_year_candidates(doc, pre, periods, cands["published"]))
    cands["issuer"] = list(_issuer_candidates(doc, pre))
    facts: Facts = {}
    for key in ("period", "published", "signed", "issuer"):
        chosen = next((f for f in cands[key] if f.value is not None), None)
        if chosen:
            facts[key] = chosen
    year = _choose_year(cands["year"])
    if year:
        facts["year"] = year
    _apply_overrides(facts, cands, overrides or {})
    _issuer_level_facts(facts, cands, overrides or {})
    return facts, {k: v for k, v in cands.items() if v}


# --- regions --------------------------------------------------------------------------------------

def _preamble_region(doc: Document) -> tuple[int, int]:
    """Offsets of the preamble (at most `TITLE_HEAD` characters of it): from its first block to
    the first top-level heading."""
    end = doc.sections[0].span.start if doc.sections else len(doc.source.text)
    start = doc.preamble[0].span.start if doc.preamble else end
    return start, min(end, start + TITLE_HEAD)


def _overview_paragraphs(doc: Document) -> Iterator[Paragraph]:
    for s in doc.sections:
        if s.number == 1 or s.key == "overview":
            yield from (b for b in s.iter_blocks() if isinstance(b, Paragraph))


# --- dates and the period -------------------------------------------------------------------------

def _date(y: str | None, m: str | None, d: str | None) -> dt.date | None:
    try:
        year = int(y or "")
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return dt.date(year, int(m or ""), int(d or ""))
    except ValueError:
        return None


def _period_matches(text: str, pre: tuple[int, int]) -> list[re.Match[str]]:
    """统计期限… sentences anywhere; failing those, a 自…起至…止 / …至…期间 range in the preamble."""
    found = list(_PERIOD_STAT.finditer(text))
    if not found:
        found = [m for rx in (_PERIOD_FROM, _PERIOD_SPAN) for m in rx.finditer(text, *pre)][:1]
    return found


def _period_fact(m: re.Match[str]) -> Fact:
    start = _date(m.group("sy"), m.group("sm"), m.group("sd"))
    end = _date(m.group("ey") or m.group("sy"), m.group("em"), m.group("ed"))
    return Fact((start, end) if start and end else None, "period", Span(m.start("sy"), m.end()))


def _published(doc: Document) -> Iterator[Fact]:
    for key in ("发布时间", "发布日期", "公开日期", "成文日期"):
        value, span = doc.metadata.get(key, ("", None))
        m = _DATE.search(value)
        if m:
            date = _date(m.group("y"), m.group("m"), m.group("d"))
            if date:
                yield Fact(date, "metadata", span)


def _signed(text: str) -> Iterator[Fact]:
    """The 落款 date: the last full date near the end that ends the text (not an 印发 date, not a
    date inside a sentence such as 截至2024年12月31日。)."""
    tail = max(0, len(text) - SIGNATURE_TAIL)
    for m in reversed(list(_CN_DATE.finditer(text, tail))):
        after = text[m.end():]
        before = text[m.start() - 1] if m.start() else ""
        if (after.startswith("印发") or "。" in after or len(after.strip()) > 60
                or (before and before in "至于到自从止起")):
            continue
        date = _date(m.group("y"), m.group("m"), m.group("d"))
        if date:
            yield Fact(date, "signature", Span(m.start(), m.end()))
            return


# --- year -----------------------------------------------------------------------------------------

def _year_candidates(doc: Document, pre: tuple[int, int], periods: list[re.Match[str]],
                     published: list[Fact]) -> Iterator[Fact]:
    text = doc.source.text
    for m in _title_years(text, *pre):
        yield Fact(int(m.group("y")), "title", Span(m.start("y"), m.end("y")))
    for m in periods:
        y = _valid_year(m.group("sy"))
        if y:
            yield Fact(y, "period", Span(m.start("sy"), m.end("sy")))
    title, span = doc.metadata.get("标题", ("", None))
    for m in _title_years(title, 0, len(title)):
        yield Fact(int(m.group("y")), "metadata", _sub_span(span, m.start("y"), m.end("y")))
    for par in _overview_paragraphs(doc):
        for m in _NARRATION_YEAR.finditer(par.text):
            pos = par.span.start + m.start("y")
            yield Fact(int(m.group("y")), "narration", Span(pos, pos + 4))
    for m in _FILENAME_YEAR.finditer(Path(doc.source.path).name):
        yield Fact(int(m.group("y")), "filename")
    for f in published:
        yield Fact(f.value.year - 1, "published", f.span)


def _title_years(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    for rx in (_TITLE_YEAR, _TITLE_PAREN_YEAR):
        for m in rx.finditer(text, start, end):
            if _valid_year(m.group("y")):
                yield m


def _valid_year(s: str) -> int | None:
    return int(s) if s.isdigit() and len(s) == 4 and MIN_YEAR <= int(s) <= MAX_YEAR else None


def _sub_span(span: Span | None, start: int, end: int) -> Span | None:
    return Span(span.start + start, span.start + end) if span else None


def _choose_year(cands: list[Fact]) -> Fact | None:
    for origin in YEAR_ORDER:
        group = [f for f in cands if f.origin == origin]
        if not group:
            continue
        if origin != "narration":
            return group[0]
        counts = Counter(f.value for f in group)
        best = max(counts.values())
        return next(f for f in group if counts[f.value] == best)
    return None


# --- issuer ---------------------------------------------------------------------------------------

def _issuer_candidates(doc: Document, pre: tuple[int, int]) -> Iterator[Fact]:
    text = doc.source.text
    for m in _TITLE_YEAR.finditer(text, *pre):
        found = _issuer_before(text, max(pre[0], m.start() - 60), m.start())
        if found:
            yield Fact(found[0], "title", found[1])
            break
    title, span = doc.metadata.get("标题", ("", None))
    for m in _TITLE_YEAR.finditer(title):
        found = _issuer_before(title, 0, m.start())
        if found:
            yield Fact(found[0], "metadata", _sub_span(span, found[1].start, found[1].end))
            break
    org, org_span = doc.metadata.get("发布机构", ("", None))
    if is_body_name(org.strip(), bare_place=False):
        yield Fact(org.strip(), "metadata", org_span)
    for b in doc.preamble[:3]:
        if isinstance(b, Paragraph) and is_body_name(b.text):
            yield Fact(b.text, "preamble", b.span)
            break
    yield from _self_references(text)


def _issuer_before(text: str, lo: int, hi: int) -> tuple[str, Span] | None:
    """The body name written right before a title's year (`XXX2020年…`, `XXX关于2021年度…`,
    `特向社会公布XXX2024年…`)."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    start = lo
    for i in range(hi - 1, lo - 1, -1):
        if text[i] in _TITLE_BOUNDARY:
            start = i + 1
            break
    chunk = _ABOUT.sub("", text[start:hi])
    cut = max((chunk.rfind(v) + len(v) for v in _VERBS if v in chunk), default=0)
    chunk = chunk[cut:].strip()
    if not is_body_name(chunk):
        return None
    off = text.find(chunk, start, hi)
    return chunk, Span(off, off + len(chunk))


def _self_references(text: str) -> Iterator[Fact]:
    """Names the report gives itself (《桐柏县应急管理局2022年…》, 2020年武笔街道未收到…)."""
    found: list[Fact] = []
    for m in _SELF_NAMED.finditer(text):
        group = "a" if m.group("a") else "c"
        name = m.group(group)
        if is_body_name(name, bare_place=False):
            found.append(Fact(name, "text", Span(m.start(group), m.end(group))))
    counts = Counter(f.value for f in found)
    seen: set[str] = set()
    for f in sorted(found, key=lambda f: -counts[f.value]):
        if f.value not in seen:
            seen.add(f.value)
            yield f


def is_body_name(name: str, bare_place: bool = True) -> bool:
    """Does `name` look like the name of an administrative body (or, if allowed, a bare place)?"""
    if not _NAME_CHARS.fullmatch(name) or name[0] in _BAD_LEAD or any(c in _BAD_CHARS for c in name):
        return False
    suffix = next((s for s in _INSTITUTIONS if name.endswith(s)), None)
    if suffix is not None:
        return len(name) - len(suffix) >= 2
    return bare_place and len(name) >= 3 and name[-1] in "镇乡县区市旗"


# --- issuer level ---------------------------------------------------------------------------------

def classify_issuer(name: str) -> dict[str, str]:
    """issuer_level / issuer_kind / issuer_parent_level read from a body name ({} when unknown).

    人民政府 of a 县 → county government; 县政府办公室 → county office; 街道(办事处) → street;
    片区管理局 → township; other 局/委/厅/办 → department with the level of its place as parent.
    """
    if name.endswith(("街道办事处", "街道", "街道办")):
        return {"issuer_level": "street", "issuer_kind": "street"}
    if name.endswith("片区管理局"):
        return {"issuer_level": "township", "issuer_kind": "government"}
    place = place_level(name)
    if re.search(r"政府办公[室厅]$", name):
        return _with_level({"issuer_kind": "office"}, place)
    if name.endswith("政府") or (name[-1:] in "镇乡县区市旗" and place):
        return _with_level({"issuer_kind": "government"}, place)
    if name.endswith(_INSTITUTIONS):
        out = {"issuer_level": "department", "issuer_kind": "department"}
        if place:
            out["issuer_parent_level"] = place
        return out
    return {}


def _with_level(out: dict[str, str], level: str | None) -> dict[str, str]:
    if level:
        out["issuer_level"] = level
    return out


def place_level(name: str) -> str | None:
    """The level of the lowest place named at the start of `name` (如东县… → county)."""
    masked = name
    for word in _NOT_PLACES:
        masked = masked.replace(word, "〇" * len(word))
    level = None
    pos = 0
    while True:
        m = _PLACE.match(masked, pos)
        if m is None:
            return level
        level = _level_of(m.group(), name)
        pos = m.end()


def _level_of(place: str, name: str) -> str:
    if place.endswith(("省", "自治区")):
        return "province"
    if place.endswith("市"):
        return "province" if name.startswith(_MUNICIPALITIES) else "city"
    if place.endswith(("综合实验区", "新区", "州", "盟")):
        return "city"
    if place.endswith(("县", "旗", "区")):
        return "county"
    if place.endswith(("镇", "乡")):
        return "township"
    return "street"


def _issuer_level_facts(facts: Facts, cands: Candidates, overrides: dict[str, Any]) -> None:
    issuer = facts.get("issuer")
    derived = classify_issuer(issuer.value) if issuer else {}
    for key in ("issuer_level", "issuer_kind", "issuer_parent_level"):
        if key in overrides:
            continue
        if key in derived and issuer is not None:
            fact = Fact(derived[key], issuer.origin, issuer.span)
            facts[key] = fact
            cands.setdefault(key, []).append(fact)


# --- overrides ------------------------------------------------------------------------------------

def _apply_overrides(facts: Facts, cands: Candidates, overrides: dict[str, Any]) -> None:
    for key, raw in overrides.items():
        value = _coerce(key, raw)
        if value is None:
            continue
        fact = Fact(value, "config")
        facts[key] = fact
        cands.setdefault(key, []).insert(0, fact)


def _coerce(key: str, value: Any) -> Any:
    if key == "year":
        return _valid_year(str(value).strip())
    if key in ("published", "signed") and isinstance(value, str):
        m = _DATE.search(value)
        return _date(m.group("y"), m.group("m"), m.group("d")) if m else None
    return value

