"""Result cache: a file whose bytes, config and tool did not change is not linted again.

An entry is one small JSON file under `.report-lint-cache/v1/` (the working directory unless
`--cache-dir` or `REPORT_LINT_CACHE_DIR` says otherwise), named by a hash of

- the file's bytes and its path (config globs, facts and the finding paths depend on the path);
- the run fingerprint: tool version, every loaded plugin with its rule codes, the size and mtime of
  every module of the core and of the plugins and of the template data (so editing a rule in an
  editable install invalidates the cache, the textlint#281 lesson), and the command-line overrides;
- the resolved config of the file.

Entries are written atomically (temp file + rename), so parallel workers and interrupted runs never
leave a half-written entry; a corrupt entry is a miss. JSON, not pickle: a cache folder must not be
a way to run code. Nothing is ever pruned: delete the folder to reclaim space.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import __version__
from .findings import Edit, Finding, Fix
from .source import Span

ENV = "REPORT_LINT_CACHE_DIR"
DIRNAME = ".report-lint-cache"
LAYOUT = "v1"


class ResultCache:
    def __init__(self, folder: Path, run_key: str) -> None:
        self.folder = folder / LAYOUT
        self.run_key = run_key
        self._config_keys: dict[int, tuple[Any, str]] = {}  # id → (config kept alive, hash)
        self.hits = self.misses = 0

    @classmethod
    def default_folder(cls, explicit: Path | None = None) -> Path:
        return explicit or Path(os.environ.get(ENV) or DIRNAME)

    def key(self, path: Path, data: bytes, config: Any, name: str) -> str:
        """The entry name for one file; `name` is the path findings carry (stdin's display)."""
        cid = id(config)
        if cid not in self._config_keys:  # a Config object is shared by every file of a folder
            self._config_keys[cid] = (config, hashlib.sha256(repr(config).encode()).hexdigest())
        h = hashlib.sha256()
        for part in (self.run_key, self._config_keys[cid][1], str(path.resolve()), name):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> Any | None:
        try:
            raw = self._file(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            result = result_from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: Any) -> None:
        try:
            text = json.dumps(result_to_json(result), ensure_ascii=False)
        except (TypeError, ValueError):
            return  # a rule put something that is not JSON in `data`: just do not cache
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._mark_folder()
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only or full disk only costs speed

    def _mark_folder(self) -> None:
        """Keep the cache out of version control and backups (like pytest's and Ruff's)."""
        root = self.folder.parent
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by report-lint\n*\n", encoding="utf-8")
            (root / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# report-lint result cache\n",
                encoding="utf-8")


def run_key(registry: Any, overrides: Any) -> str:
    """Everything besides the file and its config that can change a file's findings."""
    h = hashlib.sha256(f"report-lint {__version__} py{sys.version_info[:2]}\0".encode())
    rules = sorted((r.code, r.plugin, r.pack or "", r.default_severity, r.fix)
                   for r in registry.rules.values())
    h.update(repr(rules).encode())
    h.update(repr(sorted((e.plugin, e.message) for e in registry.errors)).encode())
    h.update(repr(overrides).encode())
    for f in _code_files(registry):
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _code_files(registry: Any) -> list[Path]:
    """Source files of the core, the loaded plugins' top-level packages and the template data."""
    tops = {"report_lint", "report_lint_rules"}
    tops.update(r.check.__module__.split(".")[0] for r in registry.rules.values())
    files: set[Path] = set()
    for name in sorted(tops):
        mod = _module(name)
        paths = getattr(mod, "__path__", None)
        if paths is None:  # a single-module plugin: only its own file, never its folder
            if getattr(mod, "__file__", None):
                files.add(Path(mod.__file__))
            continue
        for root in paths:
            files.update(p for p in Path(root).rglob("*")
                         if p.suffix in (".py", ".toml", ".yaml", ".yml"))
    files.update(Path(str(p)) for p in registry.packs.values())
    return sorted(files)


def _module(name: str) -> Any:
    import importlib

    try:
        return sys.modules.get(name) or importlib.import_module(name)
    except ImportError:
        return None


# -- JSON round trip of a FileResult -----------------------------------------------------------
def finding_to_json(f: Finding) -> dict[str, Any]:
    d = asdict(f)
    d["span"] = [f.span.start, f.span.end] if f.span else None
    if f.fix is not None:
        d["fix"] = {"applicability": f.fix.applicability, "message": f.fix.message,
                    "edits": [[e.start, e.end, e.replacement] for e in f.fix.edits]}
    return d


def finding_from_json(d: dict[str, Any]) -> Finding:
    d = dict(d)
    d["span"] = Span(*d["span"]) if d["span"] else None
    fix = d.get("fix")
    if fix is not None:
        d["fix"] = Fix(tuple(Edit(*e) for e in fix["edits"]), fix["applicability"], fix["message"])
    return Finding(**d)


def result_to_json(r: Any) -> dict[str, Any]:
    return {"path": r.path, "template": r.template, "year": r.year, "error": r.error,
            "findings": [finding_to_json(f) for f in r.findings],
            "fingerprints": list(r.fingerprints),
            "lines": {str(k): v for k, v in r.lines.items()},
            "summary": r.summary.to_json() if r.summary is not None else None}


def result_from_json(d: dict[str, Any]) -> Any:
    from .engine import FileResult

    summary = None
    if d.get("summary") is not None:  # folder rules' view of the report (summary.py)
        from .summary import ReportSummary

        summary = ReportSummary.from_json(d["summary"])
    return FileResult(d["path"], [finding_from_json(f) for f in d["findings"]], d["template"],
                      d["year"], d["error"], lines={int(k): v for k, v in d["lines"].items()},
                      fingerprints=list(d["fingerprints"]), summary=summary)
