"""The grid readers' common rendering (``readers.grid``): a table's 序号 column is no cell."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES, GOLD
from xxgk.evaluation.gold import compare, load_gold
from xxgk.readers.grid import TextBuilder, index_column

T2 = [[("第二十条第（一）项", 0)],
      [("序号", 0), ("信息内容", 1), ("本年制发件数", 2), ("本年废止件数", 3), ("现行有效件数", 4)],
      [("1", 0), ("规章", 1), ("0", 2), ("0", 3), ("0", 4)],
      [("2", 0), ("行政规范性文件", 1), ("9", 2), ("4", 3), ("87", 4)],
      [("第二十条第（五）项", 0)],
      [("序号", 0), ("信息内容", 1), ("本年处理决定数量", 2)],
      [("3", 0), ("行政许可", 1), ("46", 2)]]


def test_a_first_column_headed_序号_over_row_numbers_is_dropped():
    assert index_column(T2) == {(1, 0), (2, 0), (3, 0), (5, 0), (6, 0)}  # (the captions span the table)
    b = TextBuilder()
    b.table(T2)
    text = b.document("html", "utf-8").text
    assert "\t1\n" not in text and "序号" not in text and "\t规章\n\t0\n\t0\n\t0\n" in text
    # provenance keeps each cell's grid column
    assert [c.cell for c in b.cells[:3]] == [0, 1, 2]


@pytest.mark.parametrize("rows", [
    [[("序号", 0), ("信息内容", 1)], [("规章", 0), ("0", 1)], [("1", 0), ("0", 1)]],  # labels in it
    [[("信息内容", 0), ("本年制发件数", 1)], [("1", 0), ("0", 1)], [("2", 0), ("0", 1)]],  # no 序号 header
    [[("序号", 0), ("信息内容", 1)], [("1", 0), ("规章", 1)]],  # one number: too few to tell
])
def test_a_column_that_is_no_row_numbering_stays(rows):
    assert index_column(rows) == set()


@pytest.mark.parametrize("name", ["002_054d4c4d902c56e6.t3.index-column.html", "v01_nzjtj2019_html.t2.index-column.html",
                                  "v08_qxrsj2020_docx.index-column.docx"])
def test_reports_whose_tables_number_their_rows_read_to_their_gold(name):
    # (each row's number had been read as a value: 序号 1 as 规章's 本年制发件数, 6 … 22 under 其他)
    r = xxgk.extract(FIXTURES / "damaged" / name)
    n, diffs = compare(r, load_gold(GOLD / f"{name.split('.')[0]}.json"))
    assert n > 100 and [d for d in diffs if d.outcome != "extra"] == []
    assert r.status in ("accepted", "flagged")
