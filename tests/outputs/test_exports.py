"""The researcher exports (xlsx, parquet, DuckDB), built from a real output folder of the bundled reports."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import xxgk
from tests.conftest import REPORTS
from xxgk.batch import run_extract
from xxgk.core.errors import UsageError
from xxgk.core.spec import csv_columns
from xxgk.outputs.exports import EXTRA_FORMATS, FORMATS, parse_formats, write_extra
from xxgk.outputs.exports import duckdb as duck_writer
from xxgk.outputs.exports import parquet as parquet_writer
from xxgk.outputs.exports.duckdb import write_duckdb
from xxgk.outputs.exports.parquet import write_parquet
from xxgk.outputs.exports.rows import ID_COLUMNS, cell_rows, to_decimal, to_int, unsafe_text
from xxgk.outputs.exports.xlsx import write_xlsx
from xxgk.outputs.records import report_json

SEED = "002_054d4c4d902c56e6"
# seed 002 (富阳区大源镇, 2019): section 三 自然人 column, as printed; O1 fails on it: 3 + 1 ≠ 3 + 0
SEED_T3 = {"new_received": 3, "carried_over": 1, "total": 3, "carried_forward": 0}


def lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def records(path: Path) -> list[dict]:
    return [json.loads(ln, parse_float=Decimal) for ln in lines(path)]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """An output folder of every bundled report, with all three exports written."""
    out = tmp_path_factory.mktemp("exports") / "out"
    run_extract([str(REPORTS)], out)
    return out


@pytest.fixture(scope="module")
def counts(out) -> dict[str, int]:
    return write_extra(out, FORMATS)


@pytest.fixture(scope="module")
def seed(out) -> dict:
    return next(r for r in records(out / "reports.jsonl") if SEED in r["source"])


@pytest.fixture
def crafted(out, tmp_path) -> Path:
    """A copy of the output folder whose agency names try formula injection and carry a control character,
    with one report moved to quarantine and a cross_checks.csv of arbitrary columns."""
    folder = tmp_path / "crafted"
    folder.mkdir()
    recs = records(out / "reports.jsonl")
    for rec in recs:
        if SEED in rec["source"]:
            rec["meta"]["agency"] = '=HYPERLINK("http://evil.example","x")'
            rec["meta"]["title"] = "@SUM(1)\x07标题"
    dumps = [json.dumps(r, ensure_ascii=False, default=float) for r in recs]  # 542.16 round-trips exactly
    (folder / "reports.jsonl").write_text("\n".join(dumps[1:]) + "\n", encoding="utf-8")
    (folder / "quarantine.jsonl").write_text(dumps[0] + "\n", encoding="utf-8")
    shutil.copy(out / "checks.csv", folder / "checks.csv")
    (folder / "errors.jsonl").write_text("", encoding="utf-8")
    (folder / "cross_checks.csv").write_text("\ufeffcheck,source,,check\ncarry_over,'=x.txt,z,again\n", encoding="utf-8")
    return folder


# --- formats ---------------------------------------------------------------------------------------------


def test_parse_formats():
    assert parse_formats("csv,xlsx") == ("jsonl", "csv", "xlsx")
    assert parse_formats(" Parquet , duckdb ") == ("jsonl", "csv", "parquet", "duckdb")
    assert parse_formats("jsonl,csv") == ("jsonl", "csv")
    assert parse_formats("all") == FORMATS == ("jsonl", "csv", *EXTRA_FORMATS)
    with pytest.raises(UsageError) as exc:
        parse_formats("csv,xls,sqlite")
    msg = str(exc.value)
    assert "'sqlite'" in msg and "'xls'" in msg and "\n" not in msg


def test_importing_xxgk_does_not_import_the_writers_libraries():
    code = ("import sys, xxgk, xxgk.outputs.exports, xxgk.batch, xxgk.cli; "
            "print(sorted(m for m in ('pyarrow', 'duckdb', 'openpyxl') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


def test_write_extra_counts(out, counts):
    n = len(lines(out / "reports.jsonl"))
    assert n == 18
    assert counts["reports.xlsx"] == counts["reports.parquet"] == counts["xxgk.duckdb"] == n
    assert counts["xxgk.duckdb:checks"] == len(csv_rows(out / "checks.csv")) > 0
    assert counts["xxgk.duckdb:cells"] == sum(len(list(cell_rows(r))) for r in records(out / "reports.jsonl"))
    assert {p.name for p in out.iterdir() if p.name.startswith(".")} == {".xxgk-output"}  # no temporary file left
    assert write_extra(out, ("jsonl", "csv")) == {}


# --- xlsx --------------------------------------------------------------------------------------------------


def test_xlsx_sheets_headers_and_values(out, counts):
    wb = openpyxl.load_workbook(out / "reports.xlsx")
    assert wb.sheetnames == ["meta", "t2", "t3", "t4"]
    n = counts["reports.xlsx"]
    for ws in wb:
        assert ws.freeze_panes == "A3"
        assert ws.max_row == n + 2
        keys = [c.value for c in ws[2]]
        assert keys[:4] == list(ID_COLUMNS)
        if ws.title != "meta":
            assert keys[4:] == [k for k in csv_columns() if k.startswith(ws.title + ".")]
    meta_keys = [c.value for c in wb["meta"][2]]
    assert {"meta.agency_key", "meta.region", "meta.level", "reason", "sha256", "check_summary.failed"} <= set(meta_keys)
    t3 = wb["t3"]
    labels = [c.value for c in t3[1]]
    assert labels[:5] == ["来源文件", "发布机关", "报告年度", "状态", "一、本年新收政府信息公开申请数量 / 自然人"]

    def seed_row(ws):
        keys = [c.value for c in ws[2]]
        row = next(r for r in ws.iter_rows(min_row=3, values_only=True) if SEED in r[0])
        return dict(zip(keys, row, strict=True))

    t2 = seed_row(wb["t2"])
    assert t2["t2.procurement.amount"] == pytest.approx(542.16)
    assert t2["t2.procurement.amount_unit"] == "万元"
    assert t2["t2.procurement.items"] == 49 and isinstance(t2["t2.procurement.items"], int)
    assert t2["t2.rules.issued"] is None  # a 2021 key of a 2019 report
    t3v = seed_row(t3)
    for row, value in SEED_T3.items():
        assert t3v[f"t3.{row}.natural_person"] == value
    assert t3v["t3.new_received.commercial"] is None  # blank stays blank, never 0
    meta = seed_row(wb["meta"])
    got = (meta["meta.agency"], meta["meta.year"], meta["status"], meta["meta.level"])
    assert got == ("富阳区大源镇", 2019, "flagged", "乡镇")


def test_xlsx_formula_injection_prefixed(crafted):
    assert write_xlsx(crafted) == 17  # the dataset only: the quarantined report is not in the workbook
    wb = openpyxl.load_workbook(crafted / "reports.xlsx")
    ws = wb["meta"]
    keys = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if SEED in r[0].value)
    agency, title = row[keys.index("meta.agency")], row[keys.index("meta.title")]
    assert agency.value == """'=HYPERLINK("http://evil.example","x")""" and agency.data_type == "s"
    assert title.value == "'@SUM(1)标题"  # the BEL character cannot be stored in XML: dropped


# --- parquet -----------------------------------------------------------------------------------------------


def test_parquet_schema_and_values(out, counts, seed):
    pf = pq.ParquetFile(out / "reports.parquet")
    schema = pf.schema_arrow
    assert schema.names == [*csv_columns(), "meta.agency_key", "meta.region", "meta.level"]
    assert schema.field("t3.new_received.natural_person").type == pa.int64()
    assert schema.field("t2.licensing.change").type == pa.int64()
    assert schema.field("meta.year").type == pa.int64()
    assert schema.field("t2.procurement.amount").type == pa.decimal128(38, 6)
    assert schema.field("t2.fees.amount").type == pa.decimal128(38, 6)
    assert schema.field("t2.procurement.amount_unit").type == pa.string()
    assert schema.field("meta.agency").type == pa.string()
    assert schema.field("t3.total.total").metadata[b"label"].decode() == "（七）总计 / 总计"
    assert pf.metadata.num_rows == len(lines(out / "reports.jsonl")) == counts["reports.parquet"]
    rows = pf.read().to_pylist()
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)
    row = next(r for r in rows if r["source"] == seed["source"])
    assert row["t3.new_received.natural_person"] == 3 == seed["t3"]["cells"]["new_received"]["natural_person"]["value"]
    assert row["t3.carried_over.natural_person"] == 1
    assert row["t2.procurement.amount"] == Decimal("542.16")
    assert row["t2.procurement.amount_unit"] == "万元"
    assert row["t3.new_received.commercial"] is None
    assert row["t3.other_other.total"] is None  # a 2021 key of a 2019 report
    got = (row["meta.agency_key"], row["meta.region"], row["meta.level"])
    assert got == ("富阳区大源镇人民政府", "富阳区大源镇", "乡镇")


def test_parquet_row_groups_and_raw_text(crafted, monkeypatch):
    monkeypatch.setattr(parquet_writer, "BATCH", 5)
    assert write_parquet(crafted) == 17
    pf = pq.ParquetFile(crafted / "reports.parquet")
    assert pf.metadata.num_row_groups == 4  # 5 + 5 + 5 + 2
    agencies = pf.read(columns=["meta.agency"]).column(0).to_pylist()
    assert '=HYPERLINK("http://evil.example","x")' in agencies  # typed stores keep text as printed


# --- duckdb ------------------------------------------------------------------------------------------------


def test_duckdb_tables(out, counts, seed):
    con = duckdb.connect(str(out / "xxgk.duckdb"), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_type = 'BASE TABLE'").fetchall()}
        assert tables == {"reports", "cells", "checks", "errors", "cross_checks", "problems"}
        views = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_type = 'VIEW'").fetchall()}
        assert views == {"dataset", "quarantine", "reports_flat", "problems_by_category", "problems_recurring"}
        expected = seed["t3"]["cells"]["new_received"]["natural_person"]["value"]
        value = con.execute("SELECT value FROM cells WHERE source LIKE '%002_054d%' "
                            "AND key = 't3.new_received.natural_person'").fetchall()
        assert value == [(expected,)] and expected == 3
        money = con.execute("""SELECT value, raw, unit, "table", "row", "column", state, placement, prov_line
                               FROM cells WHERE source LIKE '%002_054d%' AND key = 't2.procurement.amount'""").fetchone()
        assert money == (Decimal("542.16"), "542.16万元", "万元", "t2", "procurement", "amount", "number", "label", 86)
        o1 = con.execute("""SELECT "t3.new_received.natural_person" + "t3.carried_over.natural_person",
                                   "t3.total.natural_person" + "t3.carried_forward.natural_person",
                                   "t2.procurement.amount", in_dataset
                            FROM reports WHERE source LIKE '%002_054d%'""").fetchone()
        assert o1 == (4, 3, Decimal("542.16"), True)
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'reports'").fetchall())
        assert types["t3.total.total"] == "BIGINT" and types["t2.fees.amount"] == "DECIMAL(38,6)"
        assert types["in_dataset"] == "BOOLEAN" and types["meta.level"] == "VARCHAR"
        n_reports = len(lines(out / "reports.jsonl")) + len(lines(out / "quarantine.jsonl"))
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == n_reports
        # checks: every row of checks.csv, typed; seed 002's failing O1 on the 自然人 column
        assert con.execute("SELECT count(*) FROM checks").fetchone()[0] == len(csv_rows(out / "checks.csv"))
        check = con.execute("""SELECT lhs_sum, rhs_sum, certain, status FROM checks WHERE source LIKE '%002_054d%'
                               AND id = 'O1' AND "column" = 'natural_person'""").fetchall()
        assert check == [(Decimal(4), Decimal(3), True, "flagged")]
        assert con.execute("SELECT count(*) FROM checks JOIN reports USING (source)").fetchone()[0] == counts[
            "xxgk.duckdb:checks"]
        assert (out / "errors.jsonl").read_text() == ""
        assert con.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
        cross = out / "cross_checks.csv"
        n_cross = len(csv_rows(cross)) if cross.exists() else 0
        assert con.execute("SELECT count(*) FROM cross_checks").fetchone()[0] == n_cross
    finally:
        con.close()


def test_duckdb_quarantine_generic_cross_checks(out, crafted):
    n_cells = sum(len(list(cell_rows(r))) for r in records(out / "reports.jsonl"))
    n_checks = len(csv_rows(out / "checks.csv"))
    assert write_duckdb(crafted) == {"reports": 18, "cells": n_cells, "checks": n_checks, "errors": 0, "cross_checks": 1,
                                    "problems": 0}  # a folder from before problems.csv: an empty table
    con = duckdb.connect(str(crafted / "xxgk.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT in_dataset, count(*) FROM reports GROUP BY ALL ORDER BY 1").fetchall() == [
            (False, 1), (True, 17)]
        assert con.execute("SELECT in_dataset, count(DISTINCT source) FROM cells GROUP BY ALL ORDER BY 1").fetchall() == [
            (False, 1), (True, 17)]
        assert con.execute("SELECT * FROM cross_checks").fetchall() == [("carry_over", "=x.txt", "z", "again")]
        assert [r[0] for r in con.execute("DESCRIBE cross_checks").fetchall()] == ["check", "source", "column_3", "check_2"]
    finally:
        con.close()
    (crafted / "cross_checks.csv").unlink()
    (crafted / "checks.csv").unlink()
    assert write_duckdb(crafted)["cross_checks"] == 0  # missing: an empty table


def test_duckdb_errors_table(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(REPORTS / f"{SEED}.txt", inp)
    (inp / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_extract([str(inp)], out)
    assert write_duckdb(out)["errors"] == 1
    con = duckdb.connect(str(out / "xxgk.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT source, error FROM errors").fetchall()
        assert rows == [(str(inp / "empty.txt").replace("\\", "/"), "empty")]
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    finally:
        con.close()


def test_interrupted_duckdb_write_leaves_nothing_behind(crafted, monkeypatch):
    def temp_files():
        return sorted(p.name for p in crafted.iterdir() if p.name.startswith("."))

    real = duck_writer.cells_batch
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as when the user presses Ctrl-C mid-way
        return real(*args, **kwargs)

    monkeypatch.setattr(duck_writer, "BATCH", 5)
    monkeypatch.setattr(duck_writer, "cells_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        write_duckdb(crafted)
    assert not (crafted / "xxgk.duckdb").exists() and temp_files() == []

    monkeypatch.setattr(duck_writer, "cells_batch", real)
    assert write_duckdb(crafted)["reports"] == 18
    calls.clear()
    monkeypatch.setattr(duck_writer, "cells_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        write_duckdb(crafted)
    assert temp_files() == []
    con = duckdb.connect(str(crafted / "xxgk.duckdb"), read_only=True)  # the previous database, intact
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 18
    con.close()


def test_stale_wal_of_an_earlier_crash_is_not_replayed(crafted):
    """A crashed DuckDB session leaves ``xxgk.duckdb.wal``; replayed onto the new file, it would fail."""
    stale = crafted / "stale.duckdb"
    con = duckdb.connect(str(stale))
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    shutil.copy(crafted / "stale.duckdb.wal", crafted / "xxgk.duckdb.wal")
    con.close()
    write_duckdb(crafted)
    assert not (crafted / "xxgk.duckdb.wal").exists()
    with duckdb.connect(str(crafted / "xxgk.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 18


def test_interrupted_parquet_write_leaves_nothing_behind(crafted, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
        yield

    monkeypatch.setattr(parquet_writer, "report_batches", broken)
    with pytest.raises(RuntimeError):
        write_parquet(crafted)
    assert not (crafted / "reports.parquet").exists()
    assert [p.name for p in crafted.iterdir() if p.name.startswith(".")] == []


# --- typed values ------------------------------------------------------------------------------------------


def test_typed_values_never_round():
    assert to_int(Decimal("12")) == 12 and to_int(Decimal("1.5")) is None and to_int(2**63) is None
    assert to_decimal(Decimal("542.16")) == Decimal("542.16") and to_decimal(7) == 7
    assert to_decimal(Decimal("0.1234567")) is None  # 7 decimals would be rounded by decimal(38, 6)
    assert to_decimal(True) is None
    assert unsafe_text("'=x") == "=x" and unsafe_text("'abc") == "'abc" and unsafe_text("") == ""


def test_exports_not_asked_for_again_are_removed_not_left_stale(tmp_path):
    """--format all, then a run without it after the dataset changed: the xlsx/parquet/duckdb files of the
    first run would hold a different dataset than reports.csv; they are removed."""
    import shutil

    from tests.conftest import REPORTS
    from xxgk.batch import BatchOptions, run_extract
    from xxgk.outputs.exports import EXTRA_FILES, parse_formats

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(REPORTS / "004_9f0ed78e15ea2a92.txt", inp / "a.txt")
    out = tmp_path / "out"
    run_extract([inp], out, BatchOptions(formats=parse_formats("all")))
    assert all((out / f).exists() for f in EXTRA_FILES.values())
    shutil.copy(REPORTS / "003_ba0fe670444f6260.txt", inp / "b.txt")
    run_extract([inp], out)
    assert not any((out / f).exists() for f in EXTRA_FILES.values())
    assert len((out / "reports.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_every_export_carries_the_same_columns_and_duckdb_is_queryable_without_quotes(tmp_path):
    """reports.csv, the Parquet file and DuckDB's reports table have the same columns in the same order; the
    codebook is written beside them; DuckDB has snake_case and dataset/quarantine views with labels."""
    import csv as _csv

    import duckdb
    import pyarrow.parquet as pq

    from xxgk.batch import BatchOptions, run_extract
    from xxgk.outputs.exports import parse_formats

    out = tmp_path / "out"
    run_extract(["eval/reports", "eval/corpus"], out, BatchOptions(formats=parse_formats("all")))
    with (out / "reports.csv").open(encoding="utf-8-sig") as f:
        header = next(_csv.reader(f))
    assert pq.read_schema(out / "reports.parquet").names == header
    con = duckdb.connect(str(out / "xxgk.duckdb"), read_only=True)
    cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = "
                                      "'reports' ORDER BY ordinal_position").fetchall()]
    assert cols == [*header, "in_dataset"]
    n_csv = sum(1 for _ in (out / "reports.csv").open(encoding="utf-8-sig")) - 1
    n_q = sum(1 for _ in (out / "quarantine.csv").open(encoding="utf-8-sig")) - 1
    assert con.execute("SELECT count(*) FROM dataset").fetchone()[0] == n_csv > 0
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == n_q > 0
    assert con.execute("SELECT sum(t3_total_total) FROM reports_flat").fetchone()[0] is not None
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'reports' "
                          "AND column_name = 't3.total.total'").fetchone()[0]
    assert comment == "（七）总计 / 总计"
    assert (out / "codebook.csv").read_text(encoding="utf-8-sig").startswith("key,label,template,type,unit")


def test_cell_rows_restore_the_state_and_raw_the_json_leaves_out():
    report = xxgk.extract_file(REPORTS / "000_5c96ff8a9c100224.txt")
    rows = {r[1]: r for r in cell_rows(json.loads(report_json(report)))}
    assert len(rows) == sum(1 for t in (report.t2, report.t3, report.t4) for _ in t.iter_cells())
    kinds = set()
    for key, c in (kv for t in (report.t2, report.t3, report.t4) for kv in t.iter_cells()):
        _, _, _, _, _, value, raw, state, placement, producer, *_ = rows[key]
        assert (value, raw, state, placement, producer) == (c.value, c.raw, c.state.value, c.placement.value,
                                                            c.producer), key
        kinds.add((state, raw is None))
    assert {("number", False), ("blank", True)} <= kinds
