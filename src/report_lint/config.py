"""Configuration: `[tool.report-lint]` in pyproject.toml, or report-lint.toml / .report-lint.toml.

The config file closest to a report wins; `extend = "path"` inherits from another file (the
extending file's keys win; tables such as `severity` merge key by key). Unknown keys are errors,
and so are unknown rule codes once the plugins are loaded (`validate_codes`).
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from .findings import SEVERITIES

CONFIG_FILES = ("report-lint.toml", ".report-lint.toml", "pyproject.toml")
LIST_KEYS = ("select", "ignore", "extend-select", "exclude", "packs")
TABLE_KEYS = ("severity", "per-file-ignores", "facts", "options")
KNOWN_KEYS = {"extend", *LIST_KEYS, *TABLE_KEYS}
FACT_KEYS = {"year": int, "issuer": str, "issuer_level": str, "published": dt.date,
             "established": int, "province": str, "city": str, "parent": str}
LEVELS = {"province", "city", "county", "township", "street", "department"}
DEFAULT_EXCLUDE = (".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox")


class ConfigError(Exception):
    """A config file is malformed; the message names the file and the key."""


@dataclass
class Glob:
    """A path pattern and the folder it is relative to (the config file's folder)."""

    root: Path
    pattern: str

    def matches(self, path: Path) -> bool:
        try:
            rel = PurePosixPath(path.resolve().relative_to(self.root).as_posix())
        except ValueError:
            rel = PurePosixPath(path.as_posix())
        pat = self.pattern.rstrip("/")
        if rel.match(pat) or fnmatch.fnmatch(str(rel), pat):
            return True
        # A pattern without a slash matches the name of the file or of any folder above it.
        return "/" not in pat and any(fnmatch.fnmatch(part, pat) for part in rel.parts)


@dataclass
class Config:
    path: Path | None = None
    select: list[str] | None = None  # None: every built-in rule
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: list[tuple[Glob, list[str]]] = field(default_factory=list)
    exclude: list[Glob] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)  # installed pack names, absolute pack paths
    # size and mtime of each pack file named by path, so the result cache misses when one changes
    pack_stamps: tuple[str, ...] = ()
    facts: list[tuple[Glob, dict[str, Any]]] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def ignored_codes(self, path: Path) -> list[str]:
        out = list(self.ignore)
        for g, codes in self.per_file_ignores:
            if g.matches(path):
                out += codes
        return out

    def is_excluded(self, path: Path) -> bool:
        return any(g.matches(path) for g in self.exclude)

    def facts_for(self, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for g, facts in self.facts:
            if g.matches(path):
                out.update(facts)
        return out

    def all_codes(self) -> Iterable[tuple[str, str]]:
        """Every (code-or-prefix, key it came from) the config names, for validation."""
        for key in ("select", "ignore", "extend-select"):
            for c in getattr(self, key.replace("-", "_")) or ():
                yield c, key
        for c in self.severity:
            yield c, "severity"
        for _, codes in self.per_file_ignores:
            for c in codes:
                yield c, "per-file-ignores"
        for c in self.options:
            yield c, "options"


def selected(code: str, patterns: Iterable[str]) -> int:
    """Length of the longest pattern (code or prefix, or ALL) matching `code`; 0 when none."""
    best = 0
    for p in patterns:
        if p == "ALL":
            best = max(best, 1)
        elif code.startswith(p):
            best = max(best, len(p) + 1)
    return best


def is_enabled(code: str, cfg: Config, path: Path | None = None, *, in_pack: bool = False) -> bool:
    """Ruff's rule: the most specific of select/ignore wins; ignore wins a tie."""
    select = (cfg.select if cfg.select is not None else ["ALL"]) + cfg.extend_select
    if in_pack and cfg.select is None:
        select = ["ALL"]  # an enabled pack's rules are on unless selected away explicitly
    ignore = cfg.ignored_codes(path) if path is not None else cfg.ignore
    s, i = selected(code, select), selected(code, ignore)
    return s > 0 and s > i


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 无法读取配置文件：{exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 语法错误：{exc}") from exc
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("report-lint", {})
    return data


def has_config(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return path.is_file()
    try:
        return path.is_file() and "report-lint" in _read_toml_raw(path).get("tool", {})
    except ConfigError:
        return True  # let loading report the error


def _read_toml_raw(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: 无法解析：{exc}") from exc


def load_config(path: Path, _seen: tuple[Path, ...] = ()) -> Config:
    """Load one config file, following `extend`."""
    path = path.resolve()
    if path in _seen:
        raise ConfigError(f"{path}: extend 形成循环：{' → '.join(map(str, _seen + (path,)))}")
    data = _read_toml(path)
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{path}: 未知配置项 {', '.join(unknown)}（可用：{', '.join(sorted(KNOWN_KEYS))}）")
    base = Config()
    if "extend" in data:
        ext = data["extend"]
        if not isinstance(ext, str):
            raise ConfigError(f"{path}: extend 应为文件路径字符串")
        target = (path.parent / ext)
        if not target.is_file():
            raise ConfigError(f"{path}: extend 指向的文件不存在：{target}")
        base = load_config(target, _seen + (path,))
    return _merge(base, data, path)


def _merge(base: Config, data: dict[str, Any], path: Path) -> Config:
    root = path.parent
    cfg = Config(path=path, select=base.select, ignore=list(base.ignore),
                 extend_select=list(base.extend_select), severity=dict(base.severity),
                 per_file_ignores=list(base.per_file_ignores), exclude=list(base.exclude),
                 packs=list(base.packs), pack_stamps=base.pack_stamps, facts=list(base.facts),
                 options={k: dict(v) for k, v in base.options.items()})
    for key in LIST_KEYS:
        if key in data:
            val = _str_list(data[key], path, key)
            setattr(cfg, key.replace("-", "_"),
                    [Glob(root, v) for v in val] if key == "exclude" else val)
    if "packs" in data:
        cfg.packs = [_pack_ref(p, path) for p in cfg.packs]
        cfg.pack_stamps = tuple(_stamp(p) for p in cfg.packs if is_pack_path(p))
    for code, sev in _table(data, "severity", path).items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{path}: severity.{code} 应为 error、warning 或 info，而非 {sev!r}")
        cfg.severity[code] = sev
    for pat, codes in _table(data, "per-file-ignores", path).items():
        cfg.per_file_ignores.append((Glob(root, pat), _str_list(codes, path, f"per-file-ignores.{pat}")))
    for pat, facts in _table(data, "facts", path).items():
        cfg.facts.append((Glob(root, pat), _facts(facts, path, pat)))
    for code, opts in _table(data, "options", path).items():
        if not isinstance(opts, dict):
            raise ConfigError(f"{path}: options.{code} 应为表")
        cfg.options.setdefault(code, {}).update(opts)
    return cfg


def is_pack_path(ref: str) -> bool:
    """A `packs` entry naming a pack file (`mine.toml`, `packs/city.toml`), not an installed pack."""
    return ref.endswith(".toml") or "/" in ref or "\\" in ref


def _pack_ref(ref: str, path: Path) -> str:
    """An installed pack's name as written; a pack file as an absolute path (relative to the
    config file that names it, so `extend` keeps working)."""
    if not is_pack_path(ref):
        return ref
    target = (path.parent / ref).resolve()
    if not target.is_file():
        raise ConfigError(f"{path}: packs 中的规则包文件不存在：{ref}（{target}）")
    return str(target)


def _stamp(ref: str) -> str:
    st = Path(ref).stat()
    return f"{ref}:{st.st_size}:{st.st_mtime_ns}"


def _str_list(val: Any, path: Path, key: str) -> list[str]:
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
        raise ConfigError(f"{path}: {key} 应为字符串列表")
    return val


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    val = data.get(key, {})
    if not isinstance(val, dict):
        raise ConfigError(f"{path}: {key} 应为表（[{key}]）")
    return val


def _facts(facts: Any, path: Path, pat: str) -> dict[str, Any]:
    if not isinstance(facts, dict):
        raise ConfigError(f"{path}: facts.\"{pat}\" 应为表")
    for k, v in facts.items():
        want = FACT_KEYS.get(k)
        if want is None:
            raise ConfigError(f"{path}: facts.\"{pat}\" 中未知事实 {k}（可用：{', '.join(FACT_KEYS)}）")
        if want is dt.date and isinstance(v, str):
            try:
                facts[k] = v = dt.date.fromisoformat(v)
            except ValueError:
                raise ConfigError(f"{path}: facts.\"{pat}\".{k} 应为日期 YYYY-MM-DD") from None
        if not isinstance(v, want) or (k == "issuer_level" and v not in LEVELS):
            hint = f"（可用：{', '.join(sorted(LEVELS))}）" if k == "issuer_level" else ""
            raise ConfigError(f"{path}: facts.\"{pat}\".{k} 的值 {v!r} 无效{hint}")
    return facts


def validate_codes(cfg: Config, known: Iterable[str]) -> list[str]:
    """Error messages for codes or prefixes in the config that name no rule."""
    known = list(known)
    errors = []
    for code, key in cfg.all_codes():
        if code != "ALL" and not any(k.startswith(code) for k in known):
            errors.append(f"{cfg.path}: {key} 中的规则代码 {code} 不存在")
    return errors


class ConfigResolver:
    """Finds the config for each report: an explicit file, or the closest one up the tree."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = load_config(explicit) if explicit else None
        self._by_dir: dict[Path, Config] = {}

    @classmethod
    def of(cls, cfg: Config) -> ConfigResolver:
        """A resolver that gives `cfg` for every path (the API's and the tests' way to lint
        with a config built in code)."""
        resolver = cls()
        resolver.explicit = cfg
        return resolver

    def for_path(self, path: Path) -> Config:
        if self.explicit is not None:
            return self.explicit
        folder = path.resolve().parent
        if folder not in self._by_dir:
            self._by_dir[folder] = self._discover(folder)
        return self._by_dir[folder]

    def _discover(self, folder: Path) -> Config:
        for d in (folder, *folder.parents):
            if d in self._by_dir:
                return self._by_dir[d]
            for name in CONFIG_FILES:
                f = d / name
                if has_config(f):
                    return load_config(f)
        return Config()

    def loaded(self) -> list[Config]:
        cfgs = list(self._by_dir.values()) + ([self.explicit] if self.explicit else [])
        seen: dict[Any, Config] = {}
        for c in cfgs:
            seen.setdefault(c.path, c)
        return list(seen.values())
