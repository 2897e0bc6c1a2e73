"""The committed files in schemas/ are generated from the models; this keeps them in sync."""

from __future__ import annotations

import csv
import io
import json

from xxgk.core.model import Report
from xxgk.core.spec import csv_value_columns
from xxgk.outputs.schemas import generated, schemas_dir


def test_committed_schema_files_match_the_models():
    folder = schemas_dir()
    for name, text in generated().items():
        assert (folder / name).read_text(encoding="utf-8") == text, f"{name} is stale: python -m xxgk.outputs.schemas"


def test_report_schema_describes_the_report_model():
    schema = json.loads((schemas_dir() / "report.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "xxgk Report"
    assert {"source", "status", "meta", "t2", "t3", "t4", "checks"} <= set(schema["properties"])
    assert set(schema["$defs"]["CellState"]["enum"]) == {"number", "blank", "not_applicable", "ambiguous", "missing"}
    cell = schema["$defs"]["Cell"]["properties"]
    assert (cell["placement"]["default"], cell["producer"]["default"]) == (
        "label", "rules")  # what a reader fills in for a field the JSON leaves out
    assert "default" not in cell["state"] and "number for a cell with a value" in cell["state"]["description"]
    assert schema["$defs"]["Provenance"]["type"] == "array"
    assert Report.model_json_schema(mode="serialization")["required"] == schema["required"]


def test_codebook_has_one_row_per_value_column_with_labels():
    rows = list(csv.DictReader(io.StringIO((schemas_dir() / "codebook.csv").read_text(encoding="utf-8"))))
    assert [r["key"] for r in rows] == csv_value_columns()
    by = {r["key"]: r for r in rows}
    assert by["t3.granted.natural_person"]["label"] == "（一）予以公开 / 自然人"
    assert by["t2.fees.amount"]["unit"] == "万元" and by["t2.fees.amount"]["template"] == "2021"
    assert by["t2.licensing.change"]["type"] == "signed integer"
    assert by["t3.other.total"]["template"] == "2019"
    assert by["t4.review.total"]["template"] == "2019|2021"
