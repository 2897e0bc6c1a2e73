"""Stage 3 helper: place a row's value tokens into its expected columns, and build the cells.

With the full expected count the placement is positional and certain. Trailing blank tokens beyond the
count (merged-cell debris) are dropped, still certain. With fewer tokens (blank cells lost in PDF text,
collapsed web cells) every order-preserving placement is enumerated and filtered by the row's identity;
a cell that reads the same in every surviving placement is placed by inference, the others are ambiguous
with their candidate readings. Never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Protocol

from ..model import Cell, CellState, Placement, Provenance
from .cells import Token
from .settings import TableSettings
from .values import BLANK, Value


class Locator(Protocol):
    """Where tokens stood in the source: provenance and the original characters."""

    def locate(self, tok: Token) -> tuple[Provenance, str]:
        """(provenance, the original characters) of a token."""
        ...


@dataclass(slots=True)
class Placed:
    kind: str  # exact / trimmed / inferred / ambiguous / overflow / empty
    slots: list[Token | None] = field(default_factory=list)  # exact, trimmed, inferred
    candidates: list[list[Token | None]] = field(default_factory=list)  # ambiguous: per slot


def place(
    values: Sequence[Token],
    n: int,
    settings: TableSettings,
    valid: Callable[[list[int | float | None]], bool] | None = None,
) -> Placed:
    vals = list(values)
    if len(vals) == n:
        return Placed("exact", vals)
    if len(vals) > n:
        while len(vals) > n and vals[-1].is_blank:
            vals.pop()
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
        if valid is None or valid([_num(t) for t in slots]):
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
    return Placed("ambiguous", candidates=per_slot)


def _num(tok: Token | None) -> int | float | None:
    if tok is None or tok.value is None:
        return None
    return tok.value.value  # type: ignore[return-value]


def cells_for(placed: Placed, n: int, loc: Locator, settings: TableSettings) -> list[Cell]:
    """The n cells of a placed row."""
    if placed.kind in ("exact", "trimmed"):
        return [make_cell(t, Placement.label, loc) for t in placed.slots]
    if placed.kind in ("inferred", "empty"):
        return [
            make_cell(t, Placement.inferred, loc) if t is not None else blank_cell(Placement.inferred)
            for t in placed.slots
        ]
    if placed.kind == "ambiguous":
        out = []
        for cands in placed.candidates:
            if len(cands) == 1:
                tok = cands[0]
                out.append(
                    make_cell(tok, Placement.inferred, loc)
                    if tok is not None
                    else blank_cell(Placement.inferred)
                )
            else:
                readings = [None if t is None or t.value is None else t.value.value for t in cands]
                out.append(
                    Cell(
                        state=CellState.ambiguous,
                        placement=Placement.none,
                        candidates=readings[: settings.max_candidates],
                    )
                )
        return out
    return [Cell(state=CellState.missing) for _ in range(n)]


def make_cell(tok: Token, placement: Placement, loc: Locator) -> Cell:
    v: Value = tok.value or BLANK
    prov, raw = loc.locate(tok)
    return Cell(value=v.value, raw=raw, state=v.state, placement=placement, unit=v.unit, provenance=prov)


def blank_cell(placement: Placement) -> Cell:
    return Cell(state=CellState.blank, placement=placement)
