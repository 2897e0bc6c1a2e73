"""Reports as PDF text gives them (whitespace-separated rows, vertical label stacks, wrapped labels,
page numbers), from the three real PDFs in ../shared/samples/pdf (text layer extracted with pypdfium2).
Values below were read off the PDFs by hand."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES


def extract(name: str) -> xxgk.Report:
    return xxgk.extract(FIXTURES / name)


def test_hzq2023_mixed_template_and_table_four_totals_that_do_not_add_up():
    r = extract("pdftext_hzq2023_mixed_template_t4_totals_zero.txt")
    assert r.status == xxgk.Status.flagged
    failing = sorted((c.id, c.row, c.lhs_sum, c.rhs_sum) for c in r.checks if c.outcome == "fail")
    assert failing == [("S3", "litigation_after_review", 0, 5), ("S3", "review", 0, 11)]
    assert (r.meta.agency, r.meta.year, r.meta.template) == ("淮安市洪泽区人民政府", 2023, "2021")
    assert r.t3.template == "2019" and any(n.code == "mixed_template" for n in r.notes)
    # the mangled label "2.其他法律行政止公开" is still its row
    assert r.cell("t3.denied_law_forbidden.total").raw == "0"
    assert r.value("t2.fees.amount") == xxgk.core.model.Decimal("7730.28")
    assert r.value("t3.unable_not_held.natural_person") == 10 and r.value("t3.partial.total") == 4
    assert [r.value(f"t4.review.{c}") for c in ("upheld", "corrected", "other", "pending", "total")] == [10, 1, 0, 0, 0]


def test_hzq2024_accepted():
    r = extract("pdftext_hzq2024_mixed_template_accepted.txt")
    assert r.status == xxgk.Status.accepted
    assert r.value("t2.licensing.decisions") == 9487 and r.value("t3.total.total") == 95
    assert r.value("t4.litigation_after_review.total") == 3


def test_szfgs2024_vertical_group_labels_and_2021_other_rows():
    r = extract("pdftext_szfgs2024_vertical_labels_2021.txt")
    assert r.status == xxgk.Status.accepted
    assert (r.meta.agency, r.meta.year, r.t3.template) == ("淮安市人民政府", 2024, "2021")
    # "法提供 2.没有现成信息需要另行制作 11 …": the vertical stack's last characters precede the label
    assert r.value("t3.unable_need_creation.total") == 11
    # three-line wrapped labels of the （六） sub-rows
    assert [r.value(f"t3.{k}.total") for k in ("other_overdue_correction", "other_overdue_fee", "other_other")] == [
        71, 6, 110]
    assert r.value("t3.new_received.total") == 3119 and r.value("t3.carried_forward.total") == 103
    assert r.value("t2.penalty.decisions") == 3985758
    assert [r.value(f"t4.litigation_direct.{c}") for c in ("upheld", "corrected", "other", "pending", "total")] == [
        13, 4, 8, 1, 26]
