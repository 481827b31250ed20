"""A small HTML tree with source offsets, built with the standard library's tolerant parser.

Every text run remembers where it is in the decoded page (`Source.text`), so the HTML loader can
give cells and paragraphs spans into the page itself. Entities stay separate runs (their text is
the character, their span the entity as written). Implied end tags are handled the way browsers do
for the cases reports meet (`<p>`, `<li>`, `<td>`, `<tr>` left open), and nesting deeper than
`limits.LIMITS.max_html_depth` is refused.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator, Union

from ..source import InputError, Span
from .joining import is_tight
from .limits import LIMITS, check_depth

VOID = frozenset("area base br col embed hr img input link meta param source track wbr "
                 "basefont frame isindex keygen".split())
# Elements whose start closes an open <p> (HTML's "close a p element"), as far as reports need.
CLOSES_P = frozenset("address article aside blockquote center details dialog dir div dl fieldset "
                     "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu "
                     "nav ol p pre section summary table ul".split())
_SCOPE = frozenset({"#root", "html", "table", "td", "th", "caption", "button", "object",
                    "template", "marquee", "applet"})
_TABLE_SCOPE = frozenset({"#root", "html", "table", "template"})


@dataclass(slots=True)
class Run:
    """Text as written between tags, or one entity. `end - start == len(text)` for plain text."""

    text: str
    start: int
    end: int

    @property
    def exact(self) -> bool:
        return self.end - self.start == len(self.text)


@dataclass(eq=False, slots=True)
class Node:
    tag: str
    attrs: dict[str, str]
    start: int  # offset of "<"
    content_start: int  # offset just after the start tag
    end: int = -1  # offset after the end tag (or where the element was implicitly closed)
    parent: "Node | None" = None
    children: list[Union["Node", Run]] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        """This node and all descendant elements, in document order (no recursion)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))

    def has_ancestor(self, tags: frozenset[str] | set[str]) -> bool:
        p = self.parent
        while p is not None:
            if p.tag in tags:
                return True
            p = p.parent
        return False


class VisibleText:
    """Runs turned into visible text, with each character's range in the page."""

    def __init__(self, runs: list[Run]) -> None:
        chars: list[tuple[str, int, int]] = []
        for r in runs:
            if r.exact:
                chars.extend((ch, r.start + i, r.start + i + 1) for i, ch in enumerate(r.text))
            else:
                chars.extend((ch, r.start, r.end) for ch in r.text)
        self.text, self.starts, self.ends = _collapse(chars)

    def span(self, i: int = 0, j: int | None = None) -> Span:
        j = len(self.text) if j is None else j
        return Span(self.starts[i], self.ends[j - 1])


def _collapse(chars: list[tuple[str, int, int]]) -> tuple[str, list[int], list[int]]:
    """Collapse white space: none at the ends, none where a line break meets Chinese text, one
    space elsewhere."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        ch, s, e = chars[i]
        if not ch.isspace():
            out.append(ch)
            starts.append(s)
            ends.append(e)
            i += 1
            continue
        j, newline = i, False
        while j < n and chars[j][0].isspace():
            newline = newline or chars[j][0] in "\r\n"
            j += 1
        if out and j < n and not (newline and (is_tight(out[-1]) or is_tight(chars[j][0]))):
            out.append(" ")  # stands for the white space between the two characters
            starts.append(ends[-1])
            ends.append(max(chars[j][1], ends[-1]))
        i = j
    return "".join(out), starts, ends


class _Builder(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self._lines = _line_starts(text)
        self.root = Node("#root", {}, 0, 0)
        self.stack: list[Node] = [self.root]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    # -- elements --------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, push=tag not in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, push=False)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], push: bool) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self._imply_end(tag)
        parent = self.stack[-1]
        node = Node(tag, {k: v or "" for k, v in attrs}, start, start + len(raw), parent=parent)
        parent.children.append(node)
        if push:
            self.stack.append(node)
            if len(self.stack) > LIMITS.max_html_depth:
                check_depth(len(self.stack) - 1)
        else:
            node.end = node.content_start

    def handle_endtag(self, tag: str) -> None:
        pos = self._offset()
        close = self.text.find(">", pos)
        end = close + 1 if close >= 0 else len(self.text)
        for i in range(len(self.stack) - 1, 0, -1):
            node = self.stack[i]
            if node.tag == tag:
                self._pop_to(i, pos)
                node.end = end
                return
            if node.tag == "table" and tag in ("td", "th", "tr"):
                return  # a stray cell end tag never closes an enclosing table's cell

    def _pop_to(self, i: int, pos: int) -> None:
        """Close stack[i:] at `pos`."""
        while len(self.stack) > i:
            self.stack.pop().end = pos

    def _imply_end(self, tag: str) -> None:
        if tag in CLOSES_P:
            self._close_in_scope({"p"}, _SCOPE)
        if tag == "li":
            self._close_in_scope({"li"}, _SCOPE | {"ul", "ol"})
        elif tag in ("dd", "dt"):
            self._close_in_scope({"dd", "dt"}, _SCOPE | {"dl"})
        elif tag in ("td", "th"):
            self._close_in_scope({"td", "th"}, _TABLE_SCOPE | {"tr"})
        elif tag == "tr":
            self._close_in_scope({"tr"}, _TABLE_SCOPE)
        elif tag in ("tbody", "thead", "tfoot"):
            self._close_in_scope({"tbody", "thead", "tfoot", "tr"}, _TABLE_SCOPE)

    def _close_in_scope(self, names: set[str], boundary: frozenset[str] | set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in names:
                pos = self._offset()
                self._pop_to(i, pos)
                return
            if t in boundary:
                return

    # -- text ------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag in ("script", "style"):
            return
        start = self._offset()
        self.stack[-1].children.append(Run(data, start, start + len(data)))

    def handle_entityref(self, name: str) -> None:
        self._entity(name, html.unescape(f"&{name};") if f"{name};" in html.entities.html5
                     else f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._entity("#" + name, html.unescape(f"&#{name};"))

    def _entity(self, name: str, value: str) -> None:
        start = self._offset()
        end = start + 1 + len(name)
        if self.text.startswith(";", end):
            end += 1
        self.stack[-1].children.append(Run(value, start, end))

    def finish(self) -> Node:
        self.close()
        while len(self.stack) > 1:
            self.stack.pop().end = len(self.text)
        self.root.end = len(self.text)
        return self.root


def parse_tree(text: str) -> Node:
    """Parse a page into a `Node` tree rooted at a `#root` element."""
    builder = _Builder(text)
    try:
        builder.feed(text)
        return builder.finish()
    except InputError:
        raise
    except (AssertionError, ValueError, IndexError) as exc:  # the stdlib parser gave up
        raise InputError(f"无法解析 HTML：{exc}") from exc


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start; lines end at "\\n", as the stdlib parser counts them."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts
