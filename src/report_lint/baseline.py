"""Baseline: record today's findings so later runs report only new ones.

An entry is keyed by the file's path (relative to the baseline file), the rule code and a
fingerprint — a hash of the text the finding points at plus its message, both normalised (spaces
collapsed; digits in the message masked, so "见第 12 行" survives edits above it) — never by line
number. Identical findings in one file are counted, so a baseline with one TOT301 on a row does
not hide a second, new one. Entries of a checked file that no longer match are stale (RL014).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .findings import Finding

STALE = "RL014"
VERSION = 1
# Unreadable files and internal errors are never baselined: they must stay visible until fixed.
NOT_BASELINED = {"RL001", "RL009", "RL010", STALE}

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


class BaselineError(Exception):
    """The baseline file cannot be read or written."""


def fingerprint(code: str, snippet: str, message: str) -> str:
    """The part of a baseline key that comes from the finding itself."""
    text = _SPACE.sub(" ", snippet).strip()
    msg = _DIGITS.sub("#", _SPACE.sub(" ", message).strip())
    return hashlib.sha1(f"{code}\0{text}\0{msg}".encode("utf-8")).hexdigest()[:16]


Key = tuple[str, str, str]  # (path, code, fingerprint)


@dataclass
class Baseline:
    path: Path
    counts: Counter[Key] = field(default_factory=Counter)
    messages: dict[Key, str] = field(default_factory=dict)
    _index: dict[str, dict[Key, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def root(self) -> Path:
        return self.path.resolve().parent

    def rel(self, name: str) -> str:
        """A report's path as stored: relative to the baseline's folder when it is inside it."""
        p = Path(name)
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return p.as_posix()

    # -- reading and writing ---------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["entries"] if data.get("version") == VERSION else None
        except (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError) as exc:
            raise BaselineError(f"无法读取基线文件 {path}：{exc}") from exc
        if not isinstance(entries, list):
            raise BaselineError(f"基线文件 {path} 不是 report-lint 基线（version {VERSION}）")
        b = cls(path)
        for e in entries:
            try:
                key = (str(e["path"]), str(e["code"]), str(e["fingerprint"]))
                b.counts[key] += int(e.get("count", 1))
            except (KeyError, TypeError, ValueError) as exc:
                raise BaselineError(f"基线文件 {path} 的条目无效：{e!r}") from exc
            b.messages[key] = str(e.get("message", ""))
        return b

    def dump(self) -> None:
        entries = [{"path": p, "code": c, "fingerprint": h, "count": n,
                    "message": self.messages.get((p, c, h), "")}
                   for (p, c, h), n in sorted(self.counts.items()) if n > 0]
        text = json.dumps({"version": VERSION, "tool": "report-lint", "entries": entries},
                          ensure_ascii=False, indent=1) + "\n"
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise BaselineError(f"无法写入基线文件 {self.path}：{exc.strerror or exc}") from exc

    def update(self, results: Iterable[Any]) -> int:
        """Replace the entries of the checked files with their current findings; drop entries of
        files that no longer exist. Returns the number of findings recorded."""
        results = list(results)
        self._index = None
        checked = {self.rel(r.path) for r in results}
        for key in list(self.counts):
            if key[0] in checked or not (self.root / key[0]).exists():
                del self.counts[key]
        n = 0
        for r in results:
            for f, fp in zip(r.findings, r.fingerprints):
                if f.code not in NOT_BASELINED:
                    key = (self.rel(r.path), f.code, fp)
                    self.counts[key] += 1
                    self.messages[key] = f.message
                    n += 1
        return n

    # -- filtering -------------------------------------------------------------------------
    def _by_path(self) -> dict[str, dict[Key, int]]:
        """Entries grouped by path, built once: a run looks up every checked file."""
        if self._index is None:
            self._index = {}
            for key, n in self.counts.items():
                self._index.setdefault(key[0], {})[key] = n
        return self._index

    def split(self, name: str, findings: list[Finding], fingerprints: list[str]
              ) -> tuple[list[int], list[Finding]]:
        """Indexes of the findings that are new, and RL014 findings for stale entries."""
        rel = self.rel(name)
        left = Counter(self._by_path().get(rel, {}))
        if not left:
            return list(range(len(findings))), []
        new = []
        for i, (f, fp) in enumerate(zip(findings, fingerprints)):
            key = (rel, f.code, fp)
            if left[key] > 0 and f.code not in NOT_BASELINED:
                left[key] -= 1
            else:
                new.append(i)
        stale = [_stale(name, key, n, self.messages.get(key, "")) for key, n in sorted(left.items())
                 if n > 0]
        return new, stale


def _stale(name: str, key: Key, n: int, message: str) -> Finding:
    times = f"（{n} 处）" if n > 1 else ""
    return Finding(STALE, f"基线中的 {key[1]}{times}已不再出现：「{message}」；请用 --update-baseline "
                   "更新基线，以免日后同样的问题被基线掩盖", severity="error", name="stale-baseline-entry",
                   path=name, data={"fingerprint": key[2]})
