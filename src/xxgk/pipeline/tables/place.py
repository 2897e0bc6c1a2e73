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

from xxgk.core.model import Cell, CellState, Note, Placement, Provenance
from xxgk.pipeline.tables.readings import Readings, Slot, is_dash_run, read_row
from xxgk.pipeline.tables.settings import TableSettings
from xxgk.pipeline.tables.tokens import Token
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
    trim: Trim | None = None  # more tokens than cells, droppable at both ends: the ways the identity allows


@dataclass(slots=True)
class Trim:
    """How a row with more tokens than cells dropped its surplus blank tokens: ``readings``, the ways its
    identity allows (``k`` dropped in front, the rest behind) and the slots each leaves; ``taken``, the way
    read (an ambiguous row: the usual one). ``usual`` drops trailing blanks first (merged-cell filler after a
    row is the commoner)."""

    readings: dict[int, list[Token | None]]
    surplus: int
    taken: int
    usual: int

    @property
    def decided(self) -> bool:
        """The print allowed one way only (the blanks stood at one end, or the identity kept one way)."""
        return len(self.readings) == 1

    @property
    def behind(self) -> int:
        """Blank tokens dropped after the row's values: the table's columns after its last cell."""
        return self.surplus - self.taken


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
    # (digits run together split only where the row's identity can check the split: a row of table 二,
    # which has none, whose one number stands for two cells may be a cell and the other lost, "27" no 2 | 7)
    if len(vals) == 1 and n > 1 and values[0].text.isdigit() and len(values[0].text) >= n and sums:
        return _split_run(values[0], n, settings, sums)
    if len(vals) == n:
        return Placed("exact", vals)
    if len(vals) > n:
        return _trim(vals, n, valid)
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


def cells_lost(rows: Sequence[Sequence[Token]], n: int) -> bool:
    """Rows whose every cell is printed between bars (a Markdown table: ``from_end`` known), one of which
    prints fewer cells than the table's ``n`` columns: cells were lost (two columns a converter ran into one,
    camelot's or tabula's stream mode), so that the empty cells before a row's numbers may be its own cells
    as well as a spanning label's filler, and where a cell went no count tells."""
    printed = [r for r in rows if r]
    if not printed or any(v.from_end is None for r in printed for v in r):
        return False
    return any(len(r) < n for r in printed)


def beside_orphans(table: str, key: str, line: int | None, n: int, where: str,
                   numbers: Sequence[str]) -> tuple[list[Cell], Note]:
    """The cells of a row that prints no number while numbers stand ``where`` no row of the table takes
    them (they may be this row's): ambiguous, not blank; and the note that says so."""
    note = Note(code="empty_row_beside_orphans", table=table, key=f"{table}.{key}", line=line,
                message=f"{table}.{key} prints no number while numbers stand {where} "
                        f"({', '.join(repr(t) for t in numbers)}): its cells are not read blank")
    return [Cell(state=CellState.ambiguous, placement=Placement.none) for _ in range(n)], note


def without_leading_blanks(values: Sequence[Token]) -> list[Token]:
    """A row's tokens from its first printed value on."""
    k = next((i for i, t in enumerate(values) if not t.is_blank), len(values))
    return list(values[k:])


def _trim(vals: list[Token | None], n: int, valid: Callable[[list[int | float | None]], bool] | None) -> Placed:
    """More tokens than cells: blank tokens at the row's ends are grid debris (merged-cell filler after the
    row, an empty label cell or a label's spanned columns before it) and are dropped, trailing ones first;
    the empty paragraphs after a table's last printed cell (``Token.after_table``) before all others.
    When blanks stand at both ends and the surplus can be dropped in more than one way, the row's identity
    chooses: the one way it allows is taken (placed by inference when it is not the usual one); ways it
    allows that read differently leave the row ambiguous, for the table's other rows to settle
    (``by_table_columns``) or the column identities. Read by habit alone,
    ``| 一、本年新收… | | | 34 | 5 | 0 | 0 | 2 | 1 |  |`` (markitdown: a label over three columns, a blank
    总计) put 34 under 商业企业 and 1 under 总计."""
    surplus = len(vals) - n
    soft = next((i for i, t in enumerate(reversed(vals)) if t is None or not t.after_table), len(vals))
    if surplus <= soft:  # (the empty paragraphs after a table go before any cell that stood between printed ones)
        return Placed("trimmed", vals[:n], trim=Trim({0: vals[:n]}, surplus, 0, 0))
    lead = next((i for i, t in enumerate(vals) if t is None or not t.is_blank), len(vals))
    trail = next((i for i, t in enumerate(reversed(vals)) if t is None or not t.is_blank), len(vals))
    ways = [k for k in range(surplus + 1) if k <= lead and surplus - k <= trail]  # k: dropped in front
    if not ways:  # (a merged cell printed once a grid column, then the empty paragraphs after the table: docx2python)
        repeated = _repeats(vals, n) or (_repeats(vals[: len(vals) - trail], n) if 0 < trail < len(vals) else None)
        return Placed("inferred", repeated) if repeated is not None else Placed("overflow")
    usual = surplus - min(trail, surplus)
    if len(ways) == 1:
        (k,) = ways
        return Placed("trimmed", vals[k : k + n], trim=Trim({k: vals[k : k + n]}, surplus, k, usual))
    if valid is None:
        return Placed("trimmed", vals[usual : usual + n])
    allowed = {k: vals[k : k + n] for k in ways if valid([number_of(t) for t in vals[k : k + n]])}
    if len(allowed) == 1:
        (k,) = allowed
        return Placed("trimmed" if k == usual else "inferred", allowed[k], trim=Trim(allowed, surplus, k, usual))
    if not allowed or len({_numbers(r) for r in allowed.values()}) == 1:
        # (none allowed: the identity check reports the row; all alike: nothing to choose)
        return Placed("trimmed", vals[usual : usual + n])
    per_slot = [[r[i] for r in allowed.values()] for i in range(n)]
    return Placed("ambiguous", candidates=per_slot, readings=list(allowed.values()),
                  trim=Trim(allowed, surplus, usual, usual))


def _ends_blank(slots: list[Token | None]) -> bool:
    return bool(slots) and slots[-1] is not None and slots[-1].is_blank


def _repeats(vals: list[Token | None], n: int) -> list[Token | None] | None:
    """The n cells of a row that prints each of them k times over, the same text each time (python-docx gives a
    merged cell once for every grid column it spans: ``行政许可\t447228\t447228\t447228`` for one cell over
    three columns); None when the row is not so."""
    k, rest = divmod(len(vals), n)
    if rest or k < 2:
        return None
    runs = [vals[i * k : (i + 1) * k] for i in range(n)]
    if any(t is None or t.text != run[0].text for run in runs for t in run):  # type: ignore[union-attr]
        return None
    return [run[0] for run in runs]


def _numbers(slots: list[Token | None]) -> tuple[int | float | None, ...]:
    return tuple(number_of(t) for t in slots)


def by_table_columns(placed: dict[str, Placed], header: int | None = None,
                     last: str | None = None) -> tuple[dict[str, Placed], int | None]:
    """Rows whose identity allowed their surplus blanks to be dropped at either end, read the way the table's
    other rows show: every row of a table ends at the same column, so the rows the print decided (blanks at
    one end only, or one way kept by the identity) give how many empty cells stand after the values; when
    they all agree, an undecided row drops that many behind and the rest in front (placed by inference
    unless that is the usual way, trailing blanks first).
    Rows that start short (a converter leaves out the cells under a rowspan) still end at that column.
    ``header``: the cells after the header's 总计 in its row (a pipe table), taken when no row decided.
    ``last``: the table's last printed row, not read so where that reading would end its cells in blanks: the
    blanks after it may be the table's own ending as well as the row's (a layout table's closing markup,
    each a line of spaces in a crawler's text; the empty paragraphs after a table).
    Returns the placements and that count (None: no decided row, or decided rows that disagree)."""
    behind = {p.trim.behind for p in placed.values() if p.trim is not None and p.trim.decided}
    if any(p.kind == "exact" and any(t is not None and t.is_blank for t in p.slots) for p in placed.values()):
        behind.add(0)  # a row of exactly the cells, blank ones printed: it ends at the last cell
    if header is not None and not behind:  # (the rows speak first: a converter that lost a header's spans
        behind.add(header)                  # pads its row with cells that stand for nothing)
    if len(behind) != 1:
        return placed, None
    (b,) = behind
    out = dict(placed)
    for key, p in placed.items():
        t = p.trim
        if t is None or t.decided or t.surplus - b not in t.readings:  # (undecided: an ambiguous row)
            continue
        k = t.surplus - b
        if key == last and _ends_blank(t.readings[k]):
            continue  # (its cells would end in blanks that may be the table's own ending)
        # (the usual way, now backed by the table, is read as surely as a row with blanks at one end)
        kind = "trimmed" if k == t.usual else "inferred"
        out[key] = Placed(kind, t.readings[k], trim=Trim(t.readings, t.surplus, k, t.usual))
    return out, b


def number_of(tok: Token | None) -> int | float | None:
    """The number a placed token holds (None: no token, or a blank / not-applicable cell)."""
    if tok is None or tok.value is None:
        return None
    return tok.value.value  # type: ignore[return-value]


def cells_for(placed: Placed, n: int, loc: Locator, settings: TableSettings) -> list[Cell]:
    """The n cells of a placed row."""
    if placed.kind in ("exact", "trimmed"):
        # (a row given its blank cells by where its numbers stand is read by inference: see ``positions``; those
        # blanks stand for no print, as a placement's do: a total among them checks nothing)
        how = Placement.inferred if any(t is not None and t.by_position for t in placed.slots) else Placement.label
        return [make_cell(t, how, loc) if t is not None and not (t.by_position and not t.text) else blank_cell(how)
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
    """The cell of a token; a blank one printing only spaces has no raw (its provenance keeps the span)."""
    v: Value = tok.value or BLANK
    prov, raw = loc.locate(tok)
    if tok.pieces:  # (a number wrapped in its cell: its pieces as printed, a line each; the span runs over both)
        raw = "\n".join(loc.original(a, b)[0] for a, b in tok.pieces)
    if v.state is CellState.blank and not raw.strip():
        return Cell.typed(None, None, CellState.blank, placement, v.unit, prov)
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
                groups: Sequence[int] | None = None, traced: bool = False, last: bool = False) -> Placed:
    """Placement of a row printed without cell separators (the ``stream`` layout): every token may hold
    several cells (see ``readings``). One reading: ``split``; several: ``ambiguous`` with the cells that
    read the same in all of them placed; none under the row's identity: the readings without it (the
    document may not add up), else ``overflow``. ``traced``: the table's blank cells each left a trace
    (``traces_consistent``), a blank token among ``values``: as many tokens as cells is one cell each;
    a row the traces cannot fill is read as if they were not there. ``last``: the table's last row, whose
    traces after its last cell are spacers."""
    n = len(slots)
    if traced:
        if len(values) == n and any(t.value is not None and t.value.value is not None for t in values):
            return Placed("exact", list(values))  # every number one cell, every trace one blank cell
        found = _read(values, slots, settings, False, groups, traced=True, spare_tail=last)
        if found.readings:
            return from_readings(found, n)
        values = without_traces(values)
    if not any(t.value is not None and t.value.value is not None for t in values):
        marks: list[Token | None] = [piece for t in values if t.value is not None for piece in _one_per_mark(t)]
        # (a row of marks only, as many as cells: a cell each, "规章///"; else its cells are blank either way)
        return Placed("exact", marks) if len(marks) == n else Placed("empty", [None] * n)
    if len(values) == n and all(t.value is not None for t in values):
        return Placed("exact", list(values))  # one printed number or mark per cell: nothing glued
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


def _one_per_mark(tok: Token) -> list[Token]:
    """A blank or not-applicable token as cells: a run of one dash repeated (``———``) one cell per dash."""
    if is_dash_run(tok.text):
        return [Token(ch, tok.start + i, tok.start + i + 1, tok.line, tok.group, parse_value(ch))
                for i, ch in enumerate(tok.text)]
    return [tok]


def _read(values: Sequence[Token], slots: Sequence[Slot], settings: TableSettings, complete: bool,
          groups: Sequence[int] | None, traced: bool = False, spare_tail: bool = False) -> Readings:
    return read_row(values, slots, complete=complete, groups=groups, max_cell_digits=settings.max_cell_digits,
                    max_readings=settings.max_placements, max_steps=settings.max_search_steps, traced=traced,
                    spare_tail=spare_tail)


# a glued row for ``traces_consistent``: its values, slots, identity groups, and whether it is the table's last
GluedRow = tuple[Sequence[Token], Sequence[Slot], Sequence[int] | None, bool]


def traces_consistent(rows: Sequence[GluedRow], settings: TableSettings) -> bool:
    """Whether a glued table's blank tokens are its blank cells' traces, one each (an ``&nbsp;`` cell's
    no-break space in a scrape that joined the text nodes): some row holds one, and every row that holds
    one fills its cells exactly with its numbers and traces (the last row may have spacers after its
    cells: empty paragraphs after the table). Where the spaces separate numbers instead (``1 2 3``), a
    row gets more tokens than cells and the table is read without them."""
    marked = [row for row in rows if any(t.is_trace for t in row[0])]
    return bool(marked) and all(
        read_row(v, s, complete=False, groups=g, max_cell_digits=settings.max_cell_digits, max_readings=1,
                 max_steps=settings.max_search_steps, traced=True, spare_tail=last).readings
        for v, s, g, last in marked)


def glued_blanks(complete: bool, traced: bool) -> str:
    """How a glued table's blank cells were printed, for its note."""
    if traced:
        return "each blank cell left one trace (a no-break space)"
    return "every cell printed" if complete else "blank cells left no trace"


def without_traces(values: Sequence[Token]) -> list[Token]:
    """The tokens but the blank ones (a mark of a cell that does not apply is a printed cell: kept)."""
    return [t for t in values if not t.is_trace]


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
