"""Read a pack's TOML and check the keys every rule shares; errors name the pack file and line.

A pack is `[pack]` (name, title, …) plus `[[rules]]`. `tomllib` gives no line numbers for values,
so `Lines` scans the file text for each `[[rules]]` header and for a key inside its block.
Kind-specific keys are checked by `kinds.py`; this module knows only the shared ones.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES
from ..rules import CODE_RE, NAME_RE

TOP_KEYS = ("pack", "rules")
PACK_KEYS = ("name", "title", "prefix", "version", "description", "basis")
RULE_KEYS = ("code", "name", "kind", "severity", "message", "summary", "why", "basis",
             "section", "table", "templates", "from_year", "to_year", "examples")
EXAMPLE_KEYS = ("pass", "fail", "facts")
EXAMPLE_FACTS = {"year": int, "issuer": str, "issuer_level": str, "published": dt.date}
RESERVED_PREFIXES = ("RL", "FMT", "SEC", "TOT", "DAT", "TXT", "XYR")
TABLES = ("active_disclosure", "requests", "review_litigation")
PREFIX_RE = re.compile(r"^[A-Z]{2,5}$")
_RULES_HEADER = re.compile(r"^\s*\[\[\s*rules\s*\]\]")
_PACK_HEADER = re.compile(r"^\s*\[\s*pack\s*\]")
_TOML_LINE = re.compile(r"at line (\d+)")


class PackError(ValueError):
    """A pack cannot be used: `path:line: message`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class Lines:
    """Line numbers (1-based) of the pack's tables and keys, found in the file text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.rule_starts = [i + 1 for i, s in enumerate(self.lines) if _RULES_HEADER.match(s)]

    def pack(self) -> int:
        return next((i + 1 for i, s in enumerate(self.lines) if _PACK_HEADER.match(s)), 1)

    def rule(self, index: int) -> int:
        """The `[[rules]]` line of rule `index`; the `rules` key when written inline."""
        if index < len(self.rule_starts):
            return self.rule_starts[index]
        return self._find(r"rules\s*=", 0, len(self.lines)) or 1

    def key(self, index: int, key: str, nth: int = 0) -> int:
        """The line of `key` inside rule `index` (a subtable `[rules.key]` or the `nth` of an
        array `[[rules.key]]` counts); else the rule's own line."""
        start = self.rule(index)
        end = self.rule_starts[index + 1] - 1 if index + 1 < len(self.rule_starts) else len(self.lines)
        k = re.escape(key)
        rx = re.compile(rf"^\s*(?:(?:[\"']?{k}[\"']?\s*[=.])|(?:\[{{1,2}}\s*rules\s*\.\s*{k}\s*\]))")
        found = [i + 1 for i in range(start - 1, end) if rx.match(self.lines[i])]
        return found[min(nth, len(found) - 1)] if found else start

    def _find(self, pattern: str, lo: int, hi: int) -> int | None:
        rx = re.compile(rf"^\s*(?:{pattern})")
        return next((i + 1 for i in range(lo, hi) if rx.match(self.lines[i])), None)


@dataclass(frozen=True)
class Example:
    """A fragment the rule must pass (no finding) or fail (at least one finding) on."""

    text: str
    fails: bool
    facts: dict[str, Any]
    line: int
    label: str  # pass[1], fail[2] … as messages name it


@dataclass
class RuleSpec:
    """One `[[rules]]` entry with the shared keys checked; `params` holds the kind's own keys."""

    index: int
    code: str
    name: str
    kind: str
    severity: str
    message: str
    summary: str
    why: str | None
    basis: str | None
    section: int | None
    table: str | None
    templates: tuple[str, ...] | None
    from_year: int | None
    to_year: int | None
    examples: tuple[Example, ...]
    params: dict[str, Any]
    line: int


@dataclass
class PackSpec:
    name: str
    title: str
    path: str  # as shown in messages
    prefix: str | None = None
    version: str | None = None
    description: str | None = None
    basis: str | None = None
    rules: list[RuleSpec] = field(default_factory=list)
    lines: Lines | None = None


class Checker:
    """Type checks for one table of the pack, raising `PackError` at the right line."""

    def __init__(self, path: str, lines: Lines, data: dict[str, Any], index: int | None,
                 what: str, at_line: int | None = None) -> None:
        self.path, self.lines, self.data, self.index, self.what = path, lines, data, index, what
        self.at_line = at_line  # a subtable (examples) reports every error at its own line

    def line(self, key: str | None = None) -> int:
        if self.at_line is not None:
            return self.at_line
        if self.index is None:
            return self.lines.pack()
        return self.lines.key(self.index, key) if key else self.lines.rule(self.index)

    def error(self, message: str, key: str | None = None) -> PackError:
        return PackError(self.path, self.line(key), f"{self.what}{message}")

    def keys(self, allowed: tuple[str, ...] | set[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.error(f"未知的键 {', '.join(unknown)}（可用：{', '.join(sorted(allowed))}）",
                             unknown[0])

    def get(self, key: str, typ: type | tuple[type, ...], required: bool = False,
            default: Any = None) -> Any:
        if key not in self.data:
            if required:
                raise self.error(f"缺少必填键 {key}")
            return default
        value = self.data[key]
        if isinstance(value, bool) and typ is not bool and bool not in _tuple(typ):
            raise self.error(f"{key} 的类型应为{_type_name(typ)}，而非布尔值", key)
        if not isinstance(value, typ):
            raise self.error(f"{key} 的类型应为{_type_name(typ)}，而非 {type(value).__name__}", key)
        return value

    def strings(self, key: str, required: bool = False, allow_one: bool = True
                ) -> tuple[str, ...] | None:
        """A non-empty list of non-empty strings (or one string when `allow_one`)."""
        value = self.get(key, (list, str) if allow_one else list, required)
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not items or not all(isinstance(v, str) and v.strip() for v in items):
            raise self.error(f"{key} 应为非空字符串{'或字符串列表' if allow_one else '列表'}", key)
        return tuple(items)


def _tuple(t: Any) -> tuple:
    return t if isinstance(t, tuple) else (t,)


def _type_name(typ: Any) -> str:
    names = {str: "字符串", int: "整数", bool: "布尔值", list: "列表", dict: "表", float: "数字",
             dt.date: "日期"}
    return "或".join(names.get(t, t.__name__) for t in _tuple(typ))


def read_pack(text: str, path: str) -> PackSpec:
    """Parse the TOML text of a pack and check its shared keys (not the kinds' own keys)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        raise PackError(path, int(m.group(1)) if m else 1, f"TOML 语法错误：{exc}") from None
    lines = Lines(text)
    top = Checker(path, lines, data, None, "")
    top.keys(TOP_KEYS)
    pack = _pack_table(top, path, lines)
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise PackError(path, lines.pack(), "规则包至少要有一条规则（[[rules]]）")
    codes: dict[str, int] = {}
    for i, raw in enumerate(rules):
        if not isinstance(raw, dict):
            raise PackError(path, lines.rule(i), f"rules[{i}] 应为表（[[rules]]）")
        spec = _rule(Checker(path, lines, raw, i, ""), pack, i)
        if spec.code in codes:
            raise PackError(path, spec.line, f"规则代码 {spec.code} 与第 {codes[spec.code]} 行的规则重复")
        codes[spec.code] = spec.line
        pack.rules.append(spec)
    return pack


def _pack_table(top: Checker, path: str, lines: Lines) -> PackSpec:
    raw = top.get("pack", dict, required=True)
    c = Checker(path, lines, raw, None, "[pack] ")
    c.keys(PACK_KEYS)
    name = c.get("name", str, required=True)
    if not NAME_RE.match(name):
        raise c.error(f"name {name!r} 应为小写字母、数字和连字符（如 henan、my-city）", "name")
    prefix = c.get("prefix", str)
    if prefix is not None and (not PREFIX_RE.match(prefix) or prefix in RESERVED_PREFIXES):
        raise c.error(f"prefix {prefix!r} 应为 2–5 个大写字母，且不能是内置规则族"
                      f"（{'、'.join(RESERVED_PREFIXES)}）", "prefix")
    version = c.get("version", (str, int, float))
    return PackSpec(name, c.get("title", str, default=name), path, prefix,
                    None if version is None else str(version), c.get("description", str),
                    c.get("basis", str), lines=lines)


def _rule(c: Checker, pack: PackSpec, i: int) -> RuleSpec:
    code = c.get("code", str, required=True)
    c.what = f"规则 {code}："
    if not CODE_RE.match(code):
        raise c.error("代码应为 2–5 个大写字母加 3 位数字（如 HEN001）", "code")
    prefix = code.rstrip("0123456789")
    if prefix in RESERVED_PREFIXES:
        raise c.error(f"代码前缀 {prefix} 属于内置规则族，规则包应使用自己的前缀", "code")
    if pack.prefix and prefix != pack.prefix:
        raise c.error(f"代码前缀应为规则包声明的 {pack.prefix}", "code")
    kind = c.get("kind", str, required=True)
    name = c.get("name", str, default=f"{pack.name}-{code.lower()}")
    if not NAME_RE.match(name):
        raise c.error(f"name {name!r} 应为 kebab-case（小写字母、数字、连字符）", "name")
    severity = c.get("severity", str, default="warning")
    if severity not in SEVERITIES:
        raise c.error(f"severity 应为 {'、'.join(SEVERITIES)}，而非 {severity!r}", "severity")
    message = c.get("message", str, required=True).strip()
    if not message:
        raise c.error("message 不能为空", "message")
    section, table = _scope(c)
    from_year, to_year = c.get("from_year", int), c.get("to_year", int)
    if from_year and to_year and from_year > to_year:
        raise c.error(f"from_year {from_year} 晚于 to_year {to_year}", "from_year")
    shared = set(RULE_KEYS)
    params = {k: v for k, v in c.data.items() if k not in shared}
    return RuleSpec(
        index=i, code=code, name=name, kind=kind, severity=severity, message=message,
        summary=c.get("summary", str, default=message), why=c.get("why", str),
        basis=c.get("basis", str) or pack.basis, section=section, table=table,
        templates=c.strings("templates"), from_year=from_year, to_year=to_year,
        examples=_examples(c), params=params, line=c.line())


def _scope(c: Checker) -> tuple[int | None, str | None]:
    section = c.get("section", int)
    if section is not None and not 1 <= section <= 6:
        raise c.error(f"section 应为 1–6 的章节序号（六、其他需要报告的事项 为 6），而非 {section}",
                      "section")
    table = c.get("table", str)
    if table is not None and table not in TABLES:
        raise c.error(f"table 应为 {'、'.join(TABLES)} 之一（表二、表三、表四），而非 {table!r}", "table")
    if section is not None and table is not None:
        raise c.error("section 与 table 只能写一个（范围：某一章节、某一统计表或全文）", "section")
    return section, table


def _examples(c: Checker) -> tuple[Example, ...]:
    """`examples = { pass, fail, facts }`, or an array `[[rules.examples]]` of such tables (one per
    set of facts, e.g. publication dates either side of a deadline)."""
    raw = c.get("examples", (dict, list))
    groups = [raw] if isinstance(raw, dict) else raw or []
    out: list[Example] = []
    count = {"pass": 0, "fail": 0}
    for j, group in enumerate(groups):
        line = c.lines.key(c.index, "examples", j) if c.index is not None else c.line()
        if not isinstance(group, dict):
            raise PackError(c.path, line, f"{c.what}examples 应为表或表的数组")
        e = Checker(c.path, c.lines, group, c.index, f"{c.what}examples.", at_line=line)
        e.keys(EXAMPLE_KEYS)
        facts = _example_facts(e)
        texts = [(t, False) for t in e.strings("pass") or ()]
        texts += [(t, True) for t in e.strings("fail") or ()]
        if not texts:
            raise e.error("至少要有一个 pass 或 fail 片段")
        for text, fails in texts:
            kind = "fail" if fails else "pass"
            count[kind] += 1
            out.append(Example(text, fails, facts, line, f"{kind}[{count[kind]}]"))
    return tuple(out)


def _example_facts(e: Checker) -> dict[str, Any]:
    facts = dict(e.get("facts", dict, default={}))
    for k, v in facts.items():
        want = EXAMPLE_FACTS.get(k)
        if want is None:
            raise e.error(f"facts 中未知事实 {k}（可用：{', '.join(EXAMPLE_FACTS)}）")
        if want is dt.date and isinstance(v, str):
            try:
                facts[k] = v = dt.date.fromisoformat(v)
            except ValueError:
                raise e.error(f"facts.{k} 应为日期 YYYY-MM-DD") from None
        if not isinstance(v, want) or isinstance(v, bool):
            raise e.error(f"facts.{k} 的值 {v!r} 类型不对")
    return facts
