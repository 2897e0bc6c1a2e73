"""Identity checks and the status rules of spec B, on reports edited cell by cell."""

from __future__ import annotations

import xxgk
from tests.conftest import REPORTS
from xxgk.core.model import Cell, CellState, Placement, Status
from xxgk.pipeline.checks import recheck


def seed(stem: str) -> xxgk.Report:
    return xxgk.extract(f"eval/reports/{stem}.txt")


def set_cell(report, key, value, placement=Placement.label):
    state = CellState.blank if value is None else CellState.number
    t, row, col = key.split(".")
    report.table(t).cells[row][col] = Cell(value=value, state=state, placement=placement)


def test_a_consistent_edit_turns_a_flagged_report_accepted():
    r = seed("001_7b4b25fcf59f7d61")
    set_cell(r, "t3.total.total", 30)
    recheck(r)
    assert r.status == Status.accepted and r.check_summary.failed == 0 and r.check_summary.passed == 40


def test_failure_on_a_cell_placed_by_inference_is_rejected_not_flagged():
    r = seed("003_ba0fe670444f6260")
    set_cell(r, "t3.granted.natural_person", 5, Placement.inferred)
    recheck(r)
    assert r.status == Status.rejected
    failing = {(c.id, c.row, c.column) for c in r.checks if c.outcome == "fail"}
    assert ("S1", "granted", None) in failing and ("S2", None, "natural_person") in failing
    assert all(not c.certain for c in r.checks if c.outcome == "fail" and c.id == "S1")


def test_ambiguous_cell_makes_the_equation_not_assessable_and_the_report_rejected():
    r = seed("003_ba0fe670444f6260")
    r.t3.cells["new_received"]["natural_person"] = Cell(state=CellState.ambiguous, candidates=[2, None])
    recheck(r)
    assert r.status == Status.rejected and "ambiguous" in r.reason
    na = [c for c in r.checks if c.outcome == "not_assessable"]
    assert {c.id for c in na} == {"O1", "S1"}


def test_blank_total_with_filled_components_is_a_warning_and_blanks_read_as_zero_are_listed():
    r = seed("000_5c96ff8a9c100224")
    warn = [c for c in r.checks if c.code == "total_not_reported"]
    assert [c.row for c in warn] == ["new_received", "granted", "total"]
    assert r.status == Status.accepted
    # the data keeps the blank
    assert r.value("t3.total.total") is None
    # O1 on 自然人 passes reading the blank 上年结转 as 0, and says so when it fails
    set_cell(r, "t3.carried_forward.natural_person", 1)
    recheck(r)
    o1 = next(c for c in r.checks if c.id == "O1" and c.column == "natural_person")
    assert o1.outcome == "fail" and o1.lhs_sum == 1 and o1.rhs_sum == 2
    assert "t3.carried_over.natural_person" in o1.blank_as_zero


def test_all_blank_column_is_not_assessable_not_a_pass():
    r = seed("000_5c96ff8a9c100224")
    # 5 legal-person columns and 总计 are blank in all four O1 cells; 自然人 is assessable
    s = r.check_summary
    assert s.evaluated == 40 and s.not_assessable > 0 and s.failed == 0
    assert s.passed + s.not_assessable + s.warnings == 40


def test_s3_failure_in_table_four():
    r = seed("003_ba0fe670444f6260")
    set_cell(r, "t4.review.upheld", 2)
    recheck(r)
    s3 = [c for c in r.checks if c.id == "S3"]
    assert [(c.row, c.lhs_sum, c.rhs_sum) for c in s3] == [("review", 0, 2)]
    assert r.status == Status.flagged


def test_negative_count_is_a_domain_warning():
    r = seed("003_ba0fe670444f6260")
    set_cell(r, "t2.rules.new_made", -1)
    recheck(r)
    assert any(c.id == "S4" and c.code == "domain" for c in r.checks)
    # the signed 本年增/减 column may be negative (seed 003: -5)
    assert not any(c.id == "S4" and c.column == "change" for c in r.checks)


def test_missing_table_fails_with_reason():
    r = seed("003_ba0fe670444f6260")
    r.t4.found = False
    r.t4.error = "no table-四 values found"
    recheck(r)
    assert r.status == Status.failed and "table-四" in r.reason


def _with_group(report, group: str, printed: list[int], producer: str = "rules"):
    copy = report.model_copy(deep=True)
    for col, v in zip(("upheld", "corrected", "other", "pending", "total"), printed, strict=True):
        copy.t4.cells[group][col].value = v
        copy.t4.cells[group][col].producer = producer
    return recheck(copy)


def test_a_row_that_adds_up_in_another_order_is_rejected_not_flagged():
    # reading-order PDF text (plain pdftotext) printed 行政诉讼·未经复议直接起诉 as 12 22 2 3 5: the total
    # 22 came second. Read by position the row does not add up; its numbers do, with 22 as the total —
    # a reading problem, not the document's own error, so the report stays out of the dataset
    report = xxgk.extract_file(REPORTS / "v10_yjszf2021_pdf.pdf")
    assert report.status == Status.accepted
    shuffled = _with_group(report, "litigation_direct", [12, 22, 2, 3, 5])
    assert shuffled.status == Status.rejected and "add up in another order" in shuffled.reason
    wrong_total = _with_group(report, "litigation_direct", [12, 2, 3, 5, 23])  # a printed total that is off
    assert wrong_total.status == Status.flagged and wrong_total.reason.startswith("the document does not add up")
    confirmed = _with_group(report, "litigation_direct", [12, 22, 2, 3, 5], producer="human")  # (xxgk review)
    assert confirmed.status == Status.flagged


def test_h4_warns_where_section_one_quotes_another_figure_than_the_table():
    """Spec B's H4 (text vs table), a warning: hzq2024's section 一 says 受理…申请 17 件 (the office's own) while its
    table 三 counts 95; szfgs2024's figures (3119 new, 351 reviews, 46 suits …) all agree, and a layout text's
    numbers set apart on their own line ("37   46   25") are no figure."""
    hzq = xxgk.extract("eval/reports/hzq2024_working.pdf")
    h4 = [c for c in hzq.checks if c.id == "H4"]
    assert [(c.table, c.row, c.column, c.rhs) for c in h4] == [("t3", "new_received", "total", {"section 一": 17})]
    assert hzq.status == "accepted"  # (a warning, never a failure)
    assert not [c for c in xxgk.extract("eval/reports/szfgs2024.pdf").checks if c.id == "H4"]
    assert not [c for c in xxgk.extract("tests/fixtures/damaged/szfgs2024.pdftext-wide.txt").checks if c.id == "H4"]


def test_a_total_the_placement_left_blank_confirms_nothing_and_the_report_is_rejected():
    """Seed 000 prints its blank totals (each cell has a provenance): a warning, accepted. The same blank made by
    a placement of fewer values than cells (no print stands for it: a column clipped off a PDF's page) checks
    nothing, so the row's values placed beside it by inference are not admitted."""
    r = seed("000_5c96ff8a9c100224")
    assert r.t3.cells["new_received"]["total"].provenance is not None and r.status == Status.accepted
    for col, cell in r.t3.cells["new_received"].items():
        cell.placement = Placement.inferred
        if col == "total":
            cell.provenance = None
    recheck(r)
    assert r.status == Status.rejected and "beside a total left blank" in r.reason
    assert "t3.new_received" in r.reason and "granted" not in r.reason


def test_a_report_that_does_not_add_up_is_flagged_only_when_every_cell_is_read():
    """Seed 001 fails its identities on cells placed with certainty: flagged, into the dataset. A table-二 row
    not found (no identity checks it: a WeChat page's small flex grid the reader left as bare lines) leaves cells
    missing, which a flagged report would have carried into the dataset as blanks: rejected, as an accepted
    report with such cells is."""
    r = seed("001_7b4b25fcf59f7d61")
    assert r.status == Status.flagged
    r.t2.cells["licensing"] = {c: Cell.not_found() for c in r.t2.cells["licensing"]}
    recheck(r)
    assert r.status == Status.rejected and r.reason.startswith("cells ambiguous or missing: t2.licensing.")
    assert "does not add up" in r.reason
