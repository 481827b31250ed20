"""The relation expression language: grammar, evaluation, and relations over bound tables."""
from __future__ import annotations

import pytest

from report_lint.model import BoundRow, BoundTable, Cell
from report_lint.source import Span
from report_lint.templates import load_templates
from report_lint.templates.expr import (ExprError, Term, evaluate, evaluate_expr,
                                        evaluate_relation, holds, iter_failed, parse)


# --- grammar -------------------------------------------------------------------------------

@pytest.mark.parametrize("source, names, sets", [
    ("new + carried_over == total + carry_forward",
     {"new", "carried_over", "total", "carry_forward"}, set()),
    ("total == sum(leaves)", {"total"}, {"leaves"}),
    ("total == sum(leaves, other, 1)", {"total", "other"}, {"leaves"}),
    ("valid >= issued - repealed", {"valid", "issued", "repealed"}, set()),
    ("-a + (b - c) <= 2.5", {"a", "b", "c"}, set()),
    ("+a != 0", {"a"}, set()),
    ("cell >= 0", {"cell"}, set()),
])
def test_parse_accepts_the_grammar(source, names, sets):
    e = parse(source, sets={"leaves"})
    assert e.names == names
    assert e.set_names == sets
    assert str(e) == source


@pytest.mark.parametrize("source", [
    "a.b == 1",  # attribute access
    "a[0] == 1",  # subscript
    "abs(a) == 1",  # calls other than sum
    "__import__('os').system('x') == 0",
    "sum(a, key=b) == 1",  # keyword arguments
    "sum() == 0",
    "sum(*a) == 0",
    "a * b == c",
    "a / b == c",
    "a ** 2 == c",
    "a % 2 == 0",
    "a and b",
    "a == 1 or b == 2",
    "not a == 1",
    "a == b == c",  # chained comparison
    "0 <= a <= 1",
    "a + b",  # no comparison
    "(a == b) + 1 == 1",  # comparison inside arithmetic
    "'x' == a",
    "True == a",
    "None == a",
    "[a] == [b]",
    "(lambda: 1)() == 1",
    "a if b else c",
    "(a := 1) == 1",
    "f'{a}' == a",
    "leaves == 1",  # a row set outside sum()
    "a in b",
    "a is b",
    "",
    "   ",
    "a ==",
])
def test_parse_rejects_everything_else(source):
    with pytest.raises(ExprError):
        parse(source, sets={"leaves"})


def test_parse_rejects_huge_and_deep_input():
    with pytest.raises(ExprError):
        parse("a == " + " + ".join(["b"] * 1000))
    with pytest.raises(ExprError):
        parse("a == " + "-" * 100 + "b")


def test_parse_never_evaluates_python():
    # A name that would be a builtin in Python is just an operand here.
    e = parse("print == open")
    assert e.names == {"print", "open"}


# --- evaluation ----------------------------------------------------------------------------

def test_holds_with_plain_values():
    e = parse("total == sum(leaves) - x", sets={"leaves"})
    assert holds(e, {"total": 5, "a": 3, "b": 4, "x": 2}, {"leaves": ("a", "b")}) is True
    assert holds(e, {"total": 6, "a": 3, "b": 4, "x": 2}, {"leaves": ("a", "b")}) is False
    assert holds(e, {"total": 6, "a": None, "b": 4, "x": 2}, {"leaves": ("a", "b")}) is None


@pytest.mark.parametrize("op, a, b, want", [
    ("==", 0.1 + 0.2, 0.3, True), ("!=", 1, 1, False), ("<", 1, 1, False), ("<=", 1, 1, True),
    (">", 2, 1, True), (">=", 0.3, 0.1 + 0.2, True),
])
def test_comparisons_tolerate_float_noise(op, a, b, want):
    assert holds(parse(f"a {op} b"), {"a": a, "b": b}) is want


def test_not_evaluable_lists_every_operand():
    e = parse("t == a + b")
    terms = {"t": Term("t", "number", 3), "a": Term("a", "blank"), "b": Term("b", "text")}
    out = evaluate_expr(e, lambda n: [terms[n]])
    assert out.holds is None
    assert out.lhs == 3 and out.rhs is None
    assert [t.name for t in out.terms] == ["t", "a", "b"]
    assert {t.name for t in out.bad} == {"a", "b"}


def test_unary_minus_and_constants():
    assert holds(parse("-a + 10 == 7"), {"a": 3}) is True
    assert holds(parse("a - -2 == 5"), {"a": 3}) is True


# --- relations over bound tables -----------------------------------------------------------

def _cell(v) -> Cell:
    raw = "" if v is None else str(v)
    return Cell.of(raw, Span(0, len(raw)))


def _requests(rows: dict[str, list], template: str = "2021") -> BoundTable:
    cols = ["natural", "business", "research", "public_interest", "legal", "other", "total"]
    bt = BoundTable("requests", template, None)
    for key, values in rows.items():
        bt.rows[key] = BoundRow(key, key, cols, cols, [_cell(v) for v in values])
    return bt


def _zeros() -> list:
    return [0] * 7


def _t2021():
    return load_templates()["2021"]


def _balanced() -> dict[str, list]:
    tdef = _t2021().tables["requests"]
    rows = {r.key: _zeros() for r in tdef.value_rows()}
    rows["new"] = [3, 1, 0, 0, 0, 0, 4]
    rows["granted"] = [2, 1, 0, 0, 0, 0, 3]
    rows["total"] = [2, 1, 0, 0, 0, 0, 3]
    rows["carry_forward"] = [1, 0, 0, 0, 0, 0, 1]
    return rows


def test_relations_hold_on_a_balanced_table():
    results = evaluate(_t2021(), {"requests": _requests(_balanced())})
    assert results and not list(iter_failed(results))
    assert {r.relation.id for r in results} >= {"T3-1", "T3-2", "T3-3", "T3-4", "T3-5"}
    assert all(r.status == "ok" for r in results)


def test_failed_relation_reports_sides_and_cells():
    rows = _balanced()
    rows["total"] = [1, 0, 0, 0, 0, 0, 0]  # （七）总计 1 while leaves are 3 (T3-2) and 总计 0 (T3-3)
    t = _t2021()
    res = evaluate_relation(t.relation("T3-2"), t.tables["requests"], _requests(rows))
    natural = next(r for r in res if r.scope == "natural")
    assert natural.status == "failed" and natural.holds is False
    assert (natural.lhs, natural.rhs) == (1, 2)
    assert natural.cells[0].row == "total" and natural.cells[0].column == "natural"
    assert len(natural.cells) == 1 + len(t.tables["requests"].sets["leaves"])
    t33 = evaluate_relation(t.relation("T3-3"), t.tables["requests"], _requests(rows))
    assert [r.scope for r in t33 if r.status == "failed"] == ["total"]


def test_blank_and_text_are_not_evaluable_not_failed():
    rows = _balanced()
    rows["new"] = [3, None, 0, 0, 0, 0, 4]
    rows["carried_over"] = ["/", 0, 0, 0, 0, 0, 0]
    t = _t2021()
    res = evaluate_relation(t.relation("T3-1"), t.tables["requests"], _requests(rows))
    by = {r.scope: r for r in res}
    assert by["natural"].status == "not_evaluable" and by["natural"].reason == "非数字"
    assert by["business"].status == "not_evaluable" and by["business"].reason == "空白"
    assert [(c.row, c.state) for c in by["business"].problems] == [("new", "blank")]
    assert by["research"].status == "ok"


def test_missing_and_unreadable_rows():
    rows = _balanced()
    del rows["carried_over"]
    bt = _requests(rows)
    bt.rows["new"].unreadable = "连写数字无法拆分"
    t = _t2021()
    res = evaluate_relation(t.relation("T3-1"), t.tables["requests"], bt)
    states = {c.state for c in res[0].problems}
    assert states == {"missing", "unreadable"}
    assert res[0].reason == "无法读取、缺失"


def test_per_cell_relation_checks_integers_and_sign():
    rows = _balanced()
    rows["partial"] = [1.5, -1, 0, 0, 0, 0, 0.5]
    t = _t2021()
    res = evaluate_relation(t.relation("T3-4"), t.tables["requests"], _requests(rows))
    failed = {r.scope: r.reason for r in res if r.status == "failed"}
    assert failed == {"partial/natural": "非整数", "partial/business": None,
                      "partial/total": "非整数"}


def test_tables_bound_with_another_template_are_skipped():
    results = evaluate(_t2021(), {"requests": _requests(_balanced(), template="2020")})
    assert results == []


def test_table_four_relations():
    t = _t2021()
    cols = [c.key for c in t.tables["review_litigation"].column_sets["cases"].columns]
    values = [1, 1, 0, 0, 2, 2, 0, 0, 0, 2, 1, 0, 0, 0, 0]  # 复议后起诉 总计 0 ≠ 1
    bt = BoundTable("review_litigation", "2021", None)
    bt.rows["cases"] = BoundRow("cases", "", cols, cols, [_cell(v) for v in values])
    res = evaluate(t, {"review_litigation": bt})
    failed = [r.relation.id for r in res if r.status == "failed"]
    assert failed == ["T4-3"]
