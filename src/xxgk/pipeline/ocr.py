"""Cells read by OCR: marked as such, and the doubtful ones settled by the identities — or left ambiguous.

    report + document --mark_ocr_cells--> cells with producer ocr, confidence, box
                      --settle_doubtful--> doubtful cells: one reading fits the identities, or ambiguous

A cell is doubtful when its recognition confidence is below ``OcrTrust.min_confidence`` (a character that
only looked like a digit was read with a low one, see ``readers.ocr.page``). Its close readings are the
digit swaps OCR makes (0/8, 1/7, 3/8, 5/6 …, one digit at a time); every combination of the doubtful cells'
readings is put through the hard identities. The cells that read the same in every combination that holds
take that value; the others become ambiguous, with the readings that hold as candidates. A reading the
identities do not constrain (table 二 has none) stays ambiguous: the status gate keeps such a report out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from xxgk.core.model import Cell, CellState, Note, Placement, Report
from xxgk.pipeline.checks import hard_failures
from xxgk.readers import Document


@dataclass(frozen=True, slots=True)
class OcrTrust:
    min_confidence: float = 0.8  # below: the cell's reading is doubtful (every misreading of the samples was)
    max_combinations: int = 4096  # more: each doubtful cell is tried on its own, the others as read


#: digits OCR takes for one another
CLOSE_DIGITS = {"0": "689", "1": "47", "3": "58", "4": "1", "5": "36", "6": "058", "7": "1", "8": "0369",
                "9": "08"}


def mark_ocr_cells(report: Report, doc: Document) -> int:
    """Cells whose text came from an OCR'd table cell get ``producer: ocr``, the confidence and the box.
    Returns how many."""
    if not any(ref.confidence is not None for ref in doc.cells):
        return 0
    n = 0
    for t in (report.t2, report.t3, report.t4):
        for _, cell in t.iter_cells():
            if cell.provenance is None or cell.provenance.start is None:
                continue
            ref, _ = doc.locate(cell.provenance.start)
            if ref is None or ref.confidence is None:
                continue
            cell.producer, cell.confidence = "ocr", ref.confidence
            cell.provenance.box = ref.box
            n += 1
    return n


def close_readings(value: int) -> list[int]:
    """``value`` and the numbers one swapped digit away from it (no new leading zero)."""
    s = str(value)
    out = [value]
    for i, d in enumerate(s):
        for alt in CLOSE_DIGITS.get(d, ""):
            if i == 0 and alt == "0" and len(s) > 1:
                continue
            v = int(s[:i] + alt + s[i + 1 :])
            if v not in out:
                out.append(v)
    return out


def settle_doubtful(report: Report, trust: OcrTrust = OcrTrust()) -> None:
    doubtful = [(key, cell) for t in (report.t2, report.t3, report.t4) for key, cell in t.iter_cells()
                if cell.producer == "ocr" and cell.state == CellState.number and isinstance(cell.value, int)
                and (cell.confidence or 0.0) < trust.min_confidence]
    if not doubtful:
        return
    read = [int(cell.value or 0) for _, cell in doubtful]  # (ints: the filter above)
    options = [close_readings(v) for v in read]
    total = 1
    for o in options:
        total *= len(o)
    if total <= trust.max_combinations:
        combos = list(itertools.product(*options))
    else:  # one cell at a time, the others as read
        combos = [(*read[:i], v, *read[i + 1 :]) for i, o in enumerate(options) for v in o]
    holding = [c for c in combos if _holds(report, doubtful, c)]
    _set(doubtful, read)
    for i, (key, cell) in enumerate(doubtful):
        values = sorted({c[i] for c in holding}) if holding else options[i]
        if len(values) == 1:
            if values[0] != cell.value:
                report.notes.append(Note(code="ocr_settled", table=key.split(".")[0], key=key,
                                         message=f"{key}: read {cell.raw!r} (confidence {cell.confidence:.2f}); the "
                                                 f"identities hold only with {values[0]}"))
            cell.value = values[0]
            continue
        _ambiguous(cell, values)
        report.notes.append(Note(code="ocr_doubtful", table=key.split(".")[0], key=key,
                                 message=f"{key}: read {cell.raw!r} with confidence {cell.confidence:.2f}; "
                                         f"{'the identities hold with' if holding else 'close readings'} "
                                         f"{', '.join(map(str, values))}"))


def _holds(report: Report, cells: list[tuple[str, Cell]], values: tuple[int, ...]) -> bool:
    _set(cells, values)
    return not hard_failures(report)


def _set(cells: list[tuple[str, Cell]], values: list[int] | tuple[int, ...]) -> None:
    for (_, cell), v in zip(cells, values, strict=True):
        cell.value = v


def _ambiguous(cell: Cell, values: list[int]) -> None:
    cell.state, cell.placement = CellState.ambiguous, Placement.none
    cell.value, cell.candidates = None, list(values)
