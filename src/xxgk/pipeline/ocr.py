"""Cells read by OCR: marked as such, and the doubtful ones settled by the identities — or left ambiguous.

    report + document --mark_ocr_cells--> cells with producer ocr, confidence, box
                      --settle_doubtful--> doubtful cells: one reading fits the identities, or ambiguous

A cell is doubtful when its recognition confidence is below ``OcrTrust.min_confidence`` (a character that
only looked like a digit was read with a low one, see ``readers.ocr.page``). Its close readings are the
digit swaps OCR makes (0/8, 1/7, 3/8, 5/6 …, one digit at a time); every combination of the doubtful cells'
readings that fits the hard identities is searched for, each identity checked as soon as its doubtful cells
are set. The cells that read the same in every combination that fits take that value; the others become
ambiguous, with the readings that fit as candidates. A reading the
identities do not constrain (table 二 has none) stays ambiguous: the status gate keeps such a report out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xxgk.core.model import Cell, CellState, Note, Placement, Report
from xxgk.pipeline.checks import Identity, identities
from xxgk.readers import Document


@dataclass(frozen=True, slots=True)
class OcrTrust:
    min_confidence: float = 0.8  # below: the cell's reading is doubtful (every misreading of the samples was)
    max_nodes: int = 200_000  # readings tried before the search gives up (then every doubtful cell is ambiguous)
    max_solutions: int = 64  # assignments that fit, kept to tell settled cells from ambiguous ones


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
    _unread_ink(report, trust)
    doubtful = [(key, cell) for t in (report.t2, report.t3, report.t4) for key, cell in t.iter_cells()
                if cell.producer == "ocr" and cell.state == CellState.number and isinstance(cell.value, int)
                and (cell.confidence or 0.0) < trust.min_confidence]
    if not doubtful:
        return
    options = {key: close_readings(int(cell.value or 0)) for key, cell in doubtful}  # (ints: the filter above)
    outcome: dict[str, tuple[list[dict[str, int]], bool]] = {}
    for part in _independent(report, list(options)):  # cells no identity ties are searched apart
        result = _solutions(report, {k: options[k] for k in part}, trust)
        outcome.update((k, result) for k in part)
    for key, cell in doubtful:
        found, complete = outcome[key]
        values = sorted({s[key] for s in found}) if found and complete else options[key]
        if len(values) == 1:
            if values[0] != cell.value:
                report.notes.append(Note(code="ocr_settled", table=key.split(".")[0], key=key,
                                         message=f"{key}: read {cell.raw!r} (confidence {cell.confidence:.2f}); the "
                                                 f"identities hold only with {values[0]}"))
            else:  # (a low score the identities confirm: said, so that an auditor sees the cell was checked)
                others = [v for v in options[key] if v != values[0]]
                report.notes.append(Note(code="ocr_confirmed", table=key.split(".")[0], key=key,
                                         message=f"{key}: read {cell.raw!r} with confidence {cell.confidence:.2f}; "
                                                 f"the identities hold with it and with none of its close readings "
                                                 f"({', '.join(map(str, others)) or 'none'})"))
            cell.value = values[0]
            continue
        _ambiguous(cell, values)
        why = ("the identities hold with" if found and complete else
               "too many readings to try; close readings" if not complete else "no reading fits; close readings")
        report.notes.append(Note(code="ocr_doubtful", table=key.split(".")[0], key=key,
                                 message=f"{key}: read {cell.raw!r} with confidence {cell.confidence:.2f}; "
                                         f"{why} {', '.join(map(str, values))}"))


def _unread_ink(report: Report, trust: OcrTrust) -> None:
    """A cell OCR read as blank although it holds ink (its confidence below the line: 0 where no text was found)
    is unread, not blank: ambiguous, for a blank would count as 0 in every identity and pass them all."""
    for t in (report.t2, report.t3, report.t4):
        for key, cell in t.iter_cells():
            if cell.producer == "ocr" and cell.state == CellState.blank \
                    and (cell.confidence or 0.0) < trust.min_confidence:
                _ambiguous(cell, [])
                report.notes.append(Note(code="ocr_unread", table=t.name, key=key,
                                         message=f"{key}: ink in the cell that OCR read as nothing (confidence "
                                                 f"{cell.confidence or 0.0:.2f}): not taken for a blank"))


def _independent(report: Report, keys: list[str]) -> list[list[str]]:
    """The doubtful cells in groups that share no identity (in their order)."""
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for ident in identities(report):
        mine = [k for k in (*ident.lhs, *ident.rhs) if k in parent]
        for k in mine[1:]:
            parent[root(k)] = root(mine[0])
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


class _Unknown(Exception):
    pass


def _solutions(report: Report, options: dict[str, list[int]],
               trust: OcrTrust) -> tuple[list[dict[str, int]], bool]:
    """Every assignment of readings to the doubtful cells under which every hard identity holds, and
    whether the search finished within ``trust.max_nodes`` steps and ``trust.max_solutions`` solutions.
    After each cell is set, every identity it is in must still be reachable: the sums each side can still
    take (the cells not yet set at their lowest and highest readings) must overlap."""
    cells = {k: c for t in (report.t2, report.t3, report.t4) for k, c in t.iter_cells()}
    order = list(options)
    lowest = {k: min(v) for k, v in options.items()}
    highest = {k: max(v) for k, v in options.items()}
    touching: dict[str, list[Identity]] = {k: [] for k in order}
    for ident in identities(report):
        for k in {*ident.lhs, *ident.rhs} & touching.keys():
            touching[k].append(ident)
    assign: dict[str, int] = {}
    found: list[dict[str, int]] = []
    budget = [trust.max_nodes]

    def side(keys: tuple[str, ...]) -> tuple[int | Decimal, int | Decimal, bool]:
        """(lowest sum, highest sum, every cell blank) of one side; _Unknown on a cell with no value."""
        lo: int | Decimal = 0
        hi: int | Decimal = 0
        blank = True
        for k in keys:
            if k in options:
                lo, hi, blank = lo + assign.get(k, lowest[k]), hi + assign.get(k, highest[k]), False
                continue
            c = cells.get(k)
            if c is None or c.state in (CellState.ambiguous, CellState.missing):
                raise _Unknown
            if c.state == CellState.number and c.value is not None:
                lo, hi, blank = lo + c.value, hi + c.value, False
        return lo, hi, blank

    def reachable(ident: Identity) -> bool:
        try:
            llo, lhi, lblank = side(ident.lhs)
            rlo, rhi, _ = side(ident.rhs)
        except _Unknown:
            return True  # not assessable: it cannot rule a reading out
        if ident.total_rule and lblank:
            return True
        return llo <= rhi and rlo <= lhi

    def search(i: int) -> bool:
        if i == len(order):
            found.append(dict(assign))
            return len(found) < trust.max_solutions
        key = order[i]
        for v in options[key]:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            assign[key] = v
            if all(reachable(ident) for ident in touching[key]) and not search(i + 1):
                return False
        del assign[key]
        return True

    complete = search(0)
    return found, complete


def _ambiguous(cell: Cell, values: list[int]) -> None:
    cell.state, cell.placement = CellState.ambiguous, Placement.none
    cell.value, cell.candidates = None, list(values)
