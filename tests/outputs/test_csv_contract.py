"""The wide CSV contract of spec A/B: column names and order, values, BOM, sorting, formula injection."""

from __future__ import annotations

import csv
import io

import xxgk
from xxgk.core.spec import csv_columns
from xxgk.outputs.records import csv_row, fmt_value, safe_text

# Written out by hand from docs/report-format.md section A and B ("CSV layout"), not from the code.
T2_2019 = [
    "rules.new_made", "rules.new_published", "rules.total_published",
    "normative_docs.new_made", "normative_docs.new_published", "normative_docs.total_published",
    "licensing.prev_items", "licensing.change", "licensing.decisions",
    "other_services.prev_items", "other_services.change", "other_services.decisions",
    "penalty.prev_items", "penalty.change", "penalty.decisions",
    "coercion.prev_items", "coercion.change", "coercion.decisions",
    "fees.prev_items", "fees.change",
    "procurement.items", "procurement.amount",
]
T2_2021_EXTRA = [
    "rules.issued", "rules.repealed", "rules.in_force",
    "normative_docs.issued", "normative_docs.repealed", "normative_docs.in_force",
    "fees.amount",
]
T3_ROWS = [
    "new_received", "carried_over", "granted", "partial",
    "denied_state_secret", "denied_law_forbidden", "denied_three_safety", "denied_third_party",
    "denied_internal", "denied_process", "denied_enforcement_file", "denied_admin_query",
    "unable_not_held", "unable_need_creation", "unable_unclear",
    "not_processed_petition", "not_processed_duplicate", "not_processed_publication",
    "not_processed_massive", "not_processed_confirm",
    "other", "other_overdue_correction", "other_overdue_fee", "other_other",
    "total", "carried_forward",
]
T3_COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
META = ["source", "status", "reason", "meta.agency", "meta.year", "meta.year_source", "meta.template",
        "sha256", "xxgk_version"]

SPEC_COLUMNS = (
    META
    + [f"t2.{k}" for k in T2_2019]
    + [f"t2.{k}" for k in T2_2021_EXTRA]
    + ["t2.procurement.amount_unit"]
    + [f"t3.{r}.{c}" for r in T3_ROWS for c in T3_COLS]
    + [f"t4.{g}.{c}" for g in T4_GROUPS for c in T4_COLS]
)


def test_csv_columns_match_the_spec_key_list_exactly():
    assert csv_columns() == SPEC_COLUMNS
    assert len(SPEC_COLUMNS) == 9 + 22 + 7 + 1 + 26 * 7 + 15


def test_cli_csv_has_bom_header_and_rows_sorted_by_source(tmp_path):
    from typer.testing import CliRunner

    from xxgk.cli import app

    res = CliRunner().invoke(app, ["extract", "eval/reports", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    raw = (tmp_path / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    # spec B's columns in its order, then the agency-matching columns every export carries
    assert list(rows[0].keys()) == [*SPEC_COLUMNS, "meta.agency_key", "meta.region", "meta.level"]
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)
    by = {r["source"].rsplit("/", 1)[-1][:3]: r for r in rows}
    assert by["001"]["status"] == "flagged" and by["001"]["meta.agency"] == "宁河镇"
    assert by["001"]["meta.agency_key"] == "宁河镇人民政府" and by["001"]["meta.level"] == "乡镇"
    assert by["001"]["t3.total.total"] == "0" and by["001"]["t3.total.natural_person"] == "30"
    assert by["000"]["t3.new_received.total"] == ""  # blank stays empty, never 0
    assert by["000"]["t2.licensing.change"] == "38" and by["000"]["t2.coercion.change"] == "-4"
    assert by["002"]["t2.procurement.amount"] == "542.16"
    assert by["002"]["t2.procurement.amount_unit"] == "万元"
    assert by["004"]["meta.year"] == "2021" and by["004"]["meta.year_source"] == "plan_sentence"
    # the other template's keys are empty
    assert all(by["003"][f"t2.{k}"] == "" for k in T2_2021_EXTRA)
    assert by["003"]["xxgk_version"] == xxgk.__version__ and len(by["003"]["sha256"]) == 64


def test_formula_injection_is_neutralised():
    assert safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_text("@SUM(A1)") == "'@SUM(A1)"
    assert safe_text("-1+2") == "'-1+2"
    assert safe_text("宁河镇") == "宁河镇"
    report = xxgk.extract("eval/reports/001_7b4b25fcf59f7d61.txt")
    report.meta.agency = "=cmd|' /C calc'!A0"
    row = csv_row(report)
    assert row["meta.agency"].startswith("'=")
    # numbers are not text: a negative change stays a number
    r0 = xxgk.extract("eval/reports/000_5c96ff8a9c100224.txt")
    assert csv_row(r0)["t2.coercion.change"] == "-4"


def test_decimals_are_written_as_printed():
    from decimal import Decimal

    assert fmt_value(Decimal("160.5964")) == "160.5964"
    assert fmt_value(Decimal("477.30")) == "477.30"
    assert fmt_value(Decimal("96171.6")) == "96171.6"
    assert fmt_value(0) == "0" and fmt_value(None) == ""


def test_rows_from_the_typed_report_equal_rows_read_back_from_its_json():
    """The worker builds a report's CSV row, checks rows and cross-check part from the ``Report`` itself;
    the rebuild may read them back from the JSON file. Both give the same rows, on every bundled report."""
    import json
    from pathlib import Path

    import xxgk
    from xxgk.batch.rows import rows_of
    from xxgk.outputs.records import load_report_dict, report_json

    docs = [p for p in sorted(Path("eval/reports").iterdir()) if p.is_file()]
    assert len(docs) == 18
    for p in docs:
        r = xxgk.extract(p)
        typed, read_back = rows_of(r), rows_of(load_report_dict(report_json(r)))
        assert json.dumps(typed, default=str, sort_keys=True) == json.dumps(read_back, default=str, sort_keys=True), p
        assert typed["csv"][0] == p.as_posix() or typed["csv"][0].endswith(p.name)
