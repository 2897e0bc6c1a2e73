"""The report's JSON form: compact (cells without their usual fields, provenance as a list) and lossless
(reading it back gives the same report, field for field)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import xxgk
from xxgk.core.model import PROVENANCE_FIELDS, Cell, CellState, Placement, Provenance, Report
from xxgk.outputs.records import report_json
from xxgk.outputs.schemas import schemas_dir

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt",  # text, tab layout
        ROOT / "eval" / "reports" / "hzq2024_working.pdf",  # PDF: provenance with page, table, row, cell
        ROOT / "eval" / "reports" / "v01_nzjtj2019_html.html"]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_report_json_reads_back_to_the_same_report(path: Path) -> None:
    report = xxgk.extract_file(path)
    text = report_json(report)
    back = Report.model_validate_json(text)
    assert back == report
    cells = [c for t in (back.t2, back.t3, back.t4) for _, c in t.iter_cells()]
    assert len(cells) > 150
    assert sum(c.state == CellState.number and c.placement == Placement.label for c in cells) >= 20


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_cells_in_json_keep_only_what_differs_from_the_usual(path: Path) -> None:
    doc = json.loads(report_json(xxgk.extract_file(path)))
    allowed = set(json.loads((schemas_dir() / "report.schema.json").read_text(encoding="utf-8"))
                  ["$defs"]["Cell"]["properties"])
    seen = 0
    for t in ("t2", "t3", "t4"):
        for cols in doc[t]["cells"].values():
            for c in cols.values():
                assert set(c) <= allowed
                assert c.get("state") != "number" and c.get("placement") != "label" and c.get("producer") != "rules"
                if "provenance" in c:
                    assert isinstance(c["provenance"], list) and 2 <= len(c["provenance"]) <= len(PROVENANCE_FIELDS)
                    assert c["provenance"][-1] is not None
                    seen += 1
    assert seen > 150


def test_provenance_is_a_list_in_field_order_and_reads_from_either_form() -> None:
    p = Provenance(start=5, end=9, line=3, page=2, table=0, row=4, cell=1)
    assert p.model_dump(mode="json") == [5, 9, 3, 2, 0, 4, 1]
    assert Provenance(start=5, end=9, line=3).model_dump(mode="json") == [5, 9, 3]
    assert Provenance(start=5, end=9, table=1).model_dump(mode="json") == [5, 9, None, None, 1]
    assert Provenance.model_validate([5, 9, None, None, 1]) == Provenance(start=5, end=9, table=1)
    assert Provenance.model_validate({"start": 5, "end": 9, "line": 3}) == Provenance(start=5, end=9, line=3)
    ocr = Provenance(start=5, end=9, line=3, page=1, table=0, row=2, cell=3, box=(10.5, 20, 30, 40))
    assert ocr.model_dump(mode="json") == [5, 9, 3, 1, 0, 2, 3, [10.5, 20.0, 30.0, 40.0]]
    assert Provenance.model_validate(ocr.model_dump(mode="json")) == ocr
    with pytest.raises(ValueError, match="at most 8"):
        Provenance.model_validate([1, 2, 3, 4, 5, 6, 7, None, 9])


def test_a_cell_away_from_the_usual_keeps_those_fields() -> None:
    c = Cell(state=CellState.blank, placement=Placement.inferred, producer="llm")
    assert json.loads(c.model_dump_json(exclude_none=True)) == {"state": "blank", "placement": "inferred",
                                                                 "producer": "llm"}
    assert json.loads(Cell.not_found().model_dump_json(exclude_none=True)) == {"state": "missing",
                                                                                "placement": "none"}
    assert json.loads(Cell(value=3, raw="3").model_dump_json(exclude_none=True)) == {"value": 3, "raw": "3"}
