"""Table 三 (收到和处理政府信息公开申请情况): rows by label, 7 columns each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise, permutations

from xxgk.core.figures import Figure, note_code, sources
from xxgk.core.model import Cell, CellState, Note, Placement, Table
from xxgk.core.spec import T3_COLUMN_KEYS, T3_RESULT_LEAVES, T3_ROWS, Template, t3_rows
from xxgk.core.text import squash
from xxgk.pipeline.tables.joint import fitting_choices
from xxgk.pipeline.tables.labels import labels_without_values, matched_rows
from xxgk.pipeline.tables.order import (
    Found,
    fill_gaps,
    in_template_order,
    label_blocks,
    pair_detached,
    position,
    split_overfull,
)
from xxgk.pipeline.tables.place import (
    Locator,
    Placed,
    beside_orphans,
    by_table_columns,
    cells_for,
    cells_lost,
    glued_blanks,
    glued_feasible,
    number_of,
    place,
    place_glued,
    traces_consistent,
    without_leading_blanks,
)
from xxgk.pipeline.tables.readings import COUNT
from xxgk.pipeline.tables.rows import Row, last_printed
from xxgk.pipeline.tables.settings import TableSettings
from xxgk.pipeline.tables.tokens import Token

_SLOTS = (COUNT,) * len(T3_COLUMN_KEYS)
_ORDER = tuple(r.key for r in T3_ROWS)


def _block_labels(frags: Sequence[Token], settings: TableSettings) -> list[tuple[str, Token]]:
    """The row labels among a block's fragments; （六）其他处理 over its 2021 sub-rows is their group's label,
    no row of its own (a block of labels lists it between （五）'s rows and its sub-rows)."""
    labels = labels_without_values("t3", frags, settings)
    if any(k.startswith("other_") for k, _ in labels):
        labels = [(k, t) for k, t in labels if k != "other"]
    return labels


def _s1_valid(vals: list[int | float | None]) -> bool:
    total = vals[-1]
    if total is None:
        return True
    return sum(v or 0 for v in vals[:-1]) == total


def _line_blocks_in_order(values: list[Token], n: int) -> list[Token] | None:
    """The row's numbers in another order of their lines, when they fill the row but stand on two or three
    lines whose printed order breaks S1 and exactly one other order of those lines keeps it (a converter
    reading line by line puts a total centred in a tall cell on the label's first line, before the other
    cells printed below it: ``（二）部分公开… 69`` / ``63 4 0 0 2 0``). Else None."""
    if len(values) != n or any(t.value is None for t in values):
        return None
    blocks: list[list[Token]] = []
    for t in values:
        if blocks and blocks[-1][-1].line == t.line:
            blocks[-1].append(t)
        else:
            blocks.append([t])
    if not 2 <= len(blocks) <= 3 or _s1_valid([number_of(t) for t in values]):
        return None
    fits: dict[tuple[int | float | None, ...], list[Token]] = {}
    for order in permutations(blocks):
        toks = [t for b in order for t in b]
        nums = [number_of(t) for t in toks]
        if nums[-1] is not None and nums[-1] > 0 and _s1_valid(nums):
            fits.setdefault(tuple(nums), toks)
    return next(iter(fits.values())) if len(fits) == 1 else None


def detect_template(matched: dict[str, Row]) -> Template | None:
    if any(k.startswith("other_") for k in matched):
        return "2021"
    if "other" in matched:
        return "2019"
    return None


def parse_t3(rows: list[Row], loc: Locator, settings: TableSettings, notes: list[Note], *, glued: bool = False,
             figures: Mapping[str, Figure] | None = None, reading_order: bool = False,
             traced: bool = False) -> Table | None:
    """``glued``: the table was printed without cell separators (``stream`` layout): every printed number
    may hold several cells, and blank cells may have left no trace. ``figures``: totals the narrative
    quotes (``t3.new_received.total`` …), used only to choose among readings that fit the print.
    ``reading_order``: the text gives a row's cells in the order a converter read them line by line (the
    ``lines`` layout), not by their columns (see ``_line_blocks_in_order``). ``traced``: the glued rows
    hold blank tokens, maybe their blank cells' traces: None when the rows do not bear that out
    (``traces_consistent``)."""
    table = Table(name="t3")
    n = len(T3_COLUMN_KEYS)
    blocks: list[Found] = []
    if not glued:
        rows, blocks = label_blocks(rows, n, lambda frags: _block_labels(frags, settings), _ORDER, total=n - 1)
    rows = split_overfull(rows, n)
    found = [Found(key, row, position(row)) for _, key, row in matched_rows("t3", rows, settings, notes)]
    kept, dropped = in_template_order(found, _ORDER)
    for f in dropped:
        notes.append(Note(code="out_of_order_label", table="t3", key=f"t3.{f.key}", line=f.row.line,
                          message=f"a label of t3.{f.key} stands out of the template's row order: "
                                  "taken for a detached fragment, not the row"))
    matched = {f.key: f.row for f in kept if f.key}
    by_order: set[str] = set()
    if matched and not glued:
        ids = {id(f.row) for f in kept}
        loose = [Found(None, r, position(r)) for r in rows if id(r) not in ids
                 and sum(1 for v in r.values if not v.is_blank) == n]
        for f in fill_gaps(kept, loose, t3_rows(detect_template(matched) or "2019"), total=n - 1):
            matched[f.key] = f.row  # type: ignore[index]
            by_order.add(f.key)  # type: ignore[arg-type]
            notes.append(Note(code="placed_by_template_order", table="t3", key=f"t3.{f.key}", line=f.row.line,
                              message=f"a row of numbers without a readable label stands where the template puts "
                                      f"t3.{f.key}: placed there by inference"))
        taken = {id(r) for r in matched.values()}
        for f in pair_detached(kept, [f for f in loose if id(f.row) not in taken], total=n - 1):
            matched[f.key] = f.row  # type: ignore[index]
            by_order.add(f.key)  # type: ignore[arg-type]
            notes.append(Note(code="placed_by_detached_label", table="t3", key=f"t3.{f.key}", line=f.row.line,
                              message=f"the label of t3.{f.key} stands apart from its numbers (a block of labels "
                                      "beside a block of numbers): paired in order, placed by inference"))
    for f in blocks:
        if f.key is None or f.key in matched:
            continue
        matched[f.key] = f.row
        by_order.add(f.key)
        notes.append(Note(code="placed_by_label_block", table="t3", key=f"t3.{f.key}", line=f.row.line,
                          message=f"the label of t3.{f.key} stands in a block of labels printed apart from their "
                                  "numbers (one cell a line, exactly as many rows of numbers as labels): paired in "
                                  "order, by rows or, where only that keeps every row's total, by columns; placed "
                                  "by inference"))
    if not matched:
        table.error = "no table-三 row labels found"
        return table
    above = {} if glued else _numbers_above(rows, matched, by_order, n)
    table.found = True
    template = detect_template(matched)
    table.template = template
    if "other" in matched and template == "2021":
        notes.append(Note(code="t3_both_other_forms", table="t3",
                          message="table 三 prints both a single （六）其他处理 row and its 2021 sub-rows"))
    expected = t3_rows(template or "2019")
    missing = [k for k in expected if k not in matched]
    last_row = last_printed(matched.values())
    if traced and not traces_consistent([(matched[k].values, _SLOTS, [n], matched[k] is last_row)
                                         for k in expected if k in matched], settings):
        return None
    complete = glued and not missing and all(glued_feasible(matched[k].values, _SLOTS, settings) for k in expected)
    if glued:
        notes.append(Note(code="glued_cells", table="t3",
                          message="table 三 printed without cell separators: numbers split by the column count, "
                                  "the identities and the narrative; " + glued_blanks(complete, traced)))
    lossy = not glued and cells_lost([matched[k].values for k in expected if k in matched and k not in by_order], n)
    if lossy:
        notes.append(Note(code="cells_lost", table="t3",
                          message="table 三 prints every cell between bars, yet some of its rows print fewer cells "
                                  "than its 7 columns (columns a converter ran together, camelot's or tabula's "
                                  "stream mode): a row's leading empty cells are not counted as its cells, and a "
                                  "row with a cell lost is placed only where one reading fits"))
    readings: dict[str, list[list[Token | None]]] = {}
    placements: dict[str, Placed] = {}
    row_notes: dict[str, Note] = {}
    # numbers that no row claims (a row's number printed above its two-line label, left over after the row
    # before it): a row that prints none may be theirs, so it is not read blank
    claimed = {id(r) for r in matched.values()} | ({id(r) for r in above.values()} if not glued else set())
    orphans = [] if glued else [t for r in rows if id(r) not in claimed for t in r.values if not t.is_blank]
    # (or that a row holds beyond its cells: a line of numbers only, read with the row before it, may be the row's
    # after it, whose label prints below its numbers)
    orphans += [] if glued else [t for r in matched.values() if sum(not v.is_blank for v in r.values) > n
                                 for t in r.values if not t.is_blank]
    for key in expected:
        row = matched.get(key)
        if row is None:
            continue
        reordered = _line_blocks_in_order(row.values, n) if reading_order and not glued else None
        if glued:
            placed = place_glued(row.values, _SLOTS, settings, complete=complete, groups=[n], traced=traced,
                                 last=row is last_row)
        elif reordered is not None:
            placed = Placed("inferred", list(reordered))
            row_notes[key] = (Note(code="row_lines_reordered", table="t3", key=f"t3.{key}", line=row.line,
                              message=f"t3.{key}: its numbers stand on {len({t.line for t in row.values})} lines "
                                      "whose order as printed breaks S1 and one other order keeps it (a total "
                                      "centred on the label's line, the other cells below): read in that "
                                      "order, placed by inference"))
        elif lossy:
            placed = place(without_leading_blanks(row.values), n, settings, _s1_valid, sums=[n])
        else:
            placed = place(row.values, n, settings, _s1_valid, sums=[n])
        if key in above:
            placed = _above_or_below(placed, place(above[key].values, n, settings, _s1_valid, sums=[n]))
            if placed.kind == "ambiguous":
                row_notes[key] = Note(
                    code="numbers_above_or_below", table="t3", key=f"t3.{key}", line=row.line,
                    message=f"t3.{key}: its label's line holds no number, the numbers below it and the line of "
                            f"numbers above it (line {above[key].values[0].line}) that no label claims may each be "
                            "its own (a PDF text that prints numbers a little above their label): not placed")
        placements[key] = placed
    last = last_printed(matched[key] for key in placements)
    settled, behind = by_table_columns(placements, _cells_after_total_header(rows),
                                       last=next((key for key in placements if matched[key] is last), None))
    by_columns = {key for key in settled if settled[key] is not placements[key] and settled[key].kind == "inferred"}
    for key in by_columns:
        row_notes[key] = Note(
            code="placed_by_table_columns", table="t3", key=f"t3.{key}", line=matched[key].line,
            message=f"t3.{key}: {len(matched[key].values)} values for 7 cells, empty ones at both ends, and S1 "
                    f"holds however they are dropped; the table's other rows leave {behind} empty cell(s) after "
                    "their values: read so, placed by inference")
    placements = settled
    for key in expected:
        if key not in placements:
            table.cells[key] = {c: Cell.not_found() for c in T3_COLUMN_KEYS}
            continue
        placed, row = placements[key], matched[key]
        if key in row_notes:
            notes.append(row_notes[key])
        if placed.kind == "ambiguous" and placed.readings and placed.search_complete and key not in above:
            # (the column identities do not settle a row whose numbers may be above its label: the reading
            # above would move the numbers below to the next row, which no identity here sees)
            readings[key] = placed.readings
        cells = cells_for(placed, n, loc, settings)
        if placed.kind == "empty" and orphans:
            cells, note = beside_orphans("t3", key, row.line, n, "where no row claims them",
                                         [t.text for t in orphans[:6]])
            notes.append(note)
        if key in by_order:  # the row itself was placed by the template's order, not by its label
            for c in cells:
                if c.placement == Placement.label:
                    c.placement = Placement.inferred
        table.cells[key] = dict(zip(T3_COLUMN_KEYS, cells, strict=True))
        if key not in by_columns:
            _note_placement(placed, key, row, notes)
        if placed.fully_printed:
            notes.append(Note(code="read_fully_printed", table="t3", key=f"t3.{key}", line=row.line,
                              message=f"t3.{key}: its digits read as a number in every cell, under which S1 holds"))
    if readings and not missing:
        _resolve_by_columns(table, readings, template or "2019", loc, settings, notes, figures or {})
    if missing:
        shown = ", ".join(missing[:4]) + (f", … ({len(missing) - 4} more)" if len(missing) > 4 else "")
        table.error = f"table 三: {len(missing)} of {len(expected)} rows not found ({shown})"
        if template is None:
            table.error += " (template undetermined: no （六） row found)"
    return table


def _numbers_above(rows: list[Row], matched: Mapping[str, Row], by_order: set[str], n: int) -> dict[str, Row]:
    """Rows matched by label whose numbers stand below a label line that holds none, right after a full row of
    numbers that no label claims: that row may be theirs, printed above the label (pdfplumber prints a row's
    numbers on a line of their own above its label when they sit a little higher than it), and their own
    numbers the next label's. Rows a line only: the numbers above on the line right before the label's, each
    row of numbers on one line. A row's key -> the unclaimed row above it."""
    owner = {id(r): k for k, r in matched.items()}
    out = {}
    for prev, row in pairwise(rows):
        if prev.fragments or id(prev) in owner or sum(1 for v in prev.values if not v.is_blank) != n:
            continue
        key = owner.get(id(row))
        if key is None or key in by_order or not row.fragments or not row.values:
            continue
        # (rows a line: the numbers above on the line before the label's, the numbers below on one line after it)
        if len({v.line for v in prev.values}) == 1 == len({v.line for v in row.values}) \
                and prev.values[-1].line + 1 == row.fragments[0].line < row.values[0].line:
            out[key] = prev
    return out


def _above_or_below(below: Placed, above: Placed) -> Placed:
    """A row that may read the numbers below its label or those above it: ambiguous between the two."""
    if not below.slots or not above.slots:
        return below
    pairs = [[b, a] for b, a in zip(below.slots, above.slots, strict=True)]
    return Placed("ambiguous", candidates=pairs, readings=[below.slots, above.slots])


def _cells_after_total_header(rows: list[Row]) -> int | None:
    """How many cells follow the header cell 总计 in its row, where the layout tells (a pipe table prints
    every cell of a row): a header row prints no number. None: no such cell, or several that disagree."""
    counts = {t.from_end for r in rows for t in r.fragments
              if t.from_end is not None and squash(t.text) == "总计"
              and not any(v.group == t.group and not v.is_blank for v in r.values)}
    return counts.pop() if len(counts) == 1 else None


def _note_placement(placed: Placed, key: str, row: Row, notes: list[Note]) -> None:
    kind = placed.kind
    if kind == "exact":
        return
    got = [t.text for t in row.values]
    trim = placed.trim
    # (a placement that leaves the total blank was not checked by S1: it held because nothing was to add up)
    by = "with the total left blank (S1 not checked)" if placed.slots and placed.slots[-1] is None \
        else "by the row total (S1)"
    cut = sum(1 for t in placed.slots if t is not None) > sum(1 for t in row.values if not t.is_blank)
    msg = {
        "trimmed": f"dropped trailing empty merged cells after 7 values: {got}" if trim is None or not trim.taken
        else f"dropped {trim.taken} empty cell(s) before 7 values and {trim.behind} after: {got}",
        "inferred": f"{len(got)} values {got} for 7 cells: placed {by}",
        "ambiguous": f"{len(got)} values {got} for 7 cells: more than one placement fits",
        "overflow": f"{len(got)} values {got} for 7 cells: row not placed",
        "split": f"run-together digits {got} split into 7 cells {by}: one split fits" if cut
        else f"{len(got)} values {got} placed in 7 cells {by}: one placement fits",
        "empty": "no values printed: cells read as blank",
    }[kind]
    notes.append(Note(code=f"placement_{kind}", table="t3", key=f"t3.{key}", line=row.line, message=msg))


_FIRST = ("total",)
_LAST = ("new_received", "carried_over", "carried_forward")


def _resolve_by_columns(table: Table, ambiguous: dict[str, list[list[Token | None]]], template: Template,
                        loc: Locator, settings: TableSettings, notes: list[Note],
                        figures: Mapping[str, Figure]) -> None:
    """Rows with several readings: keep the combinations of readings under which every column identity
    (O1, S2) holds, and among them — when some do — those that agree with the totals the narrative quotes.
    A cell that reads the same in every kept combination is placed by inference; the others stay
    ambiguous with the readings that remain. The search is bounded (``max_search_steps`` nodes,
    ``max_placements`` combinations): past the bound nothing is resolved."""
    leaves = [r for r in T3_RESULT_LEAVES[template] if r in table.cells]
    if any(c.state in (CellState.ambiguous, CellState.missing) for r, cols in table.cells.items()
           if r not in ambiguous for c in cols.values()):
        return  # a row left unread: the column identities cannot be evaluated
    width = len(T3_COLUMN_KEYS)
    fixed: dict[str, list[int]] = {}
    for r, cols in table.cells.items():
        if r in ambiguous:
            continue
        fixed[r] = [c.value if isinstance(c.value, int) else 0 for c in cols.values()]
    order = [r for r in (*_FIRST, *leaves, *_LAST) if r in ambiguous]
    fits = _combinations(order, ambiguous, fixed, leaves, settings)
    if not fits:
        return
    figures = {k: f for k, f in figures.items() if k.startswith("t3.")}
    agreeing = [f for f in fits if _agrees(f, fixed, figures)]
    by_figures = bool(figures) and 0 < len(agreeing) < len(fits)
    if agreeing:
        fits = agreeing
    for k in order:
        choices = [f[k] for f in fits]
        placed = _placed_from(choices)
        before = [c.state for c in table.cells[k].values()]
        cells = cells_for(placed, width, loc, settings)
        table.cells[k] = dict(zip(T3_COLUMN_KEYS, cells, strict=True))
        settled = sum(1 for a, c in zip(before, cells, strict=True) if a == CellState.ambiguous and c.state != a)
        if settled:
            used = list(figures.values())
            how = "the column identities (O1, S2)" + (f" and the figures of {sources(used)}" if by_figures else "")
            notes.append(Note(code=note_code(used) if by_figures else "resolved_by_columns", table="t3",
                              key=f"t3.{k}", message=f"t3.{k}: {settled} cell(s) settled by {how}"))


def _placed_from(choices: list[list[Token | None]]) -> Placed:
    unique: dict[tuple[tuple[int, int] | None, ...], list[Token | None]] = {}
    for reading in choices:
        unique.setdefault(tuple((t.start, t.end) if t else None for t in reading), reading)
    readings = list(unique.values())
    if len(readings) == 1:
        return Placed("inferred", list(readings[0]))
    per_slot = []
    for i in range(len(readings[0])):
        seen: dict[tuple[int, int], Token | None] = {}
        for r in readings:
            tok = r[i]
            seen.setdefault((tok.start, tok.end) if tok is not None else (-1, -1), tok)
        per_slot.append(list(seen.values()))
    return Placed("ambiguous", candidates=per_slot, readings=readings)


def _ints(reading: list[Token | None]) -> list[int]:
    return [t.value.value if t is not None and t.value is not None and isinstance(t.value.value, int) else 0
            for t in reading]


def _combinations(order: list[str], ambiguous: dict[str, list[list[Token | None]]], fixed: dict[str, list[int]],
                  leaves: list[str], settings: TableSettings) -> list[dict[str, list[Token | None]]]:
    """Every choice of one reading per ambiguous row under which O1 and S2 hold in every column
    (blank read as 0); [] when there is none, when no identity can be evaluated, or when the bound was
    reached (see :mod:`.joint`)."""
    present = set(fixed) | set(ambiguous)
    identities: list[dict[str, int]] = []
    if "total" in present:  # O1: total = Σ result leaves
        identities.append({"total": 1, **{r: -1 for r in leaves}})
    if all(r in present for r in ("total", *_LAST)):  # S2: new + carried over = total + carried forward
        identities.append({"new_received": 1, "carried_over": 1, "total": -1, "carried_forward": -1})
    if not identities:
        return []
    options = {r: [_ints(rd) for rd in ambiguous[r]] for r in order}
    found = fitting_choices(options, fixed, identities, max_steps=settings.max_search_steps,
                            max_fits=settings.max_placements)
    return [{r: ambiguous[r][i] for r, i in fit.items()} for fit in found or []]


def _agrees(fit: dict[str, list[Token | None]], fixed: dict[str, list[int]], figures: Mapping[str, Figure]) -> bool:
    for key, fig in figures.items():
        want = fig.value
        _, row, col = key.split(".")
        if col not in T3_COLUMN_KEYS:
            continue
        c = T3_COLUMN_KEYS.index(col)
        vals = _ints(fit[row]) if row in fit else fixed.get(row)
        if vals is None or vals[c] != want:
            return False
    return True
