"""Stage 2½ (``tables.order``): rows placed by the template's order — detached labels paired with their
numbers, and a block printed column by column read so only when the row identities say so."""

from __future__ import annotations

from xxgk.pipeline.tables.order import Found, label_blocks, orient, pair_detached
from xxgk.pipeline.tables.rows import Row
from xxgk.pipeline.tables.tokens import Token
from xxgk.pipeline.tables.values import parse_value

_pos = iter(range(10_000, 1_000_000, 10))


def _values(*nums: int) -> list[Token]:
    out = []
    for n in nums:
        p = next(_pos)
        out.append(Token(str(n), p, p + len(str(n)), 1, p, parse_value(str(n))))
    return out


def _loose(*nums: int) -> Found:
    row = Row(values=_values(*nums))
    return Found(None, row, row.values[0].start)


def _label(key: str) -> Found:
    p = next(_pos)
    return Found(key, Row(fragments=[Token(key, p, p + 3, 1, p, None)]), p)


def _printed(found: list[Found]) -> list[list[int]]:
    return [[v.value.value for v in f.row.values] for f in found]


def test_a_block_printed_column_by_column_is_read_so_when_every_row_identity_then_holds():
    # rows (2, 1, 3) and (5, 0, 5), printed column by column: 2 5 | 1 0 | 3 5
    block = [_loose(2, 5, 1), _loose(0, 3, 5)]
    assert _printed(orient(block, total=2)) == [[2, 1, 3], [5, 0, 5]]
    # the tokens move with their numbers: provenance still points at the printed characters
    assert orient(block, total=2)[0].row.values[1] is block[0].row.values[2]


def test_a_block_that_adds_up_row_by_row_stays_as_printed():
    block = [_loose(2, 1, 3), _loose(5, 0, 5)]
    assert orient(block, total=2) == block
    neither = [_loose(1, 1, 1), _loose(1, 1, 1)]  # no reading adds up: kept as printed (the checks will say so)
    assert orient(neither, total=2) == neither


def test_a_run_of_bare_labels_takes_the_block_of_numbers_beside_it_in_order():
    before = [_loose(2, 1, 3), _loose(5, 0, 5)]
    labels = [_label("granted"), _label("partial")]
    paired = pair_detached(labels, before, total=2)
    assert [(f.key, _printed([f])[0]) for f in paired] == [("granted", [2, 1, 3]), ("partial", [5, 0, 5])]
    assert pair_detached(labels, before[:1], total=2) == []  # counts differ: nothing is paired


def _frag(text: str) -> Token:
    p = next(_pos)
    return Token(text, p, p + len(text), 1, p, None)


def _labels_of(fragments):  # (the keys stand for recognised labels; anything else is a header cell)
    return [(t.text, t) for t in fragments if t.text in ("a", "b", "c")]


ORDER = ("a", "b", "c")


def test_a_block_of_labels_before_its_numbers_is_paired_by_rows_or_by_columns():
    # a page's labels, then its numbers one cell a line: rows a (2 1 3), b (5 0 5), c (0 4 4)
    by_rows = Row(fragments=[_frag("总计"), _frag("a"), _frag("b"), _frag("c")], values=_values(2, 1, 3, 5, 0, 5, 0, 4, 4))
    rest, found = label_blocks([by_rows], 3, _labels_of, ORDER, total=2)
    assert rest == [] and [f.key for f in found] == ["a", "b", "c"]
    assert _printed(found) == [[2, 1, 3], [5, 0, 5], [0, 4, 4]]
    by_cols = Row(fragments=[_frag("a"), _frag("b"), _frag("c")], values=_values(2, 5, 0, 1, 0, 4, 3, 5, 4))
    assert _printed(label_blocks([by_cols], 3, _labels_of, ORDER, total=2)[1]) == [[2, 1, 3], [5, 0, 5], [0, 4, 4]]


def test_a_block_that_keeps_no_row_identity_or_has_another_count_is_left_alone():
    # the columns out of their printed order (total second): neither reading keeps every total
    shuffled = Row(fragments=[_frag("a"), _frag("b")], values=_values(2, 5, 3, 5, 1, 0))
    assert label_blocks([shuffled], 3, _labels_of, ORDER, total=2) == ([shuffled], [])
    short = Row(fragments=[_frag("a"), _frag("b"), _frag("c")], values=_values(2, 1, 3, 5, 0, 5))  # 2 rows' worth
    backwards = Row(fragments=[_frag("b"), _frag("a")], values=_values(2, 1, 3, 5, 0, 5))  # labels out of order
    one = Row(fragments=[_frag("a")], values=_values(2, 1, 3))
    for row in (short, backwards, one):
        assert label_blocks([row], 3, _labels_of, ORDER, total=2) == ([row], [])


def test_an_overfull_row_is_cut_only_into_full_rows():
    from dataclasses import replace

    from xxgk.pipeline.tables.order import split_overfull

    # two lines of 3 numbers each run into one row: cut in two
    first, second = _values(1, 2, 3), _values(4, 5, 6)
    lines = [replace(t, group=1) for t in first] + [replace(t, group=2) for t in second]
    assert [[t.text for t in r.values] for r in split_overfull([Row(values=lines)], 3)] == [["1", "2", "3"],
                                                                                          ["4", "5", "6"]]
    # a number wrapped in its cell, a digit a line (30 as 3 / 0, each token its own group): the rest after
    # three numbers is no row of its own, so nothing is cut, nor dropped
    wrapped = Row(values=_values(3, 0, 0, 0, 3))
    assert split_overfull([wrapped], 3) == [wrapped]
    # a number wrapped in its cell around a line of the row's other numbers (187 as 18 / 7, 210 as 21 / 0): the
    # 7 numbers before the third line make no row when the rest holds 2; nothing is cut, the row is refused
    groups = [(18,), (7,), (11, 1, 0, 9, 2), (21,), (0,)]
    around = [replace(t, group=g) for g, nums in enumerate(groups) for t in _values(*nums)]
    assert split_overfull([Row(values=around)], 7) == [Row(values=around)]
