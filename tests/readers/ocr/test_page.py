"""Reading a table's cells (``readers.ocr.page._read_cells``) with a scripted engine: no model needed."""

from __future__ import annotations

import numpy as np

from tests.readers.ocr.fake_engine import ScriptedEngine
from xxgk.readers.ocr.engine import Reading
from xxgk.readers.ocr.image import GridCell
from xxgk.readers.ocr.page import _read_cells, _to_page


def _tall_cell_with_a_zero() -> tuple[np.ndarray, np.ndarray, GridCell]:
    """A cell 90 px high at 150 dpi (two lines: its row's label wraps) holding a 0 and, well below it, a speck of
    a rule the crop kept: ink over more than a line's height, which goes to the text detector."""
    gray = np.full((100, 60), 255, dtype=np.uint8)
    gray[20:36, 24:34] = 0  # the 0
    gray[72:76, 28:32] = 0  # the speck
    return gray, gray < 128, GridCell(row=0, col=1, rows=1, cols=1, box=(5, 5, 55, 95))


def test_ink_the_detector_finds_no_text_in_is_read_as_one_line():
    """A phone screenshot's 0 in a cell two lines high: the detector found nothing, and the cell had been a blank
    read with confidence 0 (a blank counts as 0 in every identity). The crop is read as a line."""
    gray, mask, cell = _tall_cell_with_a_zero()
    eng = ScriptedEngine(lines=[Reading("0", 0.71)])
    rows = _read_cells(gray, mask, [cell], 150, eng, _to_page(gray.shape, 0.0, 1.0))  # type: ignore[arg-type]
    assert eng.calls == ["read_lines(0)", "find_text", "read_lines(1)"]
    assert [(c.text, c.score) for c in rows[0]] == [("0", 0.71)]


def test_ink_nothing_reads_is_kept_with_confidence_zero():
    gray, mask, cell = _tall_cell_with_a_zero()
    rows = _read_cells(gray, mask, [cell], 150, ScriptedEngine(lines=[Reading("", 0.4)]),  # type: ignore[arg-type]
                       _to_page(gray.shape, 0.0, 1.0))
    assert [(c.text, c.score) for c in rows[0]] == [("", 0.0)]  # (the pipeline takes it for unread: ocr_unread)
