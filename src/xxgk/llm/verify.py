"""Verification: an LLM answer enters a report only where the document's print pins it.

The model is asked where each row stands (its label, verbatim) and what the row prints (its values in
column order). Nothing it says is taken on trust:

1. **Rows the rules located** keep the rules' reading. A cell the rules pinned keeps its printed value
   whatever the model says (a disagreement is a note). A cell the rules left ambiguous stays ambiguous with
   its candidates: several readings fit the print equally, and the model's pick among them is not evidence.
2. **Rows the rules could not locate** (a label the template's vocabulary does not know) are located by the
   model's label: the label must stand verbatim in the section text and must not be a label the rules
   read as another row. The table is then read again by the same rules with that label as an alias
   (``TableSettings.label_aliases``), so every value comes from the print, placed by the same stages and
   constraints as any other (cell count, identities, readings of glued digits).
3. A re-read row is admitted only when the model's values for it, in column order, are exactly what the
   print reads there (numbers equal, nulls where nothing is printed). Its cells get ``producer="llm"``
   (the row was found by the model), with the rules' placement and provenance, so the statuses are the
   rules' own: identities that hold → accepted; that fail on cells placed with certainty → flagged.
   Cells the re-read leaves ambiguous stay ambiguous with their candidates.

A model that answers zeros, nulls, another report's table or numbers planted in an instruction cannot
change a value: the values it could change are only those the print pins to the very same number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from xxgk.core.model import Cell, CellState, Note, Report, Table
from xxgk.core.spec import label_of
from xxgk.core.text import norm
from xxgk.core.vocabulary import core, lookup
from xxgk.pipeline.tables.settings import TableSettings

Number = int | Decimal | None
_PLACED = (CellState.number, CellState.blank, CellState.not_applicable)

#: re-reads the document with extra row labels: (table, label, row key) → the rules' report
Reread = Callable[[TableSettings], Report]


@dataclass(slots=True)
class Verdict:
    """What verification made of one table answer."""

    admitted: int = 0  # cells whose value entered the report from a row the model located
    confirmed: int = 0  # cells the rules had pinned and the model read the same
    disagreed: list[str] = field(default_factory=list)  # keys where the model's value differs from the print
    unverified: list[str] = field(default_factory=list)  # rows whose values could not be checked or differ
    still_ambiguous: int = 0  # cells where several readings fit the print: the model's pick is not evidence
    notes: list[Note] = field(default_factory=list)


def columns_of(keys: list[str]) -> dict[str, list[str]]:
    """``t3.granted.total`` … → ``{"t3.granted": ["natural_person", …]}`` in key order."""
    out: dict[str, list[str]] = {}
    for k in keys:
        name, row, col = k.split(".")
        out.setdefault(f"{name}.{row}", []).append(col)
    return out


def same(claimed: Number, cell: Cell) -> bool:
    """The model's value equals what the print reads in the cell (null for a blank or 不适用 cell)."""
    if cell.state == CellState.number:
        return claimed is not None and Decimal(claimed) == Decimal(cell.value)  # type: ignore[arg-type]
    return claimed is None and cell.state in (CellState.blank, CellState.not_applicable)


def verify_table(report: Report, name: str, claimed: dict[str, Number], labels: dict[str, str], section: str,
                 keys: list[str], settings: TableSettings, reread: Reread | None) -> Verdict:
    """Merge a table answer into ``report`` (in place) as far as the print pins it; see the module doc."""
    table = report.table(name)
    columns = columns_of(keys)
    verdict = Verdict()
    by_order = placed_by_order(report, name)
    unlocated = [r for r in columns if not _located(table, r.split(".")[1]) or r in by_order]
    aliases = _aliases(name, unlocated, labels, section, verdict)
    fresh, fresh_by_order = None, set()
    if aliases and reread is not None:
        again = reread(replace(settings, label_aliases=settings.label_aliases + aliases))
        fresh, fresh_by_order = again.table(name), placed_by_order(again, name)
    for row, cols in columns.items():
        row_key = row.split(".")[1]
        if row not in unlocated:
            _check_located(table, row, cols, claimed, verdict)
            continue
        if fresh is None or not _located(fresh, row_key) or row in fresh_by_order or row not in dict(
                aliases_by_row(aliases)):
            if any(f"{row}.{c}" in claimed for c in cols):
                verdict.unverified.append(row)
                verdict.notes.append(Note(code="llm_unverified", table=name, key=row,
                                          message=f"{row}: the rules do not find this row's label in the text and the "
                                                  "answer gives no label that stands there: not admitted"))
            continue
        new = {c: fresh.cells.get(row_key, {}).get(c) or Cell.not_found() for c in cols}
        wrong = [c for c in cols if new[c].state in _PLACED and not same(claimed.get(f"{row}.{c}"), new[c])]
        if wrong:
            verdict.unverified.append(row)
            shown = ", ".join(f"{c}: answer {claimed.get(f'{row}.{c}')}, print {_shown(new[c])}" for c in wrong[:4])
            verdict.notes.append(Note(code="llm_unverified", table=name, key=row,
                                      message=f"{row} located by the label {labels[row]!r}, but the answer does not "
                                              f"reproduce what the row prints ({shown}): not admitted"))
            continue
        for c in cols:
            cell = new[c].model_copy()
            cell.producer = "llm"
            table.cells.setdefault(row_key, {})[c] = cell
            if cell.state in _PLACED:
                verdict.admitted += 1
            elif cell.state == CellState.ambiguous:
                verdict.still_ambiguous += 1
    if verdict.admitted:
        table.found = True
        if not any(c.state == CellState.missing for _, c in table.iter_cells()):
            table.error = None
        verdict.notes.append(Note(code="llm_rows_located", table=name,
                                  message=f"{verdict.admitted} cell(s) read from the print of rows located by the "
                                          "LLM's labels: " + ", ".join(f"{k}={v!r}" for k, v in aliases_by_row(aliases))))
    if verdict.disagreed:
        verdict.notes.append(Note(code="llm_disagrees", table=name,
                                  message=f"the LLM read {len(verdict.disagreed)} cell(s) otherwise than the print "
                                          "pins them (the print kept): " + ", ".join(verdict.disagreed[:8])))
    if verdict.still_ambiguous:
        verdict.notes.append(Note(code="llm_pick_not_evidence", table=name,
                                  message=f"{verdict.still_ambiguous} cell(s) stay ambiguous: several readings fit the "
                                          "print and the identities, and the LLM's pick is not evidence"))
    return verdict


def placed_by_order(report: Report, name: str) -> set[str]:
    """Rows (``t3.granted``) the rules placed by the template's order, their label not recognised."""
    return {n.key for n in report.notes if n.code == "placed_by_template_order" and n.table == name and n.key}


def aliases_by_row(aliases: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str]]:
    return [(f"{t}.{k}", label) for t, label, k in aliases]


def _located(table: Table, row: str) -> bool:
    """The rules found the row in the print: at least one of its cells was read (or is ambiguous)."""
    return any(c.state != CellState.missing for c in table.cells.get(row, {}).values())


def _aliases(name: str, unlocated: list[str], labels: dict[str, str], section: str,
             verdict: Verdict) -> tuple[tuple[str, str, str], ...]:
    """Labels the answer gives for rows the rules did not find, kept when they stand verbatim in the section
    and the template's vocabulary does not read them as some other row."""
    out = []
    squashed = "".join(section.split())
    for row in unlocated:
        label = labels.get(row)
        if not label:
            continue
        row_key = row.split(".")[1]
        text = "".join(label.split())
        known = lookup(name, core(norm(text)))
        if not core(norm(text)) or text not in squashed:
            continue
        mark, expected = _numbering(label), _numbering(_template_label(name, row_key))
        if mark is not None and expected is not None and mark != expected:
            verdict.notes.append(Note(code="llm_unverified", table=name, key=row,
                                      message=f"{row}: the answer's label {label!r} is numbered otherwise than the "
                                              f"template numbers this row ({_template_label(name, row_key)!r}): "
                                              "not used"))
            continue
        if known is not None and known != row_key:
            verdict.notes.append(Note(code="llm_unverified", table=name, key=row,
                                      message=f"{row}: the answer's label {label!r} is the template's label of "
                                              f"{name}.{known}: "
                                              "not used"))
            continue
        out.append((name, label, row_key))
    return tuple(out)


_MARK = re.compile(r"^\s*(\()?([一二三四五六七八九十]{1,2}|\d{1,2})[)、.,．]?")


def _numbering(label: str) -> tuple[bool, str] | None:
    """The numbering a label opens with, as (in parentheses?, numeral): "（一）…" → (True, "一"),
    "一、…" → (False, "一"), "1.…" → (False, "1"); None without one."""
    m = _MARK.match(norm(label))
    if m is None or not (m.group(1) or m.group(0)[-1:] in "、.,．"):
        return None
    return bool(m.group(1)), m.group(2)


def _template_label(name: str, row: str) -> str:
    """The template's printed label of a row (``（一）予以公开``)."""
    try:
        return label_of(f"{name}.{row}.total" if name == "t3" else f"{name}.{row}.x").split(" / ")[0]
    except (KeyError, ValueError):
        return ""


def _check_located(table: Table, row: str, cols: list[str], claimed: dict[str, Number], verdict: Verdict) -> None:
    row_key = row.split(".")[1]
    for c in cols:
        key = f"{row}.{c}"
        if key not in claimed:
            continue
        cell = table.cells.get(row_key, {}).get(c)
        if cell is None:
            continue
        if cell.state in _PLACED:
            if same(claimed[key], cell):
                verdict.confirmed += 1
            else:
                verdict.disagreed.append(f"{key} (answer {claimed[key]}, print {_shown(cell)})")
        elif cell.state == CellState.ambiguous:
            verdict.still_ambiguous += 1


def _shown(cell: Cell) -> str:
    if cell.state == CellState.number:
        return str(cell.value)
    if cell.state == CellState.ambiguous:
        return "one of " + "/".join("blank" if v is None else str(v) for v in cell.candidates or [])
    return cell.state.value
