"""A person's corrections applied to a report: the cells they set or confirmed become ``producer: human``,
the identities and the status are computed again, and the report keeps what the machine had read.

Applying is a pure function of the report and the list of corrections, and can be repeated: the cells of
earlier corrections (``Report.reviewed``) are first put back as the machine had them, then every correction
that applies is applied in order (the last one for a key wins). A correction is ignored, with a reason,
when it was made on another version of the document (its ``sha256``), names a cell the report's template
does not have, or a table the document does not print (the rules found no table: a person's values alone
would make a table no one can trace).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from xxgk.core.model import Cell, CellState, Correction, Note, Placement, Report, Reviewed
from xxgk.pipeline.checks import recheck

#: the note a reviewed report carries
NOTE_CODE = "human"


@dataclass(slots=True)
class Ignored:
    correction: Correction
    reason: str


@dataclass(slots=True)
class Applied:
    report: Report
    ignored: list[Ignored] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.report.reviewed)


def _restore(report: Report) -> None:
    """Put back the cells earlier corrections replaced, and drop their note."""
    for done in reversed(report.reviewed):
        name, row, col = done.key.split(".")
        table = report.table(name)
        if row in table.cells and col in table.cells[row]:
            table.cells[row][col] = done.before
    report.reviewed = []
    report.notes = [n for n in report.notes if n.code != NOTE_CODE]


def _why_not(report: Report, c: Correction) -> str | None:
    if report.sha256 is not None and c.sha256 != report.sha256:
        return f"made on another version of the document (sha256 {c.sha256[:12]}…, now {report.sha256[:12]}…)"
    name = c.key.split(".", 1)[0]
    if not report.table(name).found:
        return f"table {name} was not found in the document"
    if report.cell(c.key) is None:
        return f"{c.key} is not a cell of this report's template ({report.meta.template or 'unknown'})"
    return None


def _shown(cell: Cell) -> str:
    if cell.state == CellState.ambiguous and cell.candidates:
        return "ambiguous " + "|".join(str(v) for v in cell.candidates)
    if cell.state == CellState.number:
        return f"{cell.value} ({cell.producer})"
    return cell.state.value


def apply_corrections(report: Report, corrections: Iterable[Correction]) -> Applied:
    """``report`` (a copy) with ``corrections`` applied, and the corrections that did not apply."""
    out = report.model_copy(deep=True)
    had = bool(out.reviewed)
    _restore(out)
    latest: dict[str, Correction] = {}
    ignored: list[Ignored] = []
    for c in corrections:
        if c.source != report.source:
            ignored.append(Ignored(c, f"for another document ({c.source})"))
            continue
        why = _why_not(out, c)
        if why is not None:
            ignored.append(Ignored(c, why))
            continue
        latest.pop(c.key, None)
        latest[c.key] = c  # (re-inserted: applied in the order of their last decision)
    changes = []
    for key, c in latest.items():
        name, row, col = key.split(".")
        table = out.table(name)
        before = table.cells[row][col]
        state = CellState(c.state or "number")
        table.cells[row][col] = Cell(value=c.value, raw=before.raw, state=state, placement=Placement.label,
                                     producer="human", unit=before.unit, provenance=before.provenance)
        out.reviewed.append(Reviewed(key=key, value=c.value, state=state.value, note=c.note, at=c.at, by=c.by,
                                     before=before))
        shown = str(c.value) if state == CellState.number else state.value
        changes.append(f"{key} {shown} (was {_shown(before)})")
    if changes:
        out.notes.append(Note(code=NOTE_CODE, message=f"{len(changes)} cell(s) set or confirmed by a person: "
                                                      + "; ".join(changes)))
    if changes or had:
        recheck(out)
    return Applied(out, ignored)
