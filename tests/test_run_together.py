"""Web text with the cells of each row run together: split by search under the table's identities,
ambiguous when more than one split fits — never guessed."""

from __future__ import annotations

import xxgk
from xxgk.tables.place import split_digits

from .conftest import FIXTURES


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
    # table 四: the first two groups are determined, the last is genuinely ambiguous
    assert r.value("t4.review.total") == 351 and r.value("t4.litigation_direct.total") == 26
    upheld = r.cell("t4.litigation_after_review.upheld")
    assert upheld.state == "ambiguous" and set(upheld.candidates) == {12, 1}
    assert r.status == xxgk.Status.rejected
    # provenance of a split cell points inside the digit string
    p = r.cell("t3.new_received.commercial").provenance
    raw = (FIXTURES / "runtogether_szfgs2024_digits_glued.txt").read_text(encoding="utf-8")
    assert raw[p.start : p.end] == "53"
