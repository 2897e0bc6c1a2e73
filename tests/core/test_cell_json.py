"""A table's cells written in one pass (``table_cells_json``) are what each cell's own serializer writes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import xxgk
from xxgk.core.cell_json import cell_json, table_cells_json
from xxgk.core.model import Cell, CellState, Placement, Provenance, Report, Table
from xxgk.outputs.records import report_json

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(p for folder in ("eval/reports", "eval/corpus", "tests/fixtures/formats", "tests/fixtures/damaged")
                 for p in (ROOT / folder).iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf", ".md", ".htm"))


def _one_by_one(table: Table, exclude_none: bool) -> dict:
    return {r: {c: cell.model_dump(mode="json", exclude_none=exclude_none) for c, cell in cols.items()}
            for r, cols in table.cells.items()}


def _reports() -> list[Report]:
    out = []
    for p in BUNDLED:
        try:
            out.append(xxgk.extract_file(p))
        except xxgk.XxgkError:
            continue
    return out


def test_every_bundled_documents_cells_read_as_their_own_serializer_writes_them() -> None:
    reports = _reports()
    assert len(reports) >= 40
    n = 0
    for report in reports:
        for table in (report.t2, report.t3, report.t4):
            for exclude_none in (True, False):
                fast = table_cells_json(table.cells, exclude_none)
                assert json.dumps(fast) == json.dumps(_one_by_one(table, exclude_none)), report.source
            n += sum(1 for _ in table.iter_cells())
        # and the report's JSON (the fast path) reads back to the same report
        assert Report.model_validate_json(report_json(report)) == report
    assert n > 8000


_PROV = Provenance.typed(10, 12, 3)
_UNUSUAL = [
    Cell.typed(5, "5", CellState.number, Placement.label, None, _PROV),
    Cell.typed(5, "０５", CellState.number, Placement.label, None, _PROV),  # raw not the value as printed
    Cell.typed(5, None, CellState.number, Placement.label, None, _PROV),  # a number not printed: "raw": null
    Cell.typed(None, None, CellState.blank, Placement.label, None, _PROV),
    Cell.typed(None, "—", CellState.not_applicable, Placement.label, None, _PROV),
    Cell.typed(None, "  ", CellState.blank, Placement.inferred),
    Cell.typed(Decimal("542.16"), "542.16", CellState.number, Placement.label, "万元", _PROV),
    Cell.typed(Decimal("3"), "3", CellState.number, Placement.label, "元", _PROV),  # a whole Decimal: an int
    Cell(state=CellState.ambiguous, placement=Placement.none, candidates=[12, None, Decimal("1.5")]),
    Cell.not_found(),
    Cell(value=7, raw="7", producer="ocr", confidence=0.91,
         provenance=Provenance(start=1, end=2, page=1, box=(1.0, 2.5, 30.0, 40.0))),
    Cell(value=7, raw="7", producer="llm", provenance=Provenance(start=1, end=2, page=3, table=0, row=4, cell=2)),
    Cell(value=0, raw="0", producer="human", placement=Placement.inferred),
]


@pytest.mark.parametrize("exclude_none", [True, False])
@pytest.mark.parametrize("cell", _UNUSUAL, ids=lambda c: f"{c.state}-{c.producer}-{c.raw!r}")
def test_each_kind_of_cell_reads_as_its_own_serializer_writes_it(cell: Cell, exclude_none: bool) -> None:
    expected = cell.model_dump(mode="json", exclude_none=exclude_none)
    assert json.dumps(table_cells_json({"r": {"c": cell}}, exclude_none)["r"]["c"]) == json.dumps(expected)
    assert json.dumps(cell_json(cell, exclude_none)) == json.dumps(expected)


def test_a_report_dumped_with_nested_excludes_takes_the_per_cell_path() -> None:
    t3 = Table(name="t3", found=True, cells={"granted": {"natural_person": _UNUSUAL[0], "total": _UNUSUAL[1]}})
    report = Report(source="x", xxgk_version="0", status="accepted", t3=t3)
    d = json.loads(report.model_dump_json(exclude={"t3": {"cells": {"granted": {"total"}}}}, exclude_none=True))
    assert list(d["t3"]["cells"]["granted"]) == ["natural_person"]
    assert d["t3"]["cells"]["granted"]["natural_person"] == {"value": 5, "provenance": [10, 12, 3]}
