"""The page-image stages on drawn pages (no OCR engine): skew, ruling lines, grids, merged cells, ink."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from xxgk.readers.ocr.image import estimate_skew, find_grids, find_rulings, grid_cells, ink, ink_box

DPI = 150


def _table_page(angle: float = 0.0) -> Image.Image:
    """An A4 page at 150 dpi with a ruled table of 4 rows x 4 columns whose first column's cells in rows 1-2
    are merged (a row-group label) and whose header spans columns 1-3; blocks of 'ink' stand for text."""
    img = Image.new("L", (1240, 1754), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [100, 400, 650, 900, 1140], [300, 360, 420, 480, 540]
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=2)
    # the row-group label (rows 2-3 of column 0) has no line between its rows
    d.rectangle([xs[0] + 2, ys[2] - 1, xs[1] - 2, ys[2] + 1], fill=255)
    for x in xs:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=2)
    # the header of columns 1-3 spans them: no lines between them in row 0
    for x in xs[2:4]:
        d.rectangle([x - 1, ys[0] + 2, x + 1, ys[1] - 2], fill=255)
    for x0, y0 in ((120, 320), (700, 380), (950, 440), (120, 440)):
        d.rectangle([x0, y0, x0 + 30, y0 + 20], fill=0)  # a "word"
    d.rectangle([100, 100, 700, 130], fill=0)  # a title line above the table (no ruling: it is thick)
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255) if angle else img


@pytest.mark.parametrize("angle", [0.6, -0.4, 0.0])
def test_skew_is_estimated_to_a_twentieth_of_a_degree(angle):
    assert abs(estimate_skew(ink(np.asarray(_table_page(angle)))) - angle) <= 0.05


def test_rulings_make_one_grid_with_its_rows_and_columns():
    mask = ink(np.asarray(_table_page()))
    grids = find_grids(find_rulings(mask, DPI))
    assert len(grids) == 1
    g = grids[0]
    assert [round(y) for y in g.ys] == [300, 360, 420, 480, 540]
    assert [round(x) for x in g.xs] == [100, 400, 650, 900, 1140]


def test_cells_merge_where_a_line_is_not_drawn():
    mask = ink(np.asarray(_table_page()))
    cells = grid_cells(find_grids(find_rulings(mask, DPI))[0])
    by_start = {(c.row, c.col): c for c in cells}
    assert (by_start[(0, 1)].rows, by_start[(0, 1)].cols) == (1, 3)  # the header across columns 1-3
    assert (by_start[(1, 0)].rows, by_start[(1, 0)].cols) == (2, 1)  # the row-group label
    assert (2, 0) not in by_start and (0, 2) not in by_start
    assert by_start[(1, 0)].box == (100, 360, 400, 480)
    assert len(cells) == 16 - 2 - 1


def test_ink_box_finds_the_text_and_skips_empty_cells():
    mask = ink(np.asarray(_table_page()))
    cells = {(c.row, c.col): c for c in grid_cells(find_grids(find_rulings(mask, DPI))[0])}
    assert ink_box(mask, cells[(0, 0)].box) == (120, 320, 151, 341)
    assert ink_box(mask, cells[(3, 3)].box) is None


def test_a_page_without_a_table_has_no_grid():
    img = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(img).rectangle([100, 100, 700, 130], fill=0)
    assert find_grids(find_rulings(ink(np.asarray(img)), DPI)) == []


def test_a_filled_band_above_the_table_is_no_ruling():
    """A phone screenshot's status bar: a dark band across the page. Each of its columns had been a vertical
    "line", consecutive ones one band of the whole width, and the table's own vertical lines were lost in it."""
    img = _table_page()
    ImageDraw.Draw(img).rectangle([0, 0, 1239, 80], fill=30)  # the bar, above the table
    mask = ink(np.asarray(img))
    grids = find_grids(find_rulings(mask, DPI))
    assert len(grids) == 1 and len(grids[0].xs) == 5 and len(grids[0].ys) == 5
    from xxgk.readers.ocr.image import without_fills

    cleared = without_fills(mask, 8)
    assert not cleared[:80].any() and cleared[300].sum() == mask[300].sum()  # (the rules and words kept)


def test_a_dark_mode_page_is_read_as_dark_ink_on_light_paper():
    """A phone's dark mode (WeChat's night mode): light text and rules on a dark ground, whose ink the stages took
    for paper (no grid, "section 二 holds no table text"). Inverted, it is the page; a light page is left as is."""
    from xxgk.readers.ocr.image import dark_on_light

    page = np.asarray(_table_page())
    dark = np.asarray(255 - page)
    as_is = find_grids(find_rulings(ink(dark), DPI))
    assert not as_is or len(as_is[0].xs) != 5  # (its ground taken for ink: no table found)
    grids = find_grids(find_rulings(ink(dark_on_light(dark)), DPI))
    assert len(grids) == 1 and [round(x) for x in grids[0].xs] == [100, 400, 650, 900, 1140]
    assert dark_on_light(page) is page
