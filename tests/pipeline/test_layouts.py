"""The same report printed in every text layout extracts to the same canonical values."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import GOLD
from tests.layouts import to_pdf_rows, to_pipe_rows, to_plain
from xxgk.evaluation.gold import compare, load_gold

TAB_SEEDS = ["000_5c96ff8a9c100224", "001_7b4b25fcf59f7d61", "002_054d4c4d902c56e6"]


@pytest.mark.parametrize("stem", TAB_SEEDS)
@pytest.mark.parametrize("layout", [to_pipe_rows, to_plain])
def test_relayout_keeps_every_value(stem, layout, seed_text):
    text = layout(seed_text(stem))
    report = xxgk.extract_text(text, source=f"{stem}-{layout.__name__}")
    expected = {"to_pipe_rows": "pipe", "to_plain": "lines"}[layout.__name__]
    assert {report.t2.layout, report.t3.layout, report.t4.layout} == {expected}
    _, diffs = compare(report, load_gold(GOLD / f"{stem}.json"))
    assert [str(d) for d in diffs] == []
    assert report.status.value == load_gold(GOLD / f"{stem}.json")["expect"]["status"]


def test_pdf_rows_without_blank_cells_extract_exactly(seed_text):
    stem = "001_7b4b25fcf59f7d61"  # every cell of this report holds a number
    report = xxgk.extract_text(to_pdf_rows(seed_text(stem)), source="pdfrows")
    assert report.t3.layout == "lines"
    _, diffs = compare(report, load_gold(GOLD / f"{stem}.json"))
    assert [str(d) for d in diffs] == []
    assert report.status == xxgk.Status.flagged


def test_pdf_rows_with_vanished_blanks_are_never_guessed(seed_text):
    """Seed 002 prints only 自然人 and 总计: in PDF-like rows the blank cells vanish ("3 3"). Two
    components with a blank total fit as well as one component and its total, so the cells are
    ambiguous with their candidate readings, nothing is invented, and the report is not accepted."""
    report = xxgk.extract_text(to_pdf_rows(seed_text("002_054d4c4d902c56e6")), source="pdfrows")
    for col in ("natural_person", "commercial", "total"):
        cell = report.cell(f"t3.new_received.{col}")
        assert cell.state == "ambiguous" and cell.value is None and set(cell.candidates) == {3, None}
    # where a single printed value can only be the row's own total's partner, it is still not guessed
    assert report.cell("t3.carried_forward.total").state == "ambiguous"
    assert report.status == xxgk.Status.rejected
    assert "ambiguous" in report.reason
    # the all-blank rows printed no number at all: blank by inference, never 0
    blank = report.cell("t3.partial.total")
    assert blank.state == "blank" and blank.value is None and blank.placement == "inferred"
