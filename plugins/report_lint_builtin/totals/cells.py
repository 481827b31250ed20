"""TOT310–313: what a value cell of tables 二/三/四 holds — blanks, text, negatives, fractions.

Blank is never 0. Blank cells are reported once per block (a 第二十条 item of table 二, or the
whole of table 三 / 四), naming the columns that are blank throughout and the other blank cells,
so a table with whole columns left empty gets one finding, not one per cell.

Negative and non-integer values are read from the template's per-cell relations (`cell >= 0`,
integer) where the table has them (tables 三, 四); table 二 has none, so there the columns' own
flags decide (`signed`: 本年增/减 may be negative; `money`: amounts may have decimals).
Rows the binder marked unreadable (RL005) are skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from report_lint.findings import Edit, Finding, Fix
from report_lint.model import BoundRow, BoundTable, Cell, Report
from report_lint.rules import RuleContext, rule
from report_lint.templates.schema import ColumnDef, TableDef

from . import labels
from .messages import visible
from .relations import TableRelations, analyze

MAX_LISTED = 4
# Placeholders written instead of 0; an unsafe fix may turn them into 0.
PLACEHOLDERS = {"/", "／", "\\", "—", "——", "-", "－", "–", "无", "空"}


@dataclass
class Block:
    """The blank cells of one block of a table."""

    table: TableDef
    name: str
    rows: list[BoundRow] = field(default_factory=list)
    blanks: list[tuple[BoundRow, str, Cell]] = field(default_factory=list)


def _readable_rows(bound: BoundTable) -> Iterator[BoundRow]:
    for row in bound.rows.values():
        if not row.unreadable and row.cells:
            yield row


def _tables(report: Report) -> Iterator[tuple[BoundTable, TableRelations]]:
    tables = analyze(report)
    for key, bound in report.tables.items():
        if key in tables:
            yield bound, tables[key]


def _column(tdef: TableDef, row: str, col: str) -> ColumnDef | None:
    cs = tdef.column_set_of(row)
    return cs.column(col) if cs is not None else None


# --- TOT310 blanks ------------------------------------------------------------------------------

def blank_blocks(report: Report) -> list[Block]:
    out: list[Block] = []
    for bound, tr in _tables(report):
        blocks: dict[str, Block] = {}
        for row in _readable_rows(bound):
            name = row.item or ""
            block = blocks.setdefault(name, Block(tr.tdef, name))
            block.rows.append(row)
            for col, cell in zip(row.columns, row.cells):
                if cell is not None and cell.kind == "blank":
                    block.blanks.append((row, col, cell))
        out += [b for b in blocks.values() if b.blanks]
    return out


def _blank_message(block: Block) -> str:
    """Blank cells summarised by column: columns blank throughout, then the other columns with
    their blank rows (a few named, larger counts summarised)."""
    tdef = block.table
    where = labels.table_name(tdef) + (f" {block.name}" if block.name else "")
    n = len(block.blanks)
    head = f"{where} 有 {n} 个单元格空白（空白不等于 0，没有的应填 0）"
    by_col: dict[str, list[BoundRow]] = {}
    for row, col, _ in sorted(block.blanks, key=lambda b: b[0].columns.index(b[1])):
        by_col.setdefault(col, []).append(row)
    first = block.blanks[0][0].key
    if labels.single_row(tdef):
        cols = [labels.column_label(tdef, first, c) for c in by_col]
        return f"{head}：{_listed(cols, '个')}"
    whole, parts = [], []
    for col, rows in by_col.items():
        name = labels.column_label(tdef, rows[0].key, col)
        having = [r for r in block.rows if col in r.columns]
        if len(having) > 1 and len(rows) == len(having):
            whole.append(name)
        elif len(rows) <= MAX_LISTED - 1:
            parts.append(f"{name}列：{'、'.join(labels.row_name(tdef, r.key) for r in rows)}")
        else:
            parts.append(f"{name}列 {len(rows)} 行（{labels.row_name(tdef, rows[0].key)} 等）")
    if whole:
        parts.insert(0, f"{'、'.join(whole)}列全部空白")
    return f"{head}：{'；'.join(parts)}"


def _listed(items: list[str], unit: str) -> str:
    if len(items) <= MAX_LISTED + 2:
        return "、".join(items)
    return "、".join(items[:MAX_LISTED]) + f" 等 {len(items)} {unit}"


@rule("TOT310", "blank-cell", "统计表单元格空白（空白不等于 0）", severity="warning")
def blank_cell(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A value cell of table 二, 三 or 四 is left blank.

    ## What it checks
    Every value cell of a bound row holds something. Blanks are collected per block — each
    第二十条 item of table 二, and tables 三 and 四 as a whole — and reported once per block,
    naming the columns that are blank throughout the block and the other blank cells by row.

    ## Why
    A blank is not a 0: the reader cannot tell "none" from "not filled in", and the arithmetic
    cannot be checked. The national formats have a number in every value cell.

    ## Example
    `规章 | 0 | | |` (one of three cells filled) → `表二 第二十条第（一）项 有 4 个单元格空白（…）：
    规章（本年新公开数量、对外公开总数量）；规范性文件（本年新公开数量、对外公开总数量）`.

    ## Fix safety
    No fix: a blank may stand for 0 or for a number that was not filled in.

    ## Basis
    IMPLIED by the national formats (every value cell is a count; domain.md §3.1 T3-4, §3.2
    T4-4, §3.3 T2-7).
    """
    for block in blank_blocks(report):
        first = block.blanks[0][2]
        yield ctx.finding(_blank_message(block), visible(first.span, report.source),
                          table=block.table.key,
                          block=block.name, cells=[[r.key, c] for r, c, _ in block.blanks])


# --- TOT311 text ----------------------------------------------------------------------------------

@rule("TOT311", "text-in-number-cell", "统计表数值单元格填写了文字或符号", severity="warning",
      fix="unsafe")
def text_cell(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A value cell holds text such as `/`, `—` or `无` instead of a number.

    ## What it checks
    Every filled value cell of tables 二, 三 and 四 reads as a number (money columns may carry a
    unit: `251000元`). One finding per row, naming the cells and what they hold.

    ## Why
    `/` or `—` leaves the reader guessing whether it means 0 or "not applicable", and the
    arithmetic cannot be checked. The formats ask for counts (write 0).

    ## Example
    `规章 | / | / | / |` → `表二 规章行 填写了“/”（本年制发件数、本年废止件数、现行有效件数），应填数字（没有的填 0）`.

    ## Fix safety
    Unsafe: placeholders (`/`, `—`, `-`, `无`) are replaced by `0`, which is what they usually
    mean but not always (a `/` may mark a row that does not apply to the body).

    ## Basis
    IMPLIED by the national formats (every value cell is a count; domain.md §3.1 T3-4).
    """
    for bound, tr in _tables(report):
        for row in _readable_rows(bound):
            texts = [(c, cell) for c, cell in zip(row.columns, row.cells)
                     if cell is not None and cell.kind == "text"]
            if texts:
                yield _text_finding(ctx, tr.tdef, row, texts)


def _text_finding(ctx: RuleContext, tdef: TableDef, row: BoundRow,
                  texts: list[tuple[str, Cell]]) -> Finding:
    written = "、".join(dict.fromkeys(f"“{cell.raw}”" for _, cell in texts))
    cols = "、".join(labels.column_label(tdef, row.key, c) for c, _ in texts)
    where = "" if labels.single_row(tdef) else f" {labels.row_name(tdef, row.key)}行"
    msg = f"{labels.table_name(tdef)}{where} 填写了{written}（{cols}），应填数字（没有的填 0）"
    edits = tuple(Edit(cell.span.start, cell.span.end, "0") for _, cell in texts
                  if cell.raw.strip() in PLACEHOLDERS)
    fix = Fix(edits, "unsafe", "将占位符改为 0") if len(edits) == len(texts) else None
    return ctx.finding(msg, texts[0][1].span, fix=fix, table=tdef.key, row=row.key,
                       columns=[c for c, _ in texts])


# --- TOT312 / TOT313 values ----------------------------------------------------------------

def bad_values(report: Report, kind: str) -> Iterator[tuple[TableDef, str, str, Cell]]:
    """Cells that are negative (`kind="negative"`) or not whole (`"fraction"`) where counts
    are expected: per-cell relation failures, or the column flags where a table has none."""
    for bound, tr in _tables(report):
        if tr.cell_rules:
            for fail in tr.cell_failures:
                if fail.reason == kind:
                    yield tr.tdef, fail.row, fail.column, fail.cell
            continue
        for row in _readable_rows(bound):
            for col, cell in zip(row.columns, row.cells):
                cdef = _column(tr.tdef, row.key, col)
                signed = cdef is not None and cdef.signed
                money = cdef is not None and cdef.money
                if cell is not None and cell.kind == "number" and _is(kind, cell.value,
                                                                       not signed, not money):
                    yield tr.tdef, row.key, col, cell


def _is(kind: str, value: float | int | None, check_sign: bool, check_int: bool) -> bool:
    if value is None:
        return False
    if kind == "negative":
        return check_sign and value < 0
    return check_int and value >= 0 and not float(value).is_integer()


@rule("TOT312", "negative-count", "统计表中出现负数", severity="error")
def negative_count(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A count cell holds a negative number.

    ## What it checks
    Cells of tables 三 and 四 against the templates' per-cell relation `cell >= 0` (T3-4, T4-4);
    cells of table 二 except the signed column 本年增/减 of the 2019 format.

    ## Why
    Requests, cases and documents cannot be negative; a minus sign is a typing or extraction
    error.

    ## Example
    `（一）予以公开 | -1 |` → `表三 （一）予以公开·自然人 为 -1，件数不能为负数`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED (domain.md §3.1 T3-4, §3.2 T4-4): the cells count requests and cases.
    """
    for tdef, row, col, cell in bad_values(report, "negative"):
        msg = (f"{labels.table_name(tdef)} {labels.cell_name(tdef, row, col)} 为 "
               f"{labels.fmt(cell.value)}，件数不能为负数")
        yield ctx.finding(msg, cell.span, table=tdef.key, row=row, column=col)


@rule("TOT313", "fractional-count", "件数单元格出现小数", severity="warning")
def fractional_count(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A count cell holds a number with a fraction.

    ## What it checks
    Cells of tables 三 and 四 against the templates' per-cell relations (`integer = true`);
    cells of table 二 except money columns (收费金额 in 万元, 采购总金额).

    ## Why
    Counts are whole numbers; `1.5` is a typing error, or a value placed in the wrong column.

    ## Example
    `一、本年新收… | 2.5 |` → `表三 一、本年新收政府信息公开申请数量·自然人 为 2.5，件数应为整数`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED (domain.md §3.1 T3-4, §3.2 T4-4).
    """
    for tdef, row, col, cell in bad_values(report, "fraction"):
        msg = (f"{labels.table_name(tdef)} {labels.cell_name(tdef, row, col)} 为 "
               f"{labels.fmt(cell.value)}，件数应为整数")
        yield ctx.finding(msg, cell.span, table=tdef.key, row=row, column=col)


RULES = [blank_cell, text_cell, negative_count, fractional_count]
