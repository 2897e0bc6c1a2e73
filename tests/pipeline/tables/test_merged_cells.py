"""Columns run into one cell (camelot's and tabula's stream mode, markitdown's PDF tables): a cell printing
several numbers apart is never their digits joined, and a bordered table that lost cells places a row only
where one reading fits."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES
from xxgk.core.model import CellState
from xxgk.pipeline.tables.cells import tokenize
from xxgk.pipeline.tables.tokens import Line
from xxgk.pipeline.tables.values import parse_value, several_numbers

HEAD = "一、总体情况\n2022年，本局认真贯彻落实《条例》。\n三、收到和处理政府信息公开申请情况\n"
T3_HEADER = ("| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |\n"
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
             "| | | | 自然人 | 法人或其他组织 | | | | | 总计 |\n"
             "| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n")
TAIL = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"


def test_a_cell_of_several_numbers_is_no_number():
    assert several_numbers("53 0") and parse_value("53 0").state is CellState.ambiguous
    assert parse_value("53 0").value is None and parse_value("1 0 11").value is None
    assert parse_value("12\n34").state is CellState.ambiguous and parse_value("0 ―").state is CellState.ambiguous
    # one value printed in pieces stays one value
    assert parse_value("542.16 万元").value == parse_value("542.16万元").value
    assert parse_value("+ 5").value == 5 and parse_value("3 件").value == 3
    assert parse_value("― ―").state is CellState.not_applicable and not several_numbers("― ―")


def test_a_markdown_cell_of_two_numbers_is_two_cells():
    text = "| 2.其他法律行政法规禁止公开 | 2 | 0 | 0 | 6 11 | 3 | 22 |\n"
    toks = tokenize([Line(0, text, 1)], "markdown")
    assert [t.text for t in toks] == ["2.其他法律行政法规禁止公开", "2", "0", "0", "6", "11", "3", "22"]
    six, eleven = toks[4], toks[5]
    assert text[six.start:six.end] == "6" and text[eleven.start:eleven.end] == "11"
    assert [t.from_end for t in toks] == [7, 6, 5, 4, 3, 2, 1, 0]


def test_a_row_of_merged_columns_reads_its_numbers_apart():
    row = "| 一、本年新收政府信息公开申请数量 | | | 143 | 37 | 2 | 6 11 | 3 | 202 |\n"
    r = xxgk.extract_text(HEAD + T3_HEADER + row + TAIL)
    assert r.value("t3.new_received.social_org") == 6 and r.value("t3.new_received.legal_service") == 11
    assert r.value("t3.new_received.total") == 202


def test_a_row_a_cell_short_is_not_read_by_its_leading_empty_cells():
    # the label spans three columns (two empty cells after it); a blank cell ran into its neighbour, so the
    # row prints nine cells where ten stand: dropping one empty cell in front would put 6 under 商业企业. A row
    # of six cells for seven columns tells the table lost cells
    rows = ("| 一、本年新收政府信息公开申请数量 | | | 6 | 1 |  |  |  | 7 |\n"
            "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 |  |  |  |  |  |  |\n"
            "| 2.其他法律行政法规禁止公开 | 1 |  |  |  |  | 1 |\n")
    r = xxgk.extract_text(HEAD + T3_HEADER + rows + TAIL)
    cells = r.t3.cells["new_received"]
    assert cells["commercial"].value != 6 and cells["natural_person"].value != 1
    assert {cells[k].state for k in ("natural_person", "commercial")} == {CellState.ambiguous}
    assert any(n.code == "cells_lost" and n.table == "t3" for n in r.notes)


def test_a_table_four_row_a_cell_short_is_not_read_by_its_leading_empty_cells():
    t4 = ("四、政府信息公开行政复议、行政诉讼情况\n"
          "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
          "|  |  |  |  | 0 |  |  |  |  | 0 |  |  |  | 0 |\n")
    r = xxgk.extract_text(HEAD + t4 + TAIL)
    assert r.value("t4.litigation_direct.upheld") is None and r.value("t4.review.upheld") is None
    assert any(n.code == "cells_lost" and n.table == "t4" for n in r.notes)


def test_merged_columns_read_as_the_original_or_refused():
    damaged = FIXTURES / "damaged"
    assert len(list(damaged.glob("*.stream-merged.md"))) == 3
    v07 = xxgk.extract(damaged / "v07_yjsthjt2022_html.stream-merged.md")  # every merged cell two numbers
    original = xxgk.extract(FIXTURES.parent.parent / "eval" / "reports" / "v07_yjsthjt2022_html.html")
    assert v07.status == original.status and v07.values() == original.values()
    v02 = xxgk.extract(damaged / "v02_jfljd2022_docx.stream-merged.md")  # blank cells merged: cells lost
    assert v02.status == "rejected" and v02.value("t3.new_received.commercial") != 6
