"""Web text with the cells of each row run together: split by search under the table's identities,
ambiguous when more than one split fits — never guessed."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES
from xxgk.pipeline.tables.place import split_digits


def test_the_spec_example_splits_one_way():
    assert split_digits("15130000154", 7, [7], 1000) == [["151", "3", "0", "0", "0", "0", "154"]]


def test_no_leading_zeros_and_no_split_when_the_total_cannot_fit():
    assert split_digits("0000000", 7, [7], 1000) == [["0"] * 7]
    assert split_digits("101000000000005", 15, [5, 5, 5], 1000) == []  # the document breaks S3


def test_table_four_as_one_digit_string_has_three_readings_of_its_last_group():
    splits = split_digits("72641783735113481261211620", 15, [5, 5, 5], 1000)
    assert len(splits) == 3 and {tuple(s[:10]) for s in splits} == {
        ("72", "64", "178", "37", "351", "13", "4", "8", "1", "26")}


def test_run_together_report_is_split_resolved_by_columns_and_not_accepted():
    r = xxgk.extract(FIXTURES / "runtogether_szfgs2024_digits_glued.txt")
    assert [r.value(f"t3.new_received.{c}") for c in
            ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")] == [
        3001, 53, 0, 0, 61, 4, 3119]
    assert r.cell("t3.new_received.total").placement == "inferred"
    # "110000011": 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11 … — only the first makes every column identity hold
    assert r.value("t3.unable_need_creation.natural_person") == 11
    assert any(n.code == "resolved_by_columns" and n.key == "t3.unable_need_creation" for n in r.notes)
    # table 四: three splits fit S3; only one matches the figures section 一 quotes (行政诉讼 结果维持 25 …)
    assert r.value("t4.review.total") == 351 and r.value("t4.litigation_direct.total") == 26
    assert [r.value(f"t4.litigation_after_review.{c}") for c in ("upheld", "corrected", "other", "pending")] == [
        12, 1, 1, 6]
    assert any(n.code == "resolved_by_narrative" for n in r.notes)
    # section 二's "1011" (1|0|11, 10|1|1, 1|0|11 …) has no identity to decide it: ambiguous, not accepted
    assert r.cell("t2.rules.issued").state == "ambiguous"
    assert r.status == xxgk.Status.rejected and "t2.rules" in r.reason
    # provenance of a split cell points inside the digit string
    p = r.cell("t3.new_received.commercial").provenance
    raw = (FIXTURES / "runtogether_szfgs2024_digits_glued.txt").read_text(encoding="utf-8")
    assert raw[p.start : p.end] == "53"


def test_narrative_figures_of_table_four():
    from xxgk.pipeline.quoted import t4_figures

    text = ("政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
            "政府信息公开行政诉讼 46 件，其中结果维持 25件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。")
    assert t4_figures(text) == {
        "review.total": 351, "review.upheld": 72, "review.corrected": 64, "review.other": 178, "review.pending": 37,
        "litigation.total": 46, "litigation.upheld": 25, "litigation.corrected": 5, "litigation.other": 9,
        "litigation.pending": 7}
    assert t4_figures("本年度未发生行政复议、行政诉讼。") == {}


def test_a_glued_row_whose_own_total_fails_is_read_as_printed():
    """Seed 001's （七）总计 row glued ("30000000"): no split satisfies S1 (the document's own error), and
    the print alone allows one split, 30 | 0 | … | 0. It is read so and the failure is reported — never a
    missing row. (Placed by splitting digits: inference, so the report is rejected, not flagged.)"""
    import xxgk
    from tests.llm_answers import FLAGGED_SEED, glued, gold

    report = xxgk.extract_text(glued(FLAGGED_SEED))
    g = gold(FLAGGED_SEED)
    assert {c: cell.value for c, cell in report.t3.cells["total"].items()} == g["t3"]["total"]
    assert any(c.id == "S1" and c.row == "total" and c.outcome == "fail" for c in report.checks)
    assert report.status == "rejected"


def test_glued_2019_items_are_read_by_nonnegative_counts_and_the_narratives_decisions():
    """Seed 003 glued: "行政许可51-51548" reads 51 | -5 | 1548, 51 | -51 | 548, 51 | -515 | 48 or 51 | -5154 | 8;
    the last two leave a negative item count, and section 一 says "行政许可决定1548条". "其他对外管理服务事项18-528":
    18 | -52 | 8 goes below zero, so 18 | -5 | 28."""
    import xxgk
    from tests.llm_answers import ACCEPTED_SEED, glued, gold

    report = xxgk.extract_text(glued(ACCEPTED_SEED))
    g = gold(ACCEPTED_SEED)
    for row in ("licensing", "other_services"):
        assert {c: cell.value for c, cell in report.t2.cells[row].items()} == g["t2"][row]
    codes = {(n.code, n.key) for n in report.notes}
    assert ("resolved_by_non_negative_count", "t2.other_services") in codes
    assert ("resolved_by_narrative", "t2.licensing") in codes
