"""The readings of glued number tokens: every cut and placement that fits the column count, the row's
identity and the column kinds — and a bounded search."""

from __future__ import annotations

from xxgk.pipeline.tables.readings import COUNT, Slot, read_row
from xxgk.pipeline.tables.tokens import Token
from xxgk.pipeline.tables.values import parse_value


def tok(text: str, start: int = 0) -> Token:
    return Token(text, start, start + len(text), 1, 0, parse_value(text))


def values(readings) -> set[tuple]:
    return {tuple(None if t is None else t.value.value for t in r) for r in readings.readings}


def test_a_fully_printed_row_splits_one_way_under_its_total():
    r = read_row([tok("81010010")], [COUNT] * 7, complete=True, groups=[7])
    assert values(r) == {(8, 1, 0, 1, 0, 0, 10)} and r.complete_search


def test_pieces_keep_the_offsets_of_their_digits():
    r = read_row([tok("15130000154", 100)], [COUNT] * 7, complete=True, groups=[7])
    (reading,) = r.readings
    assert [(t.start, t.end) for t in reading] == [(100, 103), (103, 104), (104, 105), (105, 106), (106, 107),
                                                   (107, 108), (108, 111)]


def test_blanks_that_left_no_trace_give_every_placement_that_fits():
    r = read_row([tok("11")], [COUNT] * 7, complete=False, groups=[7])
    got = values(r)
    assert (1, None, None, None, None, None, 1) in got and (11, None, None, None, None, None, None) in got
    assert (None, None, None, None, None, None, 11) not in got  # a total with no part breaks S1
    assert not r.pinned(0) and len(r.candidates(6)) == 2


def test_a_sign_opens_a_signed_cell_and_a_decimal_closes_a_money_cell():
    slots = [COUNT, Slot(signed=True), COUNT]
    r = read_row([tok("156"), tok("-5997", 3)], slots, complete=True)
    assert values(r) == {(156, -5, 997), (156, -59, 97), (156, -599, 7)}
    money = read_row([tok("225253.168万元")], [COUNT, Slot(money=True)], complete=True)
    assert {(a, str(b)) for a, b in values(money)} == {(2, "25253.168"), (22, "5253.168"), (225, "253.168"),
                                                       (2252, "53.168"), (22525, "3.168")}
    assert all(reading[1].value.unit == "万元" for reading in money.readings)


def test_table_four_in_three_groups_and_a_document_that_does_not_add_up_has_no_reading():
    r = read_row([tok("000113000300011")], [COUNT] * 15, complete=True, groups=[5, 5, 5])
    assert values(r) == {(0, 0, 0, 1, 1, 3, 0, 0, 0, 3, 0, 0, 0, 1, 1)}
    assert read_row([tok("101000000000005")], [COUNT] * 15, complete=True, groups=[5, 5, 5]).readings == []


def test_a_long_run_of_digits_stops_at_the_bound_and_says_so():
    run = "1" * 400  # no cut of 400 ones fills 15 cells of at most 9 digits: the search must end quickly
    r = read_row([tok(run)], [COUNT] * 15, complete=False, groups=None, max_steps=5000)
    assert r.readings == [] or not r.complete_search
    many = read_row([tok("123456789" * 4)], [COUNT] * 7, complete=False, max_steps=2000, max_readings=50)
    assert not many.complete_search and not many.pinned(0)  # an unfinished search pins nothing


def trace(start: int = 0) -> Token:
    return Token(" ", start, start + 1, 1, 0, parse_value(" "))


def test_a_trace_takes_one_blank_cell_and_the_numbers_fill_the_others():
    # table 四 as a scrape joined its cells: "0···00···0····0" (each · an &nbsp; cell)
    row = [tok("0"), *[trace()] * 3, tok("00"), *[trace()] * 3, tok("0"), *[trace()] * 4, tok("0")]
    r = read_row(row, [COUNT] * 15, complete=False, groups=[5, 5, 5], traced=True)
    assert values(r) == {(0, None, None, None, 0, 0, None, None, None, 0, None, None, None, None, 0)}
    assert r.complete_search
    # without the traces the same numbers fit many placements
    assert len(read_row(row, [COUNT] * 15, complete=False, groups=[5, 5, 5]).readings) > 1


def test_traces_must_fill_the_row_exactly_and_spacers_only_follow_the_last_cell():
    assert values(read_row([tok("1"), *[trace()] * 6], [COUNT] * 7, complete=False, groups=[7], traced=True)) \
        == {(1, None, None, None, None, None, None)}  # (a total left blank: "not reported")
    spaced = [tok("1"), trace(), tok("2"), trace(), tok("3"), trace(), tok("4"), trace(), tok("10")]
    assert read_row(spaced, [COUNT] * 7, complete=False, groups=[7], traced=True).readings == []  # separators
    spacers = [tok("5"), trace(), trace(), trace()]
    assert read_row(spacers, [COUNT] * 2, complete=False, traced=True).readings == []
    assert values(read_row(spacers, [COUNT] * 2, complete=False, traced=True, spare_tail=True)) == {(5, None)}


def test_zero_written_as_a_character_is_the_count_zero():
    from xxgk.pipeline.tables.values import parse_value

    assert [parse_value(t).value for t in ("〇", "零", " 〇 ")] == [0, 0, 0]
    assert parse_value("二〇二三") is None and parse_value("零星") is None

