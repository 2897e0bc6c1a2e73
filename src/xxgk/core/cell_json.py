"""A cell's JSON form: what it leaves out, and the fast path a report's tables are written by.

A report holds some 200 cells. Serialised by pydantic one by one, each cell calls back into Python four or
five times (its wrap serializer, the number serializer, the provenance list, the excluded defaults); writing
the tables took nine tenths of writing a report. ``table_cells_json`` builds a table's cells as plain JSON
data in one pass, the same data the per-cell serializers give (a test compares them on every bundled
document), and pydantic writes that data without calling back.

Plain functions on plain values: no import of the model (which imports this module).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

#: the order of a provenance's fields in its JSON form (a list, trailing nulls left out)
PROVENANCE_FIELDS = ("start", "end", "line", "page", "table", "row", "cell", "box")

#: a cell's fields left out of its JSON at these values (what a reader of the JSON fills in; state and raw
#: by ``usual_state`` and ``usual_raw``)
CELL_DEFAULTS = {"placement": "label", "producer": "rules"}


def num_out(v: int | Decimal | None) -> int | float | None:
    """A cell's number in JSON: a whole Decimal printed without a point is an int, any other a float."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and "." not in str(v) else float(v)
    return v


def usual_state(value: object) -> str:
    """The state a cell's JSON leaves out: number for a cell with a value, blank for one without."""
    return "number" if value is not None else "blank"


def usual_raw(value: object) -> str | None:
    """The raw a cell's JSON leaves out: a whole number printed as itself ("12" for 12); None otherwise
    (a cell without raw in JSON and no whole-number value has none)."""
    return str(value) if type(value) is int else None


def compact_cell(c: dict[str, Any]) -> None:
    """A cell's JSON dict (the usual placement and producer, the nulls already left out) without the state
    and raw its value says (see ``Cell``); in place."""
    value = c.get("value")
    state = c.get("state", "number")
    if state == usual_state(value):
        c.pop("state", None)
    else:
        c["state"] = state
    raw = c.get("raw")
    if raw is not None and raw == usual_raw(value):
        del c["raw"]
    elif raw is None and usual_raw(value) is not None:
        c["raw"] = None


def provenance_list(start: int | None, end: int | None, line: int | None, page: int | None, table: int | None,
                    row: int | None, cell: int | None, box: list[float] | None) -> list[int | list[float] | None]:
    """A provenance's JSON form: its fields in ``PROVENANCE_FIELDS`` order, trailing nulls left out."""
    items: list[int | list[float] | None] = [start, end, line, page, table, row, cell, box]
    while items and items[-1] is None:
        items.pop()
    return items


_EXACT = (int, Decimal)


def table_cells_json(cells: Mapping[str, Mapping[str, Any]], exclude_none: bool) -> dict[str, dict[str, Any]]:
    """A table's ``cells[row][column]`` as the JSON data of its cells (``Cell`` objects in, plain dicts out)."""
    one = _rules_cell if exclude_none else _full
    return {row: {col: one(c) for col, c in cols.items()} for row, cols in cells.items()}


def _rules_cell(c: Any) -> Any:
    """``cell_json`` without nulls, shortest for nearly every cell: one the rules read by its label, with a
    whole number or blank, no unit or candidates, a text offset for provenance."""
    f = c.__dict__
    value, prov = f["value"], f["provenance"]
    if ((value is not None and type(value) is not int) or f["placement"] != "label" or f["producer"] != "rules"
            or f["unit"] is not None or f["candidates"] is not None or f["confidence"] is not None or prov is None):
        return cell_json(c, True)
    p = prov.__dict__
    if p["box"] is not None:
        return cell_json(c, True)
    items = [p["start"], p["end"], p["line"], p["page"], p["table"], p["row"], p["cell"]]
    while items and items[-1] is None:
        items.pop()
    raw, state = f["raw"], f["state"]
    if value is None:
        d: dict[str, Any] = {} if raw is None else {"raw": raw}
        if state != "blank":
            d["state"] = state.value
        d["provenance"] = items
        return d
    d = {"value": value}
    if raw is None:
        if state != "number":
            d["state"] = state.value
        d["provenance"] = items
        d["raw"] = None  # (a whole number not printed: said, so that reading back does not invent "12")
        return d
    if raw != str(value):
        d["raw"] = raw
    if state != "number":
        d["state"] = state.value
    d["provenance"] = items
    return d


def _full(c: Any) -> Any:
    return cell_json(c, False)


def cell_json(c: Any, exclude_none: bool) -> Any:
    """One ``Cell`` as JSON data, what its own serializer gives (``Cell.model_dump(mode="json")``). A cell
    holding anything but the usual types (an OCR box, a number not int or Decimal) takes that slow path."""
    value, cands, conf, prov = c.value, c.candidates, c.confidence, c.provenance
    if ((value is not None and type(value) not in _EXACT) or (conf is not None and type(conf) is not float)
            or (prov is not None and prov.box is not None)
            or (cands is not None and any(x is not None and type(x) not in _EXACT for x in cands))):
        return c.model_dump(mode="json", exclude_none=exclude_none)
    # (the fields as the wrap serializer's handler gives them, then the same elision: ``compact_cell``)
    full = {"value": num_out(value), "raw": c.raw, "state": c.state.value, "placement": c.placement.value,
            "producer": c.producer, "unit": c.unit,
            "candidates": None if cands is None else [num_out(y) for y in cands], "confidence": conf,
            "provenance": None if prov is None else provenance_list(
                prov.start, prov.end, prov.line, prov.page, prov.table, prov.row, prov.cell, None)}
    d = {k: v for k, v in full.items()
         if not (exclude_none and v is None) and not (k in CELL_DEFAULTS and CELL_DEFAULTS[k] == v)}
    compact_cell(d)
    return d
