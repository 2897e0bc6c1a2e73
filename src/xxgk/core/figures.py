"""Figures that pin cells of a table from outside it: numbers section 一 quotes, and values an adjacent
year's report of the same agency implies (its carry-over). They are never a value's source; they only
choose among readings of glued or collapsed cells that all fit the print — and only when some reading
agrees with them (a narrative or another year that disagrees with every reading is ignored)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    value: int
    source: str  # where it comes from, for the notes: "section 一", "the 2020 report (reports/2020.txt)"

    @property
    def from_other_year(self) -> bool:
        return not self.source.startswith("section")


def merge(*parts: Mapping[str, Figure]) -> dict[str, Figure]:
    """One mapping; a key two parts give different values is dropped (they contradict each other)."""
    out: dict[str, Figure] = {}
    dropped: set[str] = set()
    for part in parts:
        for key, fig in part.items():
            if key in out and out[key].value != fig.value:
                dropped.add(key)
            out.setdefault(key, fig)
    return {k: v for k, v in out.items() if k not in dropped}


def note_code(used: list[Figure]) -> str:
    return "resolved_by_other_year" if any(f.from_other_year for f in used) else "resolved_by_narrative"


def sources(used: list[Figure]) -> str:
    return ", ".join(dict.fromkeys(f.source for f in used))
