"""National templates as data: sections, the statistical tables' rows and columns, relations.

The data lives in `rules/templates/*.toml` (installed as the `report_lint_rules` package):
`sections.toml` (the six statutory sections) and one file per national template (`2020.toml`,
`2021.toml`). `load_templates` reads the templates, `bind` detects and binds a document's
statistical tables, `evaluate` runs a template's arithmetic relations on bound tables.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from .binding import BindResult, LabelHit, bind, read_money
from .expr import (CellRef, Expr, ExprError, RelationResult, evaluate, evaluate_relation,
                   iter_failed, parse)
from .schema import (ColumnDef, ColumnSetDef, ElementDef, LabelDef, RelationDef, RowDef, TableDef,
                     Template, TemplateError, load_template_file, parse_relation, parse_template)
from .sections import SectionDef, match_section_title, section_defs

__all__ = [
    "BindResult", "CellRef", "ColumnDef", "ColumnSetDef", "ElementDef", "Expr", "ExprError",
    "LabelDef", "LabelHit", "RelationDef", "RelationResult", "RowDef", "SectionDef", "TableDef",
    "Template", "TemplateError", "bind", "evaluate", "evaluate_bound", "evaluate_relation",
    "iter_failed", "load_template_file", "load_templates", "match_section_title", "parse",
    "parse_relation", "parse_template", "read_money", "section_defs",
]

_NOT_TEMPLATES = {"sections.toml"}


def load_templates(extra: Iterable[Path] = ()) -> dict[str, Template]:
    """All national templates by id, plus templates from `extra` files (cached).

    Raises `TemplateError` for an invalid file or a duplicate template id.
    """
    return dict(_load(tuple(Path(p) for p in extra)))


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> tuple[tuple[str, Template], ...]:
    out: dict[str, Template] = {}
    folder = resources.files("report_lint_rules").joinpath("templates")
    builtin = sorted((f for f in folder.iterdir()
                      if f.name.endswith(".toml") and f.name not in _NOT_TEMPLATES),
                     key=lambda f: f.name)
    for f in builtin:
        _add(out, load_template_file(f, f"rules/templates/{f.name}"))
    for p in extra:
        _add(out, load_template_file(p))
    return tuple(out.items())


def _add(out: dict[str, Template], t: Template) -> None:
    if t.id in out:
        raise TemplateError(f"{t.path}: 模板 id {t.id!r} 与 {out[t.id].path} 重复")
    out[t.id] = t


def evaluate_bound(result: BindResult,
                   templates: dict[str, Template] | None = None) -> list[RelationResult]:
    """Evaluate every bound table with the relations of the template it was bound with."""
    templates = templates if templates is not None else load_templates()
    out: list[RelationResult] = []
    for tid in dict.fromkeys(t.template for t in result.tables.values()):
        if tid in templates:
            out.extend(evaluate(templates[tid], result.tables))
    return out
