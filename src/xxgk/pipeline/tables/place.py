"""Stage 3 helper: place a row's value tokens into its expected columns, and build the cells.

With the full expected count the placement is positional and certain. Trailing blank tokens beyond the
count (merged-cell debris) are dropped, still certain. With fewer tokens (blank cells lost in PDF text,
collapsed web cells) every order-preserving placement is enumerated and filtered by the row's identity;
a cell that reads the same in every surviving placement is placed by inference, the others are ambiguous
with their candidate readings. Never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Protocol

from xxgk.core.model import Cell, CellState, Placement, Provenance
from xxgk.pipeline.tables.cells import Token
from xxgk.pipeline.tables.readings import Readings, Slot, read_row
from xxgk.pipeline.tables.settings import TableSettings
from xxgk.pipeline.tables.values import BLANK, Value, parse_value


class Locator(Protocol):
    """Where tokens stood in the source: provenance and the original characters."""

    def locate(self, tok: Token) -> tuple[Provenance, str]:
        """(provenance, the original characters) of a token."""
        ...

    def original(self, start: int, end: int) -> tuple[str, list[int]]:
        """The original characters of the normalised text ``[start, end)`` and, for each normalised offset
        in it (and ``end``), its index in them (normalising changes widths: ``（`` becomes ``(``)."""
        ...


@dataclass(slots=True)
class Placed:
    kind: str  # exact / trimmed / inferred / split / ambiguous / overflow / empty
    slots: list[Token | None] = field(default_factory=list)  # exact, trimmed, inferred
    candidates: list[list[Token | None]] = field(default_factory=list)  # ambiguous: per slot
    readings: list[list[Token | None]] = field(default_factory=list)  # ambiguous: every full reading
    search_complete: bool = True  # False: a search bound stopped before every reading was seen
    fully_printed: bool = False  # glued: read with a number in every cell (the row's identity holds so)


def place(
    values: Sequence[Token],
    n: int,
    settings: TableSettings,
    valid: Callable[[list[int | float | None]], bool] | None = None,
    sums: Sequence[int] | None = None,
) -> Placed:
    """``sums``: the row's structure for splitting run-together digits — group sizes whose last cell
    is the sum of the others (table 三: ``[7]``, table 四: ``[5, 5, 5]``); None: no identity."""
    vals: list[Token | None] = list(values)
    if len(vals) == 1 and n > 1 and values[0].text.isdigit() and len(values[0].text) >= n:
        return _split_run(values[0], n, settings, sums)
    if len(vals) == n:
        return Placed("exact", vals)
    if len(vals) > n:
        while len(vals) > n and vals[-1] is not None and vals[-1].is_blank:
            vals.pop()
        while len(vals) > n and vals[0] is not None and vals[0].is_blank:  # an empty label cell (PDF geometry)
            vals.pop(0)
        if len(vals) == n:
            return Placed("trimmed", vals)
        return Placed("overflow")
    if not vals:
        return Placed("empty", [None] * n)
    combos = []
    for idx in combinations(range(n), len(vals)):
        slots: list[Token | None] = [None] * n
        for i, tok in zip(idx, vals, strict=True):
            slots[i] = tok
        if valid is None or valid([number_of(t) for t in slots]):
            combos.append(slots)
        if len(combos) > settings.max_placements:
            break
    if len(combos) == 1:
        return Placed("inferred", combos[0])
    if not combos:
        return Placed("ambiguous", candidates=[[*vals, None] for _ in range(n)])
    per_slot = []
    for i in range(n):
        seen: list[Token | None] = []
        for c in combos:
            if not any(c[i] is s for s in seen):
                seen.append(c[i])
        per_slot.append(seen)
    return Placed("ambiguous", candidates=per_slot, readings=combos)


def number_of(tok: Token | None) -> int | float | None:
    """The number a placed token holds (None: no token, or a blank / not-applicable cell)."""
    if tok is None or tok.value is None:
        return None
    return tok.value.value  # type: ignore[return-value]


def cells_for(placed: Placed, n: int, loc: Locator, settings: TableSettings) -> list[Cell]:
    """The n cells of a placed row."""
    if placed.kind in ("exact", "trimmed"):
        return [make_cell(t, Placement.label, loc) if t is not None else blank_cell(Placement.label)
                for t in placed.slots]
    if placed.kind in ("inferred", "empty", "split"):
        return [
            make_cell(t, Placement.inferred, loc) if t is not None else blank_cell(Placement.inferred)
            for t in placed.slots
        ]
    if placed.kind == "ambiguous":
        out = []
        for cands in placed.candidates:
            if len(cands) == 1 and placed.search_complete:
                tok = cands[0]
                out.append(
                    make_cell(tok, Placement.inferred, loc)
                    if tok is not None
                    else blank_cell(Placement.inferred)
                )
            else:
                readings = [None if t is None or t.value is None else t.value.value for t in cands]
                units = {t.value.unit for t in cands if t is not None and t.value is not None}
                out.append(
                    Cell(
                        state=CellState.ambiguous,
                        placement=Placement.none,
                        candidates=readings[: settings.max_candidates],
                        # a unit printed with every reading ("…253.168万元") is known though the number is not
                        unit=units.pop() if len(units) == 1 and None not in cands else None,
                    )
                )
        return out
    return [Cell.not_found() for _ in range(n)]


def make_cell(tok: Token, placement: Placement, loc: Locator) -> Cell:
    v: Value = tok.value or BLANK
    prov, raw = loc.locate(tok)
    return Cell.typed(v.value, raw, v.state, placement, v.unit, prov)


def blank_cell(placement: Placement) -> Cell:
    return Cell.typed(None, None, CellState.blank, placement)


def split_digits(s: str, n: int, sums: Sequence[int] | None, limit: int) -> list[list[str]]:
    """Every way to cut a run-together digit string into n numbers (no leading zeros) such that in each
    group of ``sums`` the last number is the sum of the others. Stops after ``limit`` splits."""
    groups = list(sums) if sums else [1] * n
    out: list[list[str]] = []

    def numbers(rest: str) -> Iterator[str]:
        if not rest:
            return
        if rest[0] == "0":
            yield "0"
            return
        for k in range(1, len(rest) + 1):
            yield rest[:k]

    def rec(rest: str, gi: int, parts: list[str]) -> None:
        if len(out) >= limit:
            return
        if gi == len(groups):
            if not rest:
                out.append(list(parts))
            return
        size = groups[gi]

        def comps(r: str, left: int, acc: list[str]) -> None:
            if len(out) >= limit:
                return
            if left == 0:
                if sums:
                    total = str(sum(int(x) for x in acc))
                    if r.startswith(total):
                        rec(r[len(total):], gi + 1, parts + acc + [total])
                else:
                    rec(r, gi + 1, parts + acc)
                return
            for num in numbers(r):
                comps(r[len(num):], left - 1, [*acc, num])

        comps(rest, size - 1 if sums else size, [])

    rec(s, 0, [])
    return out


def place_glued(values: Sequence[Token], slots: Sequence[Slot], settings: TableSettings, *, complete: bool,
                groups: Sequence[int] | None = None) -> Placed:
    """Placement of a row printed without cell separators (the ``stream`` layout): every token may hold
    several cells (see ``readings``). One reading: ``split``; several: ``ambiguous`` with the cells that
    read the same in all of them placed; none under the row's identity: the readings without it (the
    document may not add up), else ``overflow``."""
    n = len(slots)
    if not any(t.value is not None and t.value.value is not None for t in values):
        return Placed("empty", [None] * n)
    if len(values) == n and all(t.value is not None and t.value.value is not None for t in values):
        return Placed("exact", list(values))  # one printed number per cell: nothing glued
    if not complete and groups:
        # a row whose digits read as every cell printed, under its own identity, is read so: a sum that
        # holds across a full row is the print's own evidence (a row of a sparse table may print its zeros)
        full = _read(values, slots, settings, True, groups)
        if full.readings and full.complete_search:
            placed = from_readings(full, n)
            placed.fully_printed = True
            return placed
    found = _read(values, slots, settings, complete, groups)
    if not found.readings and groups:
        found = _read(values, slots, settings, complete, None)
    return from_readings(found, n)


def _read(values: Sequence[Token], slots: Sequence[Slot], settings: TableSettings, complete: bool,
          groups: Sequence[int] | None) -> Readings:
    return read_row(values, slots, complete=complete, groups=groups, max_cell_digits=settings.max_cell_digits,
                    max_readings=settings.max_placements, max_steps=settings.max_search_steps)


def from_readings(found: Readings, n: int) -> Placed:
    if not found.readings:
        return Placed("overflow")
    if len(found.readings) == 1 and found.complete_search:
        return Placed("split", found.readings[0])
    return Placed("ambiguous", candidates=found.all_candidates(), readings=found.readings,
                  search_complete=found.complete_search)


def glued_feasible(values: Sequence[Token], slots: Sequence[Slot], settings: TableSettings) -> bool:
    """Whether the row's printed numbers can fill every one of its cells (a document that prints its zeros)."""
    if not any(t.value is not None and t.value.value is not None for t in values):
        return False
    return bool(read_row(values, slots, complete=True, max_cell_digits=settings.max_cell_digits, max_readings=1,
                         max_steps=settings.max_search_steps).readings)


def _split_run(tok: Token, n: int, settings: TableSettings, sums: Sequence[int] | None) -> Placed:
    splits = split_digits(tok.text, n, sums, settings.max_placements)
    if not splits and sums:
        # no split satisfies the row's identity: the document may not add up (seed 001's （七）总计 row);
        # the splits the print alone allows are read, and the identity check reports the failure
        splits = split_digits(tok.text, n, None, settings.max_placements)
    if not splits:
        return Placed("overflow")
    combos = []
    for parts in splits:
        slots: list[Token | None] = []
        pos = 0
        for part in parts:
            slots.append(Token(part, tok.start + pos, tok.start + pos + len(part), tok.line, tok.group,
                               parse_value(part)))
            pos += len(part)
        combos.append(slots)
    if len(combos) == 1:
        return Placed("split", combos[0])
    per_slot = []
    for i in range(n):
        seen: dict[tuple[int, int], Token | None] = {}
        for c in combos:
            t = c[i]
            seen.setdefault((t.start, t.end) if t else (-1, -1), t)
        per_slot.append(list(seen.values()))
    return Placed("ambiguous", candidates=per_slot, readings=combos)
