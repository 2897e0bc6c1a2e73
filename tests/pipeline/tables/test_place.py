"""Placement stage: a row with more tokens than cells drops blank tokens at its ends the way its identity
allows (``place._trim``), and the table's other rows settle a row whose identity allows both ends
(``place.by_table_columns``)."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES
from xxgk.pipeline.tables.place import Placed, by_table_columns, number_of, place
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS
from xxgk.pipeline.tables.t3 import _s1_valid
from xxgk.pipeline.tables.tokens import Token
from xxgk.pipeline.tables.values import parse_value


def _place(cells: str) -> Placed:
    """A table-三 row's cells after its label, ``|``-separated as a pipe table prints them (empty: blank)."""
    toks = [Token(c.strip(), 0, 0, 1, 0, parse_value(c.strip())) for c in cells.split("|")]
    return place(toks, 7, DEFAULT_SETTINGS, _s1_valid, sums=[7])


def _numbers(p: Placed) -> list[int | float | None]:
    return [number_of(t) for t in p.slots]


def test_blanks_at_one_end_are_dropped_there():
    p = _place("3|1|0|0|0|0|4| | ")  # merged-cell filler after the row
    assert p.kind == "trimmed" and _numbers(p) == [3, 1, 0, 0, 0, 0, 4]
    assert p.trim is not None and p.trim.decided and p.trim.behind == 2
    p = _place(" | |34|5|0|0|2|1|42")  # a label over three columns
    assert p.kind == "trimmed" and _numbers(p) == [34, 5, 0, 0, 2, 1, 42] and p.trim.behind == 0


def test_the_identity_keeps_the_one_way_that_holds():
    # markitdown's row with a blank 总计: trailing blanks first read 34 as 商业企业 and 1 as 总计 (S1 breaks)
    p = _place(" | |34|5|0|0|2|1| ")
    assert p.kind == "inferred" and _numbers(p) == [34, 5, 0, 0, 2, 1, None]
    assert p.trim is not None and p.trim.decided and p.trim.behind == 0
    p = _place(" |34|5|0|0|2|1|42| ")  # an empty label cell, 7 values, a filler cell: one way only
    assert p.kind == "trimmed" and _numbers(p) == [34, 5, 0, 0, 2, 1, 42] and p.trim.behind == 1


def test_ways_the_identity_allows_alike_leave_the_row_ambiguous():
    p = _place(" |5|0|0|0|0|5| ")  # · | 5 | 0 | 0 | 0 | 0 | 5 and 5 | 0 | 0 | 0 | 0 | 5 | ·: S1 holds both ways
    assert p.kind == "ambiguous" and p.trim is not None and sorted(p.trim.readings) == [0, 1]
    assert _place(" |0|0|0|0|0|0| ").kind == "ambiguous"  # (六)其他处理 all zero, 总计 blank: 0 | … | · or · | 0 | …


def test_the_table_settles_an_ambiguous_row_by_the_cells_its_rows_leave_after_their_values():
    other = _place(" |0|0|0|0|0|0| ")
    decided = _place(" | |34|5|0|0|2|1| ")  # ends at the last cell (the blank 总计)
    out, behind = by_table_columns({"other": other, "new_received": decided})
    assert behind == 0 and out["new_received"] is decided
    assert out["other"].kind == "inferred" and _numbers(out["other"]) == [0, 0, 0, 0, 0, 0, None]
    # rows that end one filler cell before the row's end: the usual way, trailing blank first
    out, behind = by_table_columns({"other": _place(" |1|0|0|0|0|1| "), "new": _place("3|1|0|0|0|0|4| ")})
    assert behind == 1 and out["other"].kind == "trimmed" and _numbers(out["other"]) == [None, 1, 0, 0, 0, 0, 1]
    # an empty label cell, the values, a filler cell: the front blank is the label cell
    out, _ = by_table_columns({"other": _place(" |1|0|0|0|0|1| | "), "new": _place("3|1|0|0|0|0|4| ")})
    assert out["other"].kind == "inferred" and _numbers(out["other"]) == [1, 0, 0, 0, 0, 1, None]


def test_a_printed_row_of_exactly_the_cells_ends_at_the_last_cell():
    exact = place([Token(c, 0, 0, 1, 0, parse_value(c)) for c in ["2", "0", "", "", "", "", "2"]], 7,
                  DEFAULT_SETTINGS, _s1_valid)
    out, behind = by_table_columns({"other": _place(" |1|0|0|0|0|1| "), "sub": exact})
    assert behind == 0 and _numbers(out["other"]) == [1, 0, 0, 0, 0, 1, None]


def test_rows_that_disagree_or_none_decided_leave_the_row_ambiguous():
    other = _place(" |1|0|0|0|0|1| ")
    assert by_table_columns({"other": other}) == ({"other": other}, None)
    out, behind = by_table_columns({"other": other, "a": _place(" | |34|5|0|0|2|1| "), "b": _place("3|1|0|0|0|0|4| ")})
    assert behind is None and out["other"] is other


def test_no_way_to_drop_the_surplus_is_an_overflow():
    assert _place("1|2|3|4|5|6|7|8").kind == "overflow"


def test_markitdown_pipe_tables_of_a_word_file_with_every_total_blank():
    r = xxgk.extract(FIXTURES / "damaged" / "v08_qxrsj2020_docx.md-pipe.md")
    assert r.status == "accepted"
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "other_org", "total")] == [
        34, 5, 1, None]
    assert [r.value(f"t3.other.{c}") for c in ("natural_person", "total")] == [0, None]
    assert any(n.code == "placed_by_table_columns" and n.key == "t3.other" for n in r.notes)


def test_without_a_decided_row_the_header_s_total_tells_where_rows_end():
    other = _place(" |1|0|0|0|0|1| ")
    assert by_table_columns({"other": other}, header=0)[0]["other"].slots == other.readings[1]
    out, behind = by_table_columns({"other": other, "new": _place("3|1|0|0|0|0|4| ")}, header=0)
    assert behind == 1 and _numbers(out["other"]) == [None, 1, 0, 0, 0, 0, 1]  # the rows speak first


def test_a_lone_number_in_rows_with_blank_totals_is_placed_by_the_header():
    # seed 000 as a Word file through markitdown: ``| 一、本年新收… | | | 1 |  | … |`` and no row that S1 decides
    r = xxgk.extract(FIXTURES / "damaged" / "000_5c96ff8a9c100224.docx.md-pipe.md")
    assert r.status == "accepted"
    assert [r.value(f"t3.{k}.natural_person") for k in ("new_received", "granted", "total")] == [1, 1, 1]
    assert r.cell("t3.new_received.natural_person").placement == "inferred"


def test_a_header_padded_with_cells_that_stand_for_nothing_is_outvoted_by_the_rows():
    # seed 003 saved by LibreOffice (no gridSpan): 总计 followed by five empty cells, rows ending one cell after
    r = xxgk.extract(FIXTURES / "damaged" / "003_ba0fe670444f6260.lo-docx.md-pipe.md")
    assert r.status == "accepted"
    assert [r.value(f"t3.carried_forward.{c}") for c in ("natural_person", "other_org", "total")] == [None, None, 0]


def _place_n(cells: str, n: int) -> Placed:
    toks = [Token(c.strip(), 0, 0, 1, 0, parse_value(c.strip())) for c in cells.split("|")]
    return place(toks, n, DEFAULT_SETTINGS)


def test_a_cell_repeated_for_each_grid_column_it_spans_is_one_cell():
    # python-docx's row.cells: a merged cell once per grid column (行政许可 | 447228 over three columns)
    p = _place_n("447228|447228|447228", 1)
    assert p.kind == "inferred" and _numbers(p) == [447228]
    p = _place_n("51|51|-5|-5|1548|1548", 3)
    assert _numbers(p) == [51, -5, 1548]
    # numbers that differ, or runs of unequal length, are no repeats: too many cells
    assert _place_n("447228|447228|447229", 1).kind == "overflow"
    assert _place_n("51|51|-5|1548|1548|1548", 3).kind == "overflow"
    # docx2python: the repeats, then the empty paragraphs after the table (blank cells at the row's end)
    p = _place_n("96171.6|96171.6|96171.6|" + "|".join([""] * 9), 1)
    assert p.kind == "inferred" and [str(v) for v in _numbers(p)] == ["96171.6"]
    assert _place_n("96171.6|96171.7|96171.6|||", 1).kind == "overflow"


def test_a_table_s_last_row_is_not_read_by_the_others_trailing_blanks_where_its_cells_would_end_blank():
    # (a table in a layout table through get_text(" "): the closing tags' lines after the last row read as more
    # blanks than the rows leave; read the others' way, 003's 0 went under 社会公益组织 and 总计 blank)
    from xxgk.pipeline.tables.place import Placed, Trim, by_table_columns
    from xxgk.pipeline.tables.tokens import Token
    from xxgk.pipeline.tables.values import parse_value

    def tok(text: str) -> Token:
        return Token(text, 0, 0, 1, 1, parse_value(text))

    def trimmed(vals: list[Token], taken: int | None = None) -> Placed:
        surplus = len(vals) - 7
        readings = {k: vals[k:k + 7] for k in range(surplus + 1)} if taken is None else {taken: vals[taken:taken + 7]}
        return Placed("trimmed" if taken is not None else "ambiguous", readings.get(taken, []),
                      trim=Trim(readings, surplus, taken if taken is not None else 0, 0))

    decided = trimmed([tok("1"), *[tok("") for _ in range(5)], tok("1"), tok(""), tok("")], taken=0)  # 2 after
    closing = [tok("") for _ in range(6)] + [tok("0")] + [tok("") for _ in range(6)]  # six blanks, 0, six lines
    settled, behind = by_table_columns({"a": decided, "last": trimmed(closing)}, last="last")
    assert behind == 2 and settled["last"].kind == "ambiguous"
    settled, _ = by_table_columns({"a": decided, "last": trimmed(closing)})  # (any other row is read so)
    assert settled["last"].kind == "inferred" and settled["last"].slots[-1].is_blank
    own = [tok("") for _ in range(6)] + [tok("0"), tok(""), tok("")]  # its 0 the last cell: read so
    settled, _ = by_table_columns({"a": decided, "last": trimmed(own)}, last="last")
    assert [t.text for t in settled["last"].slots] == ["", "", "", "", "", "", "0"]
