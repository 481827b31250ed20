"""Text normalisation shared by loaders, binding and rules."""
from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
# Full-width and look-alike punctuation mapped to one form; each maps one character to one
# character so offsets survive normalisation.
_FOLD = str.maketrans({
    "(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "“": "\"", "”": "\"", "＂": "\"",
    "〔": "〔", "[": "〔", "]": "〕", "【": "〔", "】": "〕", "／": "/", "－": "-", "—": "-",
    "、": "、", "．": ".", "\u3000": " ", "\u00a0": " ",
})
_WS = re.compile(r"\s+")
_NON_WS = re.compile(r"\S+")


def fold(s: str) -> str:
    """Unify punctuation (one char to one char); keeps length."""
    return s.translate(_FOLD)


def norm(s: str) -> str:
    """Fold punctuation and drop all whitespace: the form labels and headings are compared in."""
    return _WS.sub("", s.translate(_FOLD))


def norm_with_map(s: str) -> tuple[str, list[int]]:
    """`norm(s)` plus, for each output character, its offset in `s`."""
    out: list[str] = []
    idx: list[int] = []
    folded = s.translate(_FOLD)
    for m in _NON_WS.finditer(folded):  # `\s` is exactly `str.isspace`
        a, b = m.span()
        out.append(m.group())
        idx.extend(range(a, b))
    return "".join(out), idx


def cn_number(s: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一, 十二, 二十, 两) or of ASCII digits."""
    if s.isdigit():
        return int(s)
    if not s or any(c not in CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        if len(a) > 1 or len(b) > 1 or "十" in b:  # 十十, 二十二十, 一二十: not a numeral
            return None
        tens = CN_DIGITS[a] if a else 1
        return tens * 10 + (CN_DIGITS[b] if b else 0)
    if len(s) == 1:
        return CN_DIGITS[s]
    return None
