"""Stage 3 helper for glued numbers: every reading of a row's printed number tokens as its n cells.

A printed token may hold several cells run together (``81010010`` is 8 | 1 | 0 | 1 | 0 | 0 | 10) and, in
some scrapes, blank cells leave no trace at all (``…申请数量11``: two cells of 1, or one of 11, in columns
the print does not show). A *reading* cuts every token into numbers and puts the numbers, in printed
order, into the row's slots:

- a cut never makes a number with a leading zero (``05``), and never one longer than
  ``max_cell_digits``; a sign opens a number (``+82``), a decimal part and a money unit close one;
- a signed number only goes to a signed column (2019 本年增/减), a decimal or a unit only to a money
  column;
- ``complete``: every slot holds a number (the document prints its zeros); otherwise a slot may be blank;
- ``traced``: a blank cell left one trace (a blank token: the no-break space of an ``&nbsp;`` cell in a
  scrape), which takes exactly one slot; numbers fill the others, no slot is left over; ``spare_tail``:
  traces left after the last slot are spacers, not cells (empty paragraphs after a table's last row);
- a mark of a cell that does not apply (``/``, ``无``: a not-applicable token) is a printed cell, traced or
  not: one slot each, in printed order among the numbers; a run of dashes (``—————``: the stream does not
  cut dashes, since one cell may print ``——``) takes one slot for each piece of one or two dashes;
- ``groups``: group sizes whose last slot is the sum of the others (table 三: ``[7]``, table 四:
  ``[5, 5, 5]``); a total left blank is allowed only when blanks are (S1/S3 "not reported").

The search is depth-first over (token, position in the token, slot). Where a group's total comes, its
digits are not searched: they must be the sum of the group's numbers, so only one cut is tried. The
search is **bounded**: it stops after ``max_readings`` readings or ``max_steps`` visited nodes, whichever
comes first, and says so (``complete_search`` False); a cell is then never taken as pinned, since an
unexplored reading might disagree. With the defaults (20,000 readings, 200,000 steps) a row costs at most
a few hundred milliseconds whatever the length of its digit run — never exponential time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from xxgk.core.model import CellState
from xxgk.pipeline.tables.tokens import Token
from xxgk.pipeline.tables.values import parse_value

_PARTS = re.compile(r"^(?P<sign>[+-]?)(?P<digits>\d+)(?P<frac>\.\d+)?(?P<unit>万元|元)?$")


@dataclass(frozen=True, slots=True)
class Slot:
    """What a column accepts."""

    signed: bool = False  # a number printed with a sign (2019 本年增/减)
    money: bool = False  # a decimal or a money unit


COUNT = Slot()


@dataclass(slots=True)
class Readings:
    """The readings found (each a list of n pieces or None for a blank slot)."""

    readings: list[list[Token | None]] = field(default_factory=list)
    complete_search: bool = True  # False: a bound stopped the search before every reading was seen

    def pinned(self, i: int) -> bool:
        """Slot i reads the same piece (same characters, or blank) in every reading."""
        if not self.readings or not self.complete_search:
            return False
        first = _ident(self.readings[0][i])
        return all(_ident(r[i]) == first for r in self.readings[1:])

    def candidates(self, i: int) -> list[Token | None]:
        return self.all_candidates()[i] if self.readings else []

    def all_candidates(self) -> list[list[Token | None]]:
        """Per slot, the distinct pieces it holds across the readings (in first-seen order), in one pass."""
        if not self.readings:
            return []
        seen: list[dict[tuple[int, int], Token | None]] = [{} for _ in self.readings[0]]
        for r in self.readings:
            for d, tok in zip(seen, r, strict=True):
                d.setdefault((-1, -1) if tok is None else (tok.start, tok.end), tok)
        return [list(d.values()) for d in seen]


def _ident(tok: Token | None) -> tuple[int, int]:
    return (-1, -1) if tok is None else (tok.start, tok.end)


@dataclass(frozen=True, slots=True)
class _Marks:
    """A not-applicable token: one cell, or for a run of dashes one cell per piece of one or two dashes."""

    tok: Token
    dashes: int  # the run's length (0: a mark that is one cell)


_DASHES = frozenset("—–-―")


def is_dash_run(text: str) -> bool:
    """A run of one dash repeated (``———``): one cell or several, one or two dashes a cell."""
    return len(text) > 1 and len(set(text)) == 1 and text[0] in _DASHES


def _marks(tok: Token) -> _Marks:
    return _Marks(tok, len(tok.text) if is_dash_run(tok.text) else 0)


def _mark_pieces(m: _Marks, pos: int) -> Iterator[tuple[int, Token]]:
    """(end position, token) of each cell that can start at ``pos`` of a marks token."""
    if not m.dashes:
        yield 1, m.tok
        return
    tok = m.tok
    for size in (1, 2):
        if pos + size <= m.dashes:
            yield pos + size, Token(tok.text[pos:pos + size], tok.start + pos, tok.start + pos + size, tok.line,
                                    tok.group, parse_value(tok.text[pos:pos + size]))


@dataclass(frozen=True, slots=True)
class _Printed:
    tok: Token
    sign: str
    digits: str
    frac: str
    unit: str
    offset: int  # of the digits within the token text
    splittable: bool


def _printed(tok: Token, splittable: bool) -> _Printed | None:
    s = tok.text
    m = _PARTS.match(s)
    if m is None:  # "1,234" or a value that is not plain digits: one number, never cut
        return _Printed(tok, "", s, "", "", 0, False) if tok.value is not None and tok.value.value is not None else None
    return _Printed(tok, m.group("sign"), m.group("digits"), m.group("frac") or "", m.group("unit") or "",
                    len(m.group("sign")), splittable)


def read_row(
    tokens: Sequence[Token],
    slots: Sequence[Slot],
    *,
    complete: bool,
    groups: Sequence[int] | None = None,
    splittable: bool = True,
    max_cell_digits: int = 9,
    max_readings: int = 20000,
    max_steps: int = 200000,
    traced: bool = False,
    spare_tail: bool = False,
) -> Readings:
    """Every reading of ``tokens`` (number tokens, in printed order; with ``traced`` blank tokens too, a
    blank cell each) as the cells of ``slots``."""
    n = len(slots)
    printed: list[_Printed | _Marks | None] = []  # (None: a blank cell's trace)
    for t in tokens:
        if t.value is None:
            continue
        if t.value.value is None:
            if t.value.state is CellState.not_applicable:
                printed.append(_marks(t))
            elif traced:
                printed.append(None)
            continue
        p = _printed(t, splittable)
        if p is not None:
            printed.append(p)
    fill = complete or traced  # no slot is left blank but by a trace
    ends = _group_ends(groups, n)
    out = Readings()
    if sum(len(p.digits) for p in printed if isinstance(p, _Printed) and p.splittable) > n * max_cell_digits:
        return out  # more digits than the cells can hold: no reading, answered without a search
    steps = 0
    cells: list[Token | None] = [None] * n

    def group_ok(last: int) -> bool:
        """The group whose last slot is ``last``: its total is blank (allowed when blanks are) or the sum."""
        first = ends[last]
        total = cells[last]
        if total is None:
            return not complete
        parts = [c.value.value or 0 for c in cells[first:last] if c is not None and c.value is not None]
        if total.value is not None and total.value.value is None:  # a total marked not applicable: as blank
            return not complete or not any(parts)
        return sum(parts, 0) == total.value.value  # type: ignore[union-attr]

    def close_groups(upto: int, from_slot: int) -> bool:
        """Check the groups whose total slot lies in [from_slot, upto)."""
        return all(group_ok(s) for s in range(from_slot, upto) if s in ends)

    def rec(pi: int, pos: int, si: int) -> None:
        nonlocal steps
        steps += 1
        if steps > max_steps or len(out.readings) >= max_readings:
            out.complete_search = False
            return
        if spare_tail and si == n and pi < len(printed) and all(p is None for p in printed[pi:]):
            pi = len(printed)  # (only spacers left)
        if pi == len(printed):
            if fill and si < n:
                return
            for s in range(si, n):
                cells[s] = None
            if close_groups(n, si):
                out.readings.append(list(cells))
            return
        p = printed[pi]
        if p is None:  # a trace: the next slot is blank
            if si < n:
                cells[si] = None
                if si not in ends or group_ok(si):
                    rec(pi + 1, 0, si + 1)
            return
        last_slot = si if fill else n - 1
        if isinstance(p, _Marks):  # a cell marked not applicable: the next slot, or a later one after blanks
            for s in range(si, min(last_slot, n - 1) + 1):
                for b in range(si, s):
                    cells[b] = None
                if not close_groups(s, si):
                    break
                for end, piece in _mark_pieces(p, pos):
                    cells[s] = piece
                    if s in ends and not group_ok(s):
                        continue
                    rec(pi + 1 if end == max(p.dashes, 1) else pi, 0 if end == max(p.dashes, 1) else end, s + 1)
                    if not out.complete_search:
                        return
                cells[s] = None
            return
        for s in range(si, min(last_slot, n - 1) + 1):
            for b in range(si, s):
                cells[b] = None
            if not close_groups(s, si):
                break  # a blank total before s fails its group; later slots cannot mend it
            slot = slots[s]
            for end, piece in _pieces(p, pos, s, slots, ends, cells, max_cell_digits):
                if not _fits(piece, slot):
                    continue
                cells[s] = piece
                if s in ends and not group_ok(s):
                    continue
                if end == len(p.digits):
                    rec(pi + 1, 0, s + 1)
                else:
                    rec(pi, end, s + 1)
                if not out.complete_search:
                    return
            cells[s] = None

    rec(0, 0, 0)
    return out


def _group_ends(groups: Sequence[int] | None, n: int) -> dict[int, int]:
    """total slot -> first slot of its group."""
    if not groups:
        return {}
    out, first = {}, 0
    for size in groups:
        out[first + size - 1] = first
        first += size
    return {k: v for k, v in out.items() if k < n}


def _pieces(p: _Printed, pos: int, s: int, slots: Sequence[Slot], ends: dict[int, int],
            cells: list[Token | None], max_digits: int) -> Iterator[tuple[int, Token]]:
    """(end position in the digits, token) for every number that can start at ``pos`` in slot ``s``."""
    digits = p.digits
    if not p.splittable:
        if pos == 0:
            yield len(digits), p.tok
        return
    if s in ends:  # a group total: its digits are the sum of the group's numbers
        parts = [c.value.value or 0 for c in cells[ends[s]:s] if c is not None and c.value is not None]
        want = str(sum(parts, 0))
        if digits.startswith(want, pos):
            end = pos + len(want)
            yield end, _make(p, pos, end)
        return
    if digits[pos] == "0":
        yield pos + 1, _make(p, pos, pos + 1)
        return
    for end in range(pos + 1, min(len(digits), pos + max_digits) + 1):
        yield end, _make(p, pos, end)


def _make(p: _Printed, a: int, b: int) -> Token:
    """The token for digits[a:b] of a printed token: the sign goes with the first number, the decimal part
    and unit with the last."""
    tok = p.tok
    if a == 0 and b == len(p.digits):
        return tok
    first, last = a == 0, b == len(p.digits)
    start = tok.start + (0 if first else p.offset + a)
    end = tok.start + p.offset + b + (len(p.frac) + len(p.unit) if last else 0)
    text = (p.sign if first else "") + p.digits[a:b] + (p.frac + p.unit if last else "")
    return Token(text, start, end, tok.line, tok.group, parse_value(text))


def _fits(tok: Token, slot: Slot) -> bool:
    v = tok.value
    if v is None or v.value is None:
        return False
    if v.signed and not slot.signed:
        return False
    if not slot.money and (v.unit is not None or isinstance(v.value, Decimal)):
        return False
    return True
