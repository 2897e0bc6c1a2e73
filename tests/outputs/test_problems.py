"""problems.csv and what is made of it above the single report: the batch page's section and the DuckDB
views (xxgk.outputs.problems, xxgk.outputs.page.problems, xxgk.outputs.exports.duckdb)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xxgk.cli import app
from xxgk.outputs.page import write_batch_report
from xxgk.outputs.problems import PROBLEM_COLUMNS, ProblemStats

ROOT = Path(__file__).resolve().parents[2]
HEBEI = [ROOT / "eval" / "corpus" / f"00{i}_hebei_gxt_{y}.txt" for i, y in ((3, 2021), (4, 2020), (5, 2019))]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("in")
    for p in [*HEBEI, ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt"]:
        shutil.copy(p, src / p.name)
    dest = tmp_path_factory.mktemp("out") / "out"
    res = CliRunner().invoke(app, ["extract", str(src), "--out", str(dest), "-q"])
    assert res.exit_code in (0, 1), res.output
    return dest


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "problems.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_problems_csv_has_one_row_per_item_with_verbatim_evidence(out: Path) -> None:
    rows = _rows(out)
    assert list(rows[0]) == list(PROBLEM_COLUMNS)
    seed = [r for r in rows if r["source"].endswith("000_5c96ff8a9c100224.txt")]
    assert [(r["kind"], r["n"], r["category"]) for r in seed if r["kind"] == "problem"] == [
        ("problem", "1", "late"), ("problem", "2", "incomplete"), ("problem", "3", "platform"), ("problem", "4", "staff")]
    text = (ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt").read_text(encoding="utf-8")
    for r in seed:
        assert text[int(r["start"]) : int(r["end"])] == r["evidence"]
        assert r["method"] == "rules" and r["category_method"] == "rules"
    hebei = {r["year"] for r in rows if "hebei" in r["source"] and r["kind"] == "problem"}
    assert hebei == {"2019", "2020", "2021"}


def test_stats_count_categories_shares_and_recurrence(out: Path) -> None:
    stats = ProblemStats()
    rows = _rows(out)
    for source in dict.fromkeys(r["source"] for r in rows):
        stats.add_report([r for r in rows if r["source"] == source])
    assert sum(stats.reports.values()) == 4
    by_year = {(k[0], k[1]): (items, naming, read) for k, items, naming, read in stats.by(2)}
    # 2019: the seed (4 problems: late, incomplete, platform, staff) and 河北工信厅 2019 (awareness: staff)
    assert by_year[("2019", "staff")] == (4, 2, 2)
    assert by_year[("2019", "late")] == (1, 1, 2)
    pairs, again, cats = stats.recurrence()
    assert pairs == 2  # the same 厅 in 2019→2020 and 2020→2021
    assert 1 <= again <= pairs and sum(cats.values()) >= again


def test_page_shows_problems_by_category_and_recurrence(out: Path) -> None:
    html = write_batch_report(out).read_text(encoding="utf-8")
    section = html[html.index('id="problems"') :]
    assert "4 份报告读出第五部分" in section
    assert "队伍与能力" in section and "上年问题是否再现" in section
    assert "2 组相邻年度" in section


def test_duckdb_views_over_problems(out: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    from xxgk.outputs.exports.duckdb import write_duckdb

    counts = write_duckdb(out)
    assert counts["problems"] == len(_rows(out))
    con = duckdb.connect(str(out / "xxgk.duckdb"), read_only=True)
    try:
        got = con.execute("SELECT items, reports, reports_read FROM problems_by_category "
                          "WHERE year = 2019 AND category = 'staff'").fetchall()
        rec = con.execute("SELECT count(DISTINCT year) FROM problems_recurring").fetchone()
    finally:
        con.close()
    assert (sum(r[0] for r in got), sum(r[1] for r in got), sum(r[2] for r in got)) == (4, 2, 2)
    assert rec is not None and rec[0] >= 1
