"""The metadata a report page carries besides the report: the label/value block most government
CMS pages print above the article (索引号 · 发布机构 · 公开日期 …), `标题：…` / `来源：… 时间：…`
lines, and `<meta name="ArticleTitle|PubDate|ContentSource">` tags (the national site standard).

Keys are kept as the page writes them; a few are also stored under the key `facts` reads
(`名称` → `标题`, `时间` → `发布时间`, `发文机关` → `发布机构` …) when that key is not there.
Visible labels win over `<meta>` tags, which win over `<title>`.
"""
from __future__ import annotations

import re

from ..source import Span
from .htmltree import Node, Run, VisibleText

LABELS = ("标题", "名称", "文件名称", "索引号", "发布机构", "发文机关", "发布单位", "所属机构",
          "信息来源", "来源", "发布时间", "发布日期", "公开日期", "成文日期", "生成日期", "时间",
          "日期", "文号", "发文字号", "分类", "主题分类", "体裁分类", "组配分类", "关键词",
          "公开方式", "公开范围", "公开时限", "有效性", "单位", "采集时间", "浏览次数", "访问次数",
          "点击数", "作者", "责任编辑", "字号")
ALIASES = {"名称": "标题", "文件名称": "标题", "页面标题": "标题", "时间": "发布时间",
           "日期": "发布时间", "发文机关": "发布机构", "发布单位": "发布机构", "所属机构": "发布机构"}
META_NAMES = {"articletitle": "标题", "pubdate": "发布时间", "publishdate": "发布时间",
              "firstpublishedtime": "发布时间", "contentsource": "来源", "author": "作者"}
_LABEL_SET = frozenset(LABELS)
# A label and its colon. Only the first must start the line: later ones often follow the previous
# value directly ("来源：某某办公室时间：2025-03-10"), the space between two <span>s being gone.
_PAIR = re.compile(r"(?P<key>" + "|".join(sorted(LABELS, key=len, reverse=True))
                   + r")[ \t\u3000]*[:：][ \t\u3000]*")
_VALUE_END = re.compile(r"\s{2,}|[【\[|｜]")
MAX_META_LINE = 300
Entry = tuple[str, Span | None]


class MetaCollector:
    """Collects metadata as the page is walked; `result()` gives `Document.metadata`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.visible: dict[str, Entry] = {}
        self.head: dict[str, Entry] = {}

    def take_paragraph(self, vt: VisibleText) -> bool:
        """Read a `键：值 键：值` line that starts with a metadata label; True when it was one."""
        text = vt.text
        if len(text) > MAX_META_LINE or not _PAIR.match(text):
            return False
        pairs = list(_PAIR.finditer(text))
        for m, nxt in zip(pairs, pairs[1:] + [None]):
            stop = nxt.start() if nxt else len(text)
            cut = _VALUE_END.search(text, m.end(), stop)
            end = cut.start() if cut else stop
            value = text[m.end():end].strip()
            if value:
                start = m.end() + (len(text[m.end():end]) - len(text[m.end():end].lstrip()))
                self.visible.setdefault(m.group("key"), (value, vt.span(start, start + len(value))))
        return True

    def take_table(self, rows: list[list[VisibleText]]) -> bool:
        """Read a label/value table (名称 | … | 索引号 | …); True when it was one."""
        pairs = [(row[i], row[i + 1]) for row in rows for i in range(len(row) - 1)
                 if row[i].text.rstrip("：: ") in _LABEL_SET]
        if len(pairs) < 2:
            return False
        for label, value in pairs:
            if value.text and value.text.rstrip("：: ") not in _LABEL_SET:
                self.visible.setdefault(label.text.rstrip("：: "), (value.text, value.span()))
        return True

    def merge_head(self, entries: list[tuple[str, str, Span | None]]) -> None:
        for key, value, span in entries:
            if value:
                self.head.setdefault(key, (value, span))

    def result(self) -> dict[str, Entry]:
        out = dict(self.visible)
        for key, entry in self.head.items():
            out.setdefault(key, entry)
        for key, target in ALIASES.items():
            if key in out:
                out.setdefault(target, out[key])
        return out


def head_metadata(root: Node, text: str) -> list[tuple[str, str, Span | None]]:
    """`<meta name=… content=…>` entries that name the article, then the page `<title>`."""
    found: list[tuple[str, str, Span | None]] = []
    title: tuple[str, str, Span | None] | None = None
    for node in root.iter():
        if node.tag == "meta":
            key = META_NAMES.get(node.attrs.get("name", "").strip().lower())
            value = node.attrs.get("content", "").strip()
            if key and value:
                found.append((key, value, _attr_span(text, node, value)))
        elif node.tag == "title" and title is None:
            vt = VisibleText([c for c in node.children if isinstance(c, Run)])
            if vt.text:
                title = ("页面标题", vt.text, vt.span())
    return found + ([title] if title else [])


def _attr_span(text: str, node: Node, value: str) -> Span | None:
    """Where an attribute value is written inside its start tag (None if written with entities)."""
    at = text.find(value, node.start, node.content_start)
    return Span(at, at + len(value)) if at >= 0 else None
