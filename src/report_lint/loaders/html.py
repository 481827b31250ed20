"""HTML loader: a government CMS page, a saved report body, or Word's "save as web page".

- The page is decoded with its declared charset (GBK/GB2312 read as GB18030) and parsed into a
  tree whose text runs keep their offsets (`htmltree`). `Source.text` is the page itself, so every
  span points into the HTML and fixes can be written back.
- Page chrome is skipped: scripts and styles, hidden elements, navigation/header/footer/share/search
  blocks (by tag, class and id), and link lists (blocks whose text is mostly links).
- Paragraph blocks (`<p>`, `<div>`, `<br>` …) become `Paragraph`s; their `text` is the visible text
  (markup removed, white space collapsed, line breaks between Chinese characters dropped) and their
  span runs from the first to the last visible character in the page. Headings are split off
  their paragraph here, so a heading's span and the start of the text after it are exact. Inside
  a paragraph with markup, `text` offsets do not map one to one onto the page: a rule that
  places an edit by an offset into `Paragraph.text` must check `Source.text` at the edit first.
- `<table>` becomes a `Table`: rowspan/colspan resolved into `rows`, each cell once in `cells` in
  reading order. Text split over `<br>`, `<p>` or `<span>` inside a cell is joined; a cell holding
  only `&nbsp;` is blank. A table holding other tables, or with one cell per row, is page layout:
  its content is read as flow.
- The CMS metadata block (a label/value table, `标题：…` lines, `<meta name="ArticleTitle">`, …) is
  read into `Document.metadata` (see `htmlmeta`).
"""
from __future__ import annotations

import re

from ..model import Block, Document, Paragraph
from ..source import Source, Span, decode, detect_newline
from .grid import Draft, make_table
from .htmlmeta import MetaCollector, head_metadata
from .htmltree import Node, Run, VisibleText, parse_tree
from .limits import check_size
from .structure import Item, assemble, split_heading_line

# Elements that start and end a block of text.
BLOCK = frozenset("address article aside blockquote body caption center dd details dialog div dl "
                  "dt fieldset figcaption figure form h1 h2 h3 h4 h5 h6 header hgroup hr html li "
                  "main nav ol p pre section summary td th tr ul tbody thead tfoot".split())
SKIP = frozenset("script style noscript template head title meta link nav footer aside form "
                 "button select option textarea iframe object embed svg canvas video audio map "
                 "img input label".split())
_CHROME_WORDS = frozenset(
    "nav navbar menu header footer foot breadcrumb crumb crumbs share bdshare search login "
    "copyright sidebar weather ewm qrcode banner toolbar links friendlink yqlj fenxiang skip"
    .split())
_DENSITY_TAGS = frozenset("div ul ol dl p section table li".split())
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BREAK = Run("\n", -1, -1)  # a block boundary inside a cell: joins like a line break
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534  # the HTML standard's limits
MIN_LINKS = 3  # a block with fewer links is never dropped as a link list


def load(path: str, data: bytes) -> Document:
    """Read an HTML page into a `Document` whose spans point into the page text."""
    check_size("html", len(data))
    text, encoding, bom = decode_html(data)
    doc = Document(Source(path, text, "html", encoding, bom, detect_newline(text), raw=data))
    root = parse_tree(text)
    meta = MetaCollector(text)
    walker = _Walker(text, meta, _measure(root))
    walker.walk(root)
    walker.flush()
    blocks = _drop_after_content(walker.blocks, root)
    meta.merge_head(head_metadata(root, text))
    doc.metadata.update(meta.result())
    assemble(doc, _items(blocks, walker.visible))
    return doc


def _items(blocks: list[Block], visible: dict[int, VisibleText]) -> list[Item]:
    """Headings split off their paragraphs in visible-text offsets, then mapped into the page, so
    a heading and the text after it get exact spans even with markup between them."""
    items: list[Item] = []
    for b in blocks:
        vt = visible.get(id(b))
        if vt is None:
            items.append(b)
            continue
        for it in split_heading_line(Paragraph(b.text, Span(0, len(b.text)))):
            it.span = vt.span(it.span.start, it.span.end)
            items.append(it)
    return items


def decode_html(data: bytes) -> tuple[str, str, bool]:
    """Decode with the charset a `<meta>` declares; valid UTF-8 wins over a wrong declaration."""
    m = _META_CHARSET.search(data[:8192])
    declared = m.group(1).decode("ascii", "replace") if m else None
    if declared:
        try:
            data.decode("utf-8")
            declared = None  # valid UTF-8 with non-ASCII text is never an accident
        except UnicodeDecodeError:
            pass
    return decode(data, declared=declared)


# --- chrome ---------------------------------------------------------------------------------------

Sizes = dict[int, tuple[int, int, int]]


def _measure(root: Node) -> Sizes:
    """Per element (by id): visible characters, characters inside links, number of links."""
    sizes: Sizes = {}
    for node in reversed(list(root.iter())):  # children before parents
        chars = link_chars = links = 0
        for c in node.children:
            if isinstance(c, Run):
                chars += len(c.text) - c.text.count(" ") - c.text.count("\n")
            elif c.tag not in ("script", "style"):
                sub = sizes[id(c)]
                chars += sub[0]
                link_chars += sub[0] if c.tag == "a" else sub[1]
                links += 1 if c.tag == "a" else sub[2]
        sizes[id(node)] = (chars, link_chars, links)
    return sizes


def _is_chrome(node: Node, sizes: Sizes) -> bool:
    tag = node.tag
    if tag in SKIP or (tag == "header" and not node.has_ancestor(frozenset({"article", "main"}))):
        return True
    if "hidden" in node.attrs or _HIDDEN.search(node.attrs.get("style", "")):
        return True
    for name in ("class", "id"):
        value = node.attrs.get(name)
        if value and any(t in _CHROME_WORDS for t in _TOKEN_SPLIT.split(value.lower())):
            return True
    if tag in _DENSITY_TAGS:
        chars, link_chars, links = sizes.get(id(node), (0, 0, 0))
        # a list of links: navigation, related articles, "print | close"
        return links >= MIN_LINKS and link_chars * 2 > chars

    return False


# --- text -----------------------------------------------------------------------------------------

def collect_runs(node: Node, out: list[Run], sizes: Sizes) -> None:
    """All visible text runs under `node`, with a break marker around each inner block."""
    for c in node.children:
        if isinstance(c, Run):
            out.append(c)
        elif not _is_chrome(c, sizes):
            block = c.tag in BLOCK or c.tag == "br"
            if block:
                out.append(_BREAK)
            collect_runs(c, out, sizes)
            if block:
                out.append(_BREAK)


# --- blocks ---------------------------------------------------------------------------------------

class _Walker:
    """Walks the page in document order, producing paragraphs and tables."""

    def __init__(self, text: str, meta: MetaCollector, sizes: Sizes) -> None:
        self.text = text
        self.meta = meta
        self.sizes = sizes
        self.blocks: list[Block] = []
        self.line: list[Run] = []
        self.content_seen = False  # a table or a numbered heading: metadata lines end there
        self.visible: dict[int, VisibleText] = {}  # paragraph id → its text's map into the page

    def walk(self, node: Node) -> None:
        for c in node.children:
            if isinstance(c, Run):
                self.line.append(c)
            else:
                self.element(c)

    def element(self, node: Node) -> None:
        if _is_chrome(node, self.sizes):
            return
        if node.tag == "br":
            self.flush()
        elif node.tag == "table":
            self.flush()
            self.table(node)
        elif node.tag in BLOCK:
            self.flush()
            self.walk(node)
            self.flush()
        else:
            self.walk(node)

    def flush(self) -> None:
        if not self.line:
            return
        visible = VisibleText(self.line)
        self.line = []
        if not visible.text:
            return
        if not self.content_seen:
            if self.meta.take_paragraph(visible):
                return
            self.content_seen = bool(_HEADING.match(visible.text))
        par = Paragraph(visible.text, visible.span())
        self.visible[id(par)] = visible
        self.blocks.append(par)

    # -- tables ----------------------------------------------------------------------------
    def table(self, node: Node) -> None:
        rows = [[c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
                for tr in table_rows(node)]
        if _is_layout(rows):
            for caption in (c for c in node.children if isinstance(c, Node) and c.tag == "caption"):
                self.element(caption)
            for row in rows:
                for cell in row:
                    self.flush()
                    self.walk(cell)
                    self.flush()
            return
        texts = [[self.cell_text(td) for td in row] for row in rows]
        if self.meta.take_table(texts):
            return
        drafts = [[self.draft(td, vt) for td, vt in zip(row, vts)] for row, vts in zip(rows, texts)]
        if any(drafts):
            self.blocks.append(make_table(drafts, Span(node.start, node.end)))
            self.content_seen = True

    def cell_text(self, td: Node) -> VisibleText:
        runs: list[Run] = []
        collect_runs(td, runs, self.sizes)
        return VisibleText(runs)

    def draft(self, td: Node, vt: VisibleText) -> Draft:
        if vt.text:
            span = vt.span()
        else:  # blank: point at its first run (&nbsp; …) or where its text would go
            first = next((r for r in _runs_under(td) if r.start < r.end), None)
            at = td.content_start
            span = Span(first.start, first.end) if first else Span(at, at)
        return Draft(vt.text, span, _span_attr(td, "rowspan", MAX_ROWSPAN),
                     _span_attr(td, "colspan", MAX_COLSPAN))


def _drop_after_content(blocks: list[Block], root: Node) -> list[Block]:
    """Drop what follows the report's own container (sidebars, "related" lists, footers).

    The container is the smallest element holding the parents of every table and numbered
    heading; blocks before it (the title, the CMS metadata) stay.
    """
    marks = [b.span for b in blocks if not isinstance(b, Paragraph) or _HEADING.match(b.text)]
    if not marks:
        return blocks
    nodes = list(root.iter())
    holders = [_block_parent(_smallest(nodes, m.start, m.end, root)) for m in marks]
    box = _smallest(nodes, min(h.start for h in holders), max(h.end for h in holders), root)
    return [b for b in blocks if b.span.start < box.end]


def _smallest(nodes: list[Node], lo: int, hi: int, default: Node) -> Node:
    best = default
    for node in nodes:
        if node.start <= lo and node.end >= hi and node.end - node.start < best.end - best.start:
            best = node
    return best


def _block_parent(node: Node) -> Node:
    """The parent of the block element (paragraph, table …) that holds `node`."""
    while node.parent is not None and node.tag not in BLOCK and node.tag != "table":
        node = node.parent
    return node.parent or node


_HEADING = re.compile(r"\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def table_rows(table: Node) -> list[Node]:
    """The `<tr>`s of a table in order (inside thead/tbody/tfoot too, never of a nested table)."""
    rows: list[Node] = []
    for c in table.children:
        if not isinstance(c, Node):
            continue
        if c.tag == "tr":
            rows.append(c)
        elif c.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in c.children if isinstance(r, Node) and r.tag == "tr")
    return rows


def _is_layout(rows: list[list[Node]]) -> bool:
    """A table used to lay out the page: it holds tables, or it has at most one cell per row."""
    if not rows or max(len(r) for r in rows) <= 1:
        return True
    return any(n.tag == "table" and n is not cell
               for row in rows for cell in row for n in cell.iter())


def _runs_under(node: Node) -> list[Run]:
    out: list[Run] = []
    for n in node.iter():
        out.extend(c for c in n.children if isinstance(c, Run))
    return out


def _span_attr(node: Node, name: str, limit: int) -> int:
    raw = node.attrs.get(name, "1").strip()
    digits = re.match(r"\d+", raw)
    value = int(digits.group()) if digits else 1
    if value == 0:
        return limit if name == "rowspan" else 1  # rowspan="0": to the end of the table
    return min(value, limit)
