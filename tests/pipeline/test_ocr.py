"""Trust in OCR cells (``xxgk.pipeline.ocr``): a doubtful reading is settled by the identities or left
ambiguous with its candidates; a report whose OCR cells fail an identity is rejected, never flagged."""

from __future__ import annotations

import xxgk
from tests.conftest import REPORTS
from xxgk.core.model import CellState, Report, Status
from xxgk.pipeline.checks import recheck
from xxgk.pipeline.ocr import close_readings, settle_doubtful

DOC = REPORTS / "v05_qxwjj2021_pipe.txt"  # accepted: every identity holds


def _as_read_by_ocr(report: Report, confidence: float = 0.97) -> Report:
    for t in (report.t2, report.t3, report.t4):
        for _, cell in t.iter_cells():
            if cell.state == CellState.number:
                cell.producer, cell.confidence = "ocr", confidence
    return report


def test_close_readings_swap_one_digit_at_a_time():
    assert close_readings(72) == [72, 12]
    assert close_readings(0) == [0, 6, 8, 9]
    assert 3 in close_readings(8) and 13 in close_readings(18) and 88 not in close_readings(0)
    assert all(not str(v).startswith("0") or v == 0 for v in close_readings(80))


def test_a_doubtful_reading_the_identities_pin_down_is_settled():
    report = _as_read_by_ocr(xxgk.extract_file(DOC))
    assert report.status == Status.accepted and report.value("t3.granted.natural_person") == 12
    cell = report.cell("t3.granted.natural_person")
    cell.value, cell.raw, cell.confidence = 72, "72", 0.61  # 1 read as 7, with a low score
    settle_doubtful(report)
    recheck(report)
    assert cell.value == 12 and cell.state == CellState.number
    assert report.status == Status.accepted
    note = next(n for n in report.notes if n.code == "ocr_settled")
    assert note.key == "t3.granted.natural_person" and "only with 12" in note.message


def test_a_doubtful_reading_the_identities_confirm_says_so():
    report = _as_read_by_ocr(xxgk.extract_file(DOC))
    cell = report.cell("t3.granted.natural_person")
    cell.confidence = 0.45  # read right, with a low score
    settle_doubtful(report)
    recheck(report)
    assert cell.value == 12 and report.status == Status.accepted
    note = next(n for n in report.notes if n.code == "ocr_confirmed")
    assert note.key == "t3.granted.natural_person" and "0.45" in note.message and "72" in note.message


def test_a_doubtful_reading_no_identity_constrains_is_ambiguous_and_rejected():
    report = _as_read_by_ocr(xxgk.extract_file(DOC))
    cell = report.cell("t2.rules.new_made")  # table 二 has no identity
    cell.confidence = 0.5
    settle_doubtful(report)
    recheck(report)
    assert cell.state == CellState.ambiguous and cell.value is None and cell.candidates == [0, 6, 8, 9]
    assert report.status == Status.rejected and "t2.rules.new_made" in report.reason


def test_a_confident_ocr_reading_that_breaks_an_identity_rejects_the_report():
    report = _as_read_by_ocr(xxgk.extract_file(DOC))
    report.cell("t3.granted.natural_person").value = 72  # read with a high score, yet wrong
    settle_doubtful(report)
    recheck(report)
    assert report.status == Status.rejected and "read by OCR" in report.reason
    # the same failure on cells the rules read from text is the document's own: flagged
    text = xxgk.extract_file(DOC)
    text.cell("t3.granted.natural_person").value = 72
    recheck(text)
    assert text.status == Status.flagged


def test_ink_ocr_read_as_nothing_is_unread_not_a_blank():
    """A phone screenshot's 0 in a cell two lines high, its rules beside it: the detector found no text (confidence
    0). As a blank it counted as 0 and passed every identity (accepted with 8 zeros missing); it is ambiguous."""
    r = _as_read_by_ocr(xxgk.extract(REPORTS / "000_5c96ff8a9c100224.txt"))  # (accepted, its empty cells blank)
    assert r.status == Status.accepted
    blank = next((k, c) for t in (r.t2, r.t3, r.t4) for k, c in t.iter_cells() if c.state == CellState.blank)
    key, cell = blank
    cell.producer, cell.confidence = "ocr", 0.0
    settle_doubtful(r)
    recheck(r)
    assert cell.state == CellState.ambiguous and r.status == Status.rejected
    assert [n.key for n in r.notes if n.code == "ocr_unread"] == [key]
    # (a cell OCR read nothing in, with no ink: left out of the read cells, its producer the rules: a blank)
    other = next(c for t in (r.t2, r.t3, r.t4) for _, c in t.iter_cells() if c.state == CellState.blank)
    assert other.producer == "rules"
