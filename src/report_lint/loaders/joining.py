"""Joining pieces of text that a layout split: wrapped lines of a label, several paragraphs of one
table cell, the characters of a vertical label. Chinese is written without spaces, so a break
between two CJK characters disappears; between Latin letters or digits it becomes one space."""
from __future__ import annotations

from typing import Iterable


def is_tight(ch: str) -> bool:
    """A CJK character or CJK/full-width punctuation: text around it needs no space."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F or 0x20000 <= o <= 0x3FFFF
            or ch in "“”‘’…—·")


def joiner(left: str, right: str) -> str:
    """What goes between two pieces: nothing next to CJK, otherwise one space."""
    if not left or not right:
        return ""
    return "" if is_tight(left[-1]) or is_tight(right[0]) else " "


def join_pieces(pieces: Iterable[str]) -> str:
    """Join stripped, non-empty pieces with `joiner`."""
    out = ""
    for p in pieces:
        p = p.strip()
        if p:
            out += joiner(out, p) + p
    return out
