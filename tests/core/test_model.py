"""The report's JSON form: compact (cells without their usual fields, provenance as a list) and lossless
(reading it back gives the same report, field for field)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import xxgk
from xxgk.core.llm_record import LLMInfo
from xxgk.core.model import PROVENANCE_FIELDS, Cell, CellState, Placement, Provenance, Report, Table
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
                assert not ("value" not in c and c.get("state") == "blank")  # (a cell without value is blank)
                assert not (type(c.get("value")) is int and c.get("raw") == str(c["value"]))  # (said by the value)
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
    c = Cell(state=CellState.not_applicable, raw="—", placement=Placement.inferred, producer="llm")
    assert json.loads(c.model_dump_json(exclude_none=True)) == {"raw": "—", "state": "not_applicable",
                                                                 "placement": "inferred", "producer": "llm"}
    assert json.loads(Cell.not_found().model_dump_json(exclude_none=True)) == {"state": "missing",
                                                                                "placement": "none"}
    assert json.loads(Cell(value=3, raw="3").model_dump_json(exclude_none=True)) == {"value": 3}


def _table_json(cell: Cell) -> dict[str, object]:
    table = Table(name="t3", cells={"granted": {"total": cell}})
    out: dict[str, object] = json.loads(table.model_dump_json(exclude_none=True))["cells"]["granted"]["total"]
    assert Table.model_validate(json.loads(table.model_dump_json(exclude_none=True))) == table
    assert Table.model_validate_json(table.model_dump_json(exclude_none=True)) == table
    return out


def test_a_cell_in_a_table_leaves_out_the_state_and_raw_its_value_says() -> None:
    prov = Provenance(start=7, end=9, line=2)
    assert _table_json(Cell(value=12, raw="12", state=CellState.number, provenance=prov)) == {
        "value": 12, "provenance": [7, 9, 2]}
    assert _table_json(Cell(value=None, raw=None, state=CellState.blank, provenance=prov)) == {"provenance": [7, 9, 2]}
    # what the value does not say stays
    assert _table_json(Cell(value=12, raw="１２", state=CellState.number)) == {"value": 12, "raw": "１２"}
    assert _table_json(Cell(value=12, raw=None, state=CellState.number, producer="llm")) == {
        "value": 12, "raw": None, "producer": "llm"}
    assert _table_json(Cell(value=None, raw="/", state=CellState.not_applicable)) == {
        "raw": "/", "state": "not_applicable"}
    assert _table_json(Cell(value=None, raw=None, state=CellState.number)) == {"state": "number"}
    assert _table_json(Cell(value=Decimal("5"), raw="5", state=CellState.number, unit="万元")) == {
        "value": 5, "unit": "万元"}
    assert _table_json(Cell(value=Decimal("5.20"), raw="5.20", state=CellState.number, unit="万元")) == {
        "value": 5.2, "raw": "5.20", "unit": "万元"}
    # a person's correction keeps the printed raw under another value
    assert _table_json(Cell(value=13, raw="12", state=CellState.number, producer="human")) == {
        "value": 13, "raw": "12", "producer": "human"}


def test_a_blank_cell_of_spaces_keeps_its_span_not_its_spaces() -> None:
    report = xxgk.extract_file(DOCS[0])
    cell = report.cell("t3.carried_over.commercial")
    assert cell is not None and cell.state == CellState.blank and cell.raw is None
    assert cell.provenance is not None and cell.provenance.end == cell.provenance.start + 1
    text = DOCS[0].read_text(encoding="utf-8")
    assert not text[cell.provenance.start : cell.provenance.end].strip()


def test_a_report_without_llm_leaves_the_llm_block_out() -> None:
    report = xxgk.extract_file(DOCS[0])
    doc = json.loads(report_json(report))
    assert "llm" not in doc and Report.model_validate(doc).llm == LLMInfo()
    report.llm = LLMInfo(status="not_needed")
    assert json.loads(report_json(report))["llm"]["status"] == "not_needed"
