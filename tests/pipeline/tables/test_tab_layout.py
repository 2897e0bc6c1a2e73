"""The ``tab`` layout (a cell a tab-led line, a row's cells between empty lines): a bare page number between a
table's two parts is no cell."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES
from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables import _apart_from_heading, _tabs_stripped
from xxgk.pipeline.tables.cells import tokenize
from xxgk.pipeline.tables.rows import assemble

ROWS = "\t8.属于行政查询事项\n\t\n\t\n\t\n\n{footer}\t（四）无法提供\n\t1.本机关不掌握相关政府信息\n\t0\n\t\n\t2\n"


@pytest.mark.parametrize("footer", ["3\n\n", "\t3\n\n", "\t 12 \n\n"])
def test_a_bare_page_number_alone_between_two_rows_is_no_cell(footer):
    rows = assemble(tokenize(lines_of(ROWS.format(footer=footer)), "tab"))
    assert [[t.text for t in r.values] for r in rows] == [["", "", ""], ["0", "", "2"]]


@pytest.mark.parametrize("text", [
    "\t规章\n\t0\n\t3\n\n",  # a number in a row of cells
    "\t规章\n\n\t3\n\t\n\n",  # a row of a number and a blank cell
    "\t本年新\n3\n\n",  # a cell's text continued on the next line
    "\t规章\n\n\t1234\n\n",  # four digits: no page number
])
def test_a_number_in_a_row_of_its_own_with_other_cells_or_continuing_one_stays(text):
    tokens = tokenize(lines_of(text), "tab")
    assert any(t.text.endswith(("3", "1234")) for t in tokens)


@pytest.mark.parametrize("name", ["000_5c96ff8a9c100224.page-number.txt",
                                  "000_5c96ff8a9c100224.split.page-number.docx",
                                  "v02_jfljd2022_docx.row.page-number.docx"])
def test_a_page_number_inside_table_three_is_not_the_blank_row_s_total(name):
    # (the row before it prints no number: the 3 had been read as its 总计, and the report flagged)
    r = xxgk.extract(FIXTURES / "damaged" / name)
    assert r.status == xxgk.Status.accepted
    assert r.cell("t3.denied_admin_query.total").value is None


def test_table_four_s_numbers_printed_each_alone_stay_cells():
    # (catdoc's text of a sparse table 四: its row's numbers each between empty lines, under the header, with
    # no label around them)
    text = "\t结果维持\t结果纠正\n\n0\n\n\t0\n\n\t0\n"
    assert [t.text for t in tokenize(lines_of(text), "tab") if not t.is_text] == ["0", "0", "0"]


def test_a_number_alone_where_every_line_stands_alone_is_a_cell():
    # (a text whose line breaks were all doubled: every cell between empty lines, no row of two lines or more)
    text = "\t行政处罚\n\n\t2710\n\n\t行政强制\n\n\t96\n\n\t第二十条第（八）项\n\n\t信息内容\n"
    rows = assemble(tokenize(lines_of(text), "tab"))
    assert [[t.text for t in r.values] for r in rows if r.values] == [["2710"], ["96"]]


def test_a_number_alone_after_a_label_with_no_cells_is_its_cell():
    # (rows of two lines elsewhere; the label 行政强制 a row of its own, its number the next: no page's end)
    text = "\t行政处罚\n\t2710\n\n\t行政强制\n\n\t96\n\n\t第二十条第（八）项\n\t信息内容\n"
    rows = assemble(tokenize(lines_of(text), "tab"))
    assert [[t.text for t in r.values] for r in rows if r.values] == [["2710"], ["96"]]


# a row's blank cells whose tabs were stripped with the lines' trailing spaces: each an empty line, the rows still
# one empty line apart
STRIPPED = ("\t自然人\n\t其他\n\t总计\n\n\t一、本年新收政府信息公开申请数量\n\t3\n\n\n\n\n\n\t3\n\n"
            "\t二、上年结转政府信息公开申请数量\n\n\n\n\n\n\n\n\n\n")


def test_a_number_after_its_row_s_stripped_blank_cells_is_no_page_number():
    rows = assemble(tokenize(lines_of(STRIPPED), "tab"))
    assert [t.text for t in rows[0].values] == ["3", "3"]  # (the total kept, alone between empty lines)


def test_with_the_tabs_stripped_each_empty_line_between_printed_ones_is_a_blank_cell():
    rows = assemble(tokenize(lines_of(STRIPPED), "tab-empty"))
    assert [t.text for t in rows[1].values] == ["3", "", "", "", "", "", "3", ""]  # (the row's end: trimmed later)
    assert rows[2].values == []  # (the empty lines after the table's last printed line: its end, no cells)


def test_a_table_whose_blank_cells_lost_their_tabs_is_told_by_its_empty_lines():
    assert _tabs_stripped(lines_of(STRIPPED))
    assert not _tabs_stripped(lines_of(STRIPPED.replace("\t3\n\n\n\n\n\n", "\t3\n\t\n\t\n\t\n\t\n\t\n")))
    assert not _tabs_stripped(lines_of("\t规章\n\t0\n\n\t行政规范性文件\n\t1\n"))  # (rows one empty line apart)


@pytest.mark.parametrize("layout", ["tab-empty", "lines-empty"])  # (tabs stripped: rstrip(), strip())
def test_table_four_s_row_stands_one_empty_line_apart_from_its_heading(layout):
    row = "\n\n\n\n\t0\n" * 3  # (four blank cells and a total, three times: 15 cells)
    text = "\t行政复议\n\t结果维持\n\t总计\n\n" + row + "\n\n\t五、存在的主要问题"
    lines = lines_of(text if layout == "tab-empty" else text.replace("\t", ""))
    toks = _apart_from_heading(tokenize(lines, layout)[:-1])
    assert [t.text for t in toks if not t.is_text] == ["", "", "", "", "0"] * 3
    fifteen = lines_of("\t行政复议\n\t总计\n" + row)  # (no line between: every slot a cell, as printed)
    assert _apart_from_heading(tokenize(fifteen, "tab-empty")) == tokenize(fifteen, "tab-empty")
