"""Stage 1b for layout text (``tables.positions``): the column each number stands in, from the heading's
column names (one piece or stacked down the cell) or the rows that print every cell."""

from __future__ import annotations

from tests.pipeline.tables.lines import T3_HEADING
from xxgk.pipeline.tables.positions import LEAVES, Band, Piece, agreed_bands, bands_of, columns_of, headings


def _pieces(text: str) -> list[Piece]:
    """Every word of a block of lines with its line and character columns."""
    out = []
    for n, line in enumerate(text.split("\n"), start=1):
        col = 0
        for word in line.split():
            col = line.index(word, col)
            out.append(Piece(word, n, col, col + len(word)))
            col += len(word)
    return out


def test_stacked_names_are_joined_down_their_cells_and_spanning_headings_left_out():
    found = headings(_pieces(T3_HEADING), LEAVES["t3"])
    assert found is not None
    assert [h.text for h in found] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert [(h.col_start, h.col_end) for h in found] == [(32, 34), (37, 39), (42, 44), (47, 49), (52, 54),
                                                         (57, 59), (62, 64)]


def test_a_heading_missing_a_name_or_out_of_order_is_no_heading():
    assert headings(_pieces(T3_HEADING.replace("其他", "    ")), LEAVES["t3"]) is None
    swapped = "   商业企业   自然人   科研机构   社会公益组织   法律服务机构   其他   总计"
    assert headings(_pieces(swapped), LEAVES["t3"]) is None
    twice = "   自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计   总计"
    assert headings(_pieces(twice), LEAVES["t3"]) is None


def test_table_four_names_repeat_once_per_group():
    line = "   ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "合计"] * 3)
    found = headings(_pieces(line), LEAVES["t4"])
    assert found is not None and len(found) == 15 and found[4].text == "总计"  # (合计: the same column)


def test_bands_run_between_the_midpoints_of_neighbouring_places():
    bands = bands_of([Piece("a", 1, 10, 12), Piece("b", 1, 20, 22), Piece("c", 1, 40, 42)])
    assert bands == [Band(6, 16, (10, 12)), Band(16, 31, (20, 22)), Band(31, 51, (40, 42))]  # (centres 11, 21, 41)
    assert bands_of([Piece("a", 1, 10, 12), Piece("b", 1, 10, 12)]) is None  # (places not apart)


def test_a_number_straddling_two_bands_sharing_one_or_far_from_its_heading_places_nothing():
    bands = [Band(6, 16, (10, 12)), Band(16, 31, (20, 22)), Band(31, 51, (40, 42))]
    assert columns_of([Piece("7", 5, 10, 11), Piece("9", 5, 41, 42)], bands) == [0, 2]
    assert columns_of([Piece("9", 5, 43, 44)], bands) == [2]  # (beside its heading, within the slack)
    assert columns_of([Piece("123", 5, 15, 18)], bands) is None  # (across the 16 boundary)
    assert columns_of([Piece("1", 5, 10, 11), Piece("2", 5, 12, 13)], bands) is None  # (two in one column)
    assert columns_of([Piece("5", 5, 50, 52)], bands) is None  # (beyond the last column)
    assert columns_of([Piece("5", 5, 26, 27)], bands) is None  # (in 20-22's band, four columns past its heading)


def test_rows_printing_every_cell_must_bear_the_heading_out_or_give_the_places_themselves():
    heading = [Piece("x", 1, 10, 12), Piece("y", 1, 20, 22)]
    agree = [Piece("1", 3, 10, 11), Piece("2", 3, 20, 21)]
    shifted = [Piece("1", 3, 16, 17), Piece("2", 3, 27, 28)]
    assert agreed_bands(heading, [agree]) == bands_of(heading)
    assert agreed_bands(heading, [agree, shifted]) is None
    assert agreed_bands(None, [agree]) == bands_of(agree)
    assert agreed_bands(None, [agree, shifted]) is None
    assert agreed_bands(None, []) is None
