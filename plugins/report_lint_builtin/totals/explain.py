"""From failing relation instances to findings: one cause reported once.

1. Single-cell explanation: collect the failing instances of a table (per column / per row); a cell
   can explain them all only if it takes part in every one of them. For each such cell, the value
   that makes the first failing equation hold is computed; it is an explanation when, with that
   value, every failing instance holds and every passing one (including per-cell rules such as
   "non-negative integer") still holds. Exactly one such cell → one TOT305 finding naming the
   cell and the value. When no single cell works, pairs of cells are tried the same way (two
   mistakes in one report, e.g. a whole （七）总计 row left at 0): exactly one pair → one TOT305
   finding per cell, each naming its partner. More than one candidate → no explanation.
2. Otherwise each failing relation is reported under its own code, with both sides and the
   difference; a per-column relation that fails by the same difference in several columns is one
   finding. An inequality whose cells all belong to a failing equation of the same table (T3-5
   beside T3-1) adds nothing and is left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from report_lint.templates.expr import CellRef, compare

from .relations import Instance, Key, TableRelations

# Relation ids of the national templates → TOT codes. Relations without a code of their own
# (T3-5, or ones a province template adds) are reported under OTHER_CODE.
RELATION_CODES = {
    "T3-1": "TOT301", "T3-2": "TOT302", "T3-3": "TOT303",
    "T4-1": "TOT304", "T4-2": "TOT304", "T4-3": "TOT304",
    "T2-2": "TOT321", "T2-4": "TOT322", "T2-5": "TOT323",
}
EXPLAIN_CODE = "TOT305"
OTHER_CODE = "TOT306"
CHECKED = ("ok", "failed", "open")  # instances whose truth a changed cell could alter


@dataclass
class Explanation:
    """Changing the cell at `key` to `value` makes every relation of the table hold (with the
    `partners` changed too, for a pair)."""

    key: Key
    ref: CellRef
    value: float
    explains: list[Instance]
    partners: list[Explanation] = field(default_factory=list)  # the other cell of a pair


@dataclass
class Issue:
    """One finding to emit: an explanation, or a relation failing in one or more scopes."""

    code: str
    table: TableRelations
    instances: list[Instance] = field(default_factory=list)
    explanation: Explanation | None = None


def code_for(inst: Instance) -> str:
    return RELATION_CODES.get(inst.rel.id, OTHER_CODE)


def table_issues(tr: TableRelations) -> list[Issue]:
    """The findings-to-be of one table's relations (per-cell relations: see cells.py)."""
    failing = tr.failing()
    if not failing:
        return []
    found = explain(tr)
    if found:
        return [Issue(EXPLAIN_CODE, tr, exp.explains, exp) for exp in found]
    failing = [i for i in failing if not _implied(i, failing)]
    return _group(tr, failing)


def explain(tr: TableRelations) -> list[Explanation]:
    """The cell (or, failing that, the pair of cells) whose change makes every relation of the
    table hold — only when that cell or pair is the only one; else []."""
    failing = [i for i in tr.instances if i.state == "failed"]
    if not failing or tr.unreadable_rows or any(i.state == "bound" for i in tr.instances):
        return []
    shared = set(failing[0].coefs)
    for inst in failing[1:]:
        shared &= set(inst.coefs)
    singles = [got for key in _in_table_order(tr, shared)
               if isinstance(got := _solve(tr, failing, (key,)), list)]
    if singles:
        return singles[0] if len(singles) == 1 else []
    return _pair(tr, failing)


AMBIGUOUS = "ambiguous"  # a candidate whose values the failing equations do not determine


def _pair(tr: TableRelations, failing: list[Instance]) -> list[Explanation]:
    """Two cells that together explain every failure, when exactly one pair does."""
    found: list[list[Explanation]] = []
    seen: set[frozenset[Key]] = set()
    for a in _in_table_order(tr, set(failing[0].coefs)):
        rest = [i for i in failing if a not in i.coefs]
        if not rest:
            continue
        shared = set(rest[0].coefs)
        for inst in rest[1:]:
            shared &= set(inst.coefs)
        for b in _in_table_order(tr, shared - {a}):
            if frozenset((a, b)) in seen:
                continue
            seen.add(frozenset((a, b)))
            got = _solve(tr, failing, (a, b))
            if got == AMBIGUOUS:
                return []
            if isinstance(got, list):
                found.append(got)
                if len(found) > 1:
                    return []
    return found[0] if found else []


def _solve(tr: TableRelations, failing: list[Instance], keys: tuple[Key, ...]
           ) -> list[Explanation] | str | None:
    """Values for `keys` making every failing instance hold and keeping the others true.

    Each cell's value comes from a failing equation that contains it and none of the other
    cells; None when there is no solution, AMBIGUOUS when a value is not determined."""
    override: dict[Key, float] = {}
    for key in keys:
        eq = next((i for i in failing if i.rel.expr.op == "==" and key in i.coefs
                   and not any(k in i.coefs for k in keys if k != key)), None)
        if eq is None:
            return AMBIGUOUS if len(keys) > 1 else None
        x, r = eq.value(key), eq.residual()
        if x is None or r is None:
            return None
        value = x - r / eq.coefs[key]
        if abs(value - round(value)) < 1e-9:
            value = float(round(value))
        if compare("==", value, x) or (value < 0 and not _signed(tr, key)):
            return None
        if not tr.cell_ok(key, value):
            return None
        override[key] = value
    touched = [i for i in tr.instances if i.state in CHECKED and any(k in i.coefs for k in keys)]
    if not all(i.holds_with(override) for i in touched):
        return None
    refs = {k: next(i.refs[k] for i in failing if k in i.refs) for k in keys}
    out = [Explanation(k, refs[k], v, [i for i in failing if k in i.coefs] if len(keys) > 1
                       else failing) for k, v in override.items()]
    for e in out:
        e.partners = [o for o in out if o is not e]
    return out


def _signed(tr: TableRelations, key: Key) -> bool:
    cs = tr.tdef.column_set_of(key[0])
    col = cs.column(key[1]) if cs is not None else None
    return bool(col is not None and col.signed)


def _in_table_order(tr: TableRelations, keys: set[Key]) -> list[Key]:
    """Keys sorted by row, then by column, as the table prints them."""
    rows = {r.key: i for i, r in enumerate(tr.tdef.rows)}

    def column(key: Key) -> int:
        cs = tr.tdef.column_set_of(key[0])
        return cs.keys.index(key[1]) if cs is not None and key[1] in cs.keys else 999
    return sorted(keys, key=lambda k: (rows.get(k[0], 999), column(k)))


def _implied(inst: Instance, failing: list[Instance]) -> bool:
    """An inequality whose cells all belong to a failing equation says nothing new."""
    if inst.rel.expr.op == "==":
        return False
    cells = set(inst.coefs)
    return any(o is not inst and o.rel.expr.op == "==" and cells <= set(o.coefs)
               for o in failing)


def _group(tr: TableRelations, failing: list[Instance]) -> list[Issue]:
    """One issue per failing instance; per-column instances failing alike (same relation, same
    sides) are merged into one."""
    issues: list[Issue] = []
    merged: dict[tuple[str, str, float, float], Issue] = {}
    for inst in failing:
        if inst.rel.for_each == "column":
            lhs, rhs = inst.side_values()
            key = (inst.rel.id, inst.state, round(lhs, 6), round(rhs, 6))
            if key in merged:
                merged[key].instances.append(inst)
                continue
            merged[key] = Issue(code_for(inst), tr, [inst])
            issues.append(merged[key])
        else:
            issues.append(Issue(code_for(inst), tr, [inst]))
    return issues
