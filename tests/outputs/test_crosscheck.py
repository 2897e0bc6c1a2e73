"""Cross-report checks: carry-over between years, the 2021 stock of rules, duplicates, shared agency+year."""

from __future__ import annotations

import copy
import csv
import json
import random
import shutil

import pytest

import xxgk
from tests.conftest import REPORTS
from xxgk.batch import run_extract
from xxgk.outputs.crosscheck import CROSS_CHECK_COLUMNS, MAX_PAIRS, SUMMARY, compact, cross_check, write_cross_checks

BASE = "v06_btqzf2023_tab.txt"  # 宁州市北塘区人民政府 2023, 2021 template, filled t3 carry-over and t2 stock


def _report_dict(name: str) -> dict:
    return json.loads(xxgk.extract(REPORTS / name).model_dump_json())


@pytest.fixture(scope="module")
def base() -> dict:
    return _report_dict(BASE)


def _set(report: dict, key: str, value) -> None:
    table, row, col = key.split(".")
    report[table]["cells"][row][col]["value"] = value


def _variant(report: dict, source: str, sha: str | None = None, *, meta: dict | None = None, **cells) -> dict:
    """A copy of ``report`` under another source (and content hash), with meta fields and cells changed;
    cells are given as t3__carried_forward__total=5."""
    out = copy.deepcopy(report)
    out["source"] = source
    out["sha256"] = sha if sha is not None else f"sha-of-{source}"
    out["meta"].update(meta or {})
    for key, value in cells.items():
        _set(out, key.replace("__", "."), value)
    return out


def _last_year(this: dict, source: str = "prev/2022.txt", *, meta: dict | None = None, **cells) -> dict:
    """The report of the year before ``this`` that is consistent with it: 结转下年度 equal to this year's 上年结转,
    现行有效件数 equal to this year's minus the year's flows."""
    t3, t2 = this["t3"]["cells"], this["t2"]["cells"]
    consistent = {f"t3__carried_forward__{col}": cell["value"] for col, cell in t3["carried_over"].items()}
    for row in ("rules", "normative_docs"):
        r = t2[row]
        consistent[f"t2__{row}__in_force"] = r["in_force"]["value"] - r["issued"]["value"] + r["repealed"]["value"]
    return _variant(this, source, meta={"year": this["meta"]["year"] - 1, **(meta or {})}, **{**consistent, **cells})


def _findings(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["check"] != "summary"]


def _summary(rows: list[dict[str, str]]) -> dict[str, int]:
    return {f"{r['row']}/{r['column']}": int(r["this_value"]) for r in rows if r["check"] == "summary"}


def _run(*reports: dict) -> list[dict[str, str]]:
    return cross_check(compact(r) for r in reports)


def test_base_report_is_what_the_tests_assume(base):
    c = compact(base)
    assert (c.agency_key, c.year, c.template) == ("宁州市北塘区人民政府", 2023, "2021")
    assert c.carried_over == (6, 1, 0, 0, 0, 0, 7)
    assert c.stock == ((0, 0, 0), (5, 2, 38))


def test_matching_carry_over_and_stock_give_no_row(base):
    rows = _run(base, _last_year(base))
    assert _findings(rows) == []
    s = _summary(rows)
    assert (s["carry_over/pairs"], s["carry_over/compared"], s["carry_over/mismatch"]) == (1, 7, 0)
    assert (s["in_force_stock/pairs"], s["in_force_stock/compared"], s["in_force_stock/mismatch"]) == (1, 2, 0)
    assert all(set(r) == set(CROSS_CHECK_COLUMNS) for r in rows)
    assert [(r["row"], r["column"]) for r in rows] == [(name, counter) for name, counter, _ in SUMMARY]


def test_one_carry_over_mismatch_is_one_row_with_both_values_and_sources(base):
    prev = _last_year(base, t3__carried_forward__commercial=2)  # this year's 上年结转 商业企业 is 1
    [row] = _findings(_run(base, prev))
    assert row == {
        "check": "carry_over", "severity": "warning", "agency_key": "宁州市北塘区人民政府", "year": "2023",
        "prev_year": "2022", "table": "t3", "row": "carried_over", "column": "commercial", "this_value": "1",
        "prev_value": "2", "expected": "2", "source": base["source"], "prev_source": "prev/2022.txt",
        "message": "H1 t3.carried_over.commercial: 上年结转 1 (2023) ≠ 结转下年度继续办理 2 (2022)",
    }
    assert _summary(_run(base, prev))["carry_over/mismatch"] == 1


def test_a_blank_on_either_side_is_not_assessable_not_zero(base):
    prev = _last_year(base, t3__carried_forward__natural_person=None)  # 6 this year against a blank
    this = _variant(base, "this/2023.txt", t3__carried_over__total=None)
    rows = _run(this, prev)
    assert _findings(rows) == []
    assert _summary(rows)["carry_over/not_assessable"] == 2
    assert _summary(rows)["carry_over/compared"] == 5


def test_a_2021_stock_discontinuity_is_a_warning_with_both_sides(base):
    prev = _last_year(base, t2__normative_docs__in_force=30)  # 30 + 5 issued − 2 repealed = 33, printed 38
    [row] = _findings(_run(base, prev))
    assert (row["check"], row["severity"], row["table"], row["row"], row["column"]) == (
        "in_force_stock", "warning", "t2", "normative_docs", "in_force")
    assert (row["this_value"], row["prev_value"], row["expected"]) == ("38", "30", "33")
    assert (row["source"], row["prev_source"], row["year"], row["prev_year"]) == (
        base["source"], "prev/2022.txt", "2023", "2022")
    assert row["message"] == ("H2 t2.normative_docs.in_force: 现行有效件数 38 (2023) ≠ 30 (2022) + 本年制发件数 5 − "
                              "本年废止件数 2 = 33")


def test_stock_reads_blank_flows_as_zero_and_says_so(base):
    this = _variant(base, "this/2023.txt", t2__normative_docs__issued=None)  # 35 + 0 − 2 = 33 ≠ 38
    [row] = _findings(_run(this, _last_year(base)))
    assert (row["expected"], row["this_value"]) == ("33", "38")
    assert row["message"].endswith("; blank read as 0: issued")


def test_stock_needs_the_2021_template_in_both_years(base):
    prev = _last_year(base, t2__normative_docs__in_force=30, meta={"template": "2019"})
    rows = _run(base, prev)
    assert _findings(rows) == []
    assert (_summary(rows)["in_force_stock/pairs"], _summary(rows)["carry_over/pairs"]) == (0, 1)


def test_same_content_under_two_sources_is_one_duplicate_row(base):
    a = _variant(base, "a/report.txt", sha="abc123")
    b = _variant(base, "b/report.txt", sha="abc123")
    rows = _run(b, a)
    [row] = _findings(rows)
    assert (row["check"], row["source"], row["prev_source"]) == ("duplicate", "b/report.txt", "a/report.txt")
    assert (row["agency_key"], row["year"], row["prev_year"]) == ("宁州市北塘区人民政府", "2023", "")
    assert "sha256 abc123" in row["message"]
    # three copies: each extra copy paired with the first, not every pair
    c = _variant(base, "c/report.txt", sha="abc123")
    assert [(r["source"], r["prev_source"]) for r in _findings(_run(c, b, a))] == [
        ("b/report.txt", "a/report.txt"), ("c/report.txt", "a/report.txt")]


def test_copies_count_once_in_the_continuity_checks(base):
    prev = _last_year(base, t3__carried_forward__commercial=2)
    copy_of_base = _variant(base, "z/copy.txt", sha=base["sha256"])
    rows = _findings(_run(base, copy_of_base, prev))
    assert sorted(r["check"] for r in rows) == ["carry_over", "duplicate"]


def test_null_agency_key_is_skipped_and_counted(base):
    prev = _last_year(base, t3__carried_forward__commercial=2, meta={"agency_key": None, "agency": None})
    rows = _run(base, prev)
    assert _findings(rows) == []
    s = _summary(rows)
    assert (s["reports/read"], s["reports/no_agency_key"], s["carry_over/pairs"]) == (2, 1, 0)


def test_two_documents_sharing_agency_and_year_are_flagged_and_each_compared(base):
    other = _variant(base, "other/2023.txt", meta={"agency": "北塘区人民政府"}, t3__carried_over__commercial=3)
    prev = _last_year(base)
    rows = _findings(_run(base, other, prev))
    assert [r["check"] for r in rows] == ["carry_over", "same_agency_year"]
    carry, same = rows
    assert (carry["source"], carry["column"], carry["this_value"], carry["prev_value"]) == (
        "other/2023.txt", "commercial", "3", "1")
    assert "agency_key shared by 2 document(s) for 2023 and 1 for 2022: every pair compared" in carry["message"]
    assert (same["source"], same["prev_source"], same["severity"]) == (
        "other/2023.txt", base["source"], "warning")
    assert "北塘区人民政府 / 宁州市北塘区人民政府" in same["message"]


def test_a_crowded_key_is_not_compared_pair_by_pair(base):
    n = MAX_PAIRS + 1  # n documents this year against one last year: more pairs than the limit
    docs = [_variant(base, f"d{i:02}.txt", t3__carried_over__total=100 + i) for i in range(n)]
    rows = _run(*docs, _last_year(base))
    assert {r["check"] for r in _findings(rows)} == {"same_agency_year"}
    assert len(_findings(rows)) == n - 1
    assert (_summary(rows)["continuity/crowded"], _summary(rows)["carry_over/pairs"]) == (1, 0)


def test_output_is_sorted_and_independent_of_input_order(base):
    reports = [
        base,
        _last_year(base, t3__carried_forward__commercial=2, t2__normative_docs__in_force=30),
        _variant(base, "dup.txt", sha=base["sha256"]),
        # 2024 keeps 2023's figures: its 上年结转 (6 … 7, natural_person set to 99) meets 2023's 结转 (12 … 13)
        _variant(base, "x/2024.txt", meta={"year": 2024}, t3__carried_over__natural_person=99),
    ]
    expected = _run(*reports)
    for seed in range(3):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert _run(*shuffled) == expected
    assert [(r["check"], r["year"], r["column"]) for r in _findings(expected)] == [
        ("carry_over", "2023", "commercial"), ("carry_over", "2024", "natural_person"), ("carry_over", "2024", "total"),
        ("in_force_stock", "2023", "in_force"), ("in_force_stock", "2024", "in_force"), ("duplicate", "2023", "")]


def test_a_source_listed_twice_counts_once(base):
    rows = _run(base, base)
    assert _findings(rows) == []
    assert _summary(rows)["reports/read"] == 1


def test_hzq_2023_2024_carry_over_and_stock_hold():
    """The one real same-agency pair among the bundled reports (淮安市洪泽区人民政府, 2023 and 2024): 2024's 上年结转
    is all 0 like 2023's 结转下年度; 行政规范性文件 5 (2023) + 3 − 0 = 8 (2024), 规章 0 both years. No finding."""
    y23, y24 = _report_dict("hzq2023_working.pdf"), _report_dict("hzq2024_working.pdf")
    assert {compact(r).agency_key for r in (y23, y24)} == {"淮安市洪泽区人民政府"}
    rows = _run(y23, y24)
    assert _findings(rows) == []
    s = _summary(rows)
    assert (s["carry_over/pairs"], s["carry_over/compared"]) == (1, 7)
    assert (s["in_force_stock/pairs"], s["in_force_stock/compared"]) == (1, 2)


def test_end_to_end_a_text_seed_saved_twice_is_a_duplicate_pair(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    seed = REPORTS / "003_ba0fe670444f6260.txt"
    shutil.copy(seed, folder / "a.txt")
    shutil.copy(seed, folder / "b.txt")
    run_extract([folder], out)
    n = write_cross_checks(out)
    raw = (out / "cross_checks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (out / "cross_checks.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) == 1 + len(SUMMARY)
    [row] = _findings(rows)
    assert (row["check"], row["agency_key"], row["year"]) == ("duplicate", "宁波市镇海区综合行政执法局", "2020")
    assert (row["prev_source"].rsplit("/", 1)[1], row["source"].rsplit("/", 1)[1]) == ("a.txt", "b.txt")
    assert _summary(rows)["reports/read"] == 2
    assert not list(out.glob("*xxgk-tmp*"))  # written atomically, no temporary left behind


def test_write_cross_checks_on_an_empty_folder_writes_the_summary(tmp_path):
    assert write_cross_checks(tmp_path) == len(SUMMARY)
    assert (tmp_path / "cross_checks.csv").exists()
