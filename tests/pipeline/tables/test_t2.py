"""Stage 4 for table 二: a row's cells by position, never blank where its numbers stand elsewhere, never a
number split into digits with nothing to check the split."""

from __future__ import annotations

from decimal import Decimal

import xxgk
from xxgk.core.model import CellState

HEAD = "一、总体情况\n2020年，本镇认真贯彻落实《条例》。\n二、主动公开政府信息情况\n"
TAIL = ("三、收到和处理政府信息公开申请情况\n无。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
        "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n")
T2 = ("第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n规范性文件 1 1 5\n"
      "第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n")


def _t2(rows: str) -> xxgk.Report:
    return xxgk.extract_text(HEAD + T2 + rows + TAIL)


def test_a_row_that_prints_no_number_beside_numbers_no_label_claims_is_not_blank():
    # (a narrow print: the row's numbers end the header line above, its label below them)
    r = xxgk.extract_text(HEAD + T2.replace("采购总金额\n", "采购总金额 27 1860.42万元\n") + "政府集中采购\n" + TAIL)
    cells = r.t2.cells["procurement"]
    assert {c.state for c in cells.values()} == {CellState.ambiguous}
    assert any(n.code == "empty_row_beside_orphans" for n in r.notes)


def test_a_row_that_prints_no_number_is_blank_when_no_number_stands_elsewhere():
    r = _t2("政府集中采购\n")
    assert {c.state for c in r.t2.cells["procurement"].values()} == {CellState.blank}


def test_one_number_for_two_cells_is_not_split_into_digits():
    # ("27" with its amount wrapped away: 2 | 7 would be two wrong values)
    r = _t2("政府集中采购 27\n")
    cells = r.t2.cells["procurement"]
    assert cells["items"].value != 2 and cells["amount"].value != 7
    assert CellState.ambiguous in {c.state for c in cells.values()}


def test_a_row_that_prints_no_number_beside_a_row_with_two_rows_numbers_is_not_blank():
    # (pdfminer's column-by-column text: 规章 none, 规范性文件 the numbers of both rows)
    r = xxgk.extract_text(HEAD + T2.replace("规章 0 0 0\n规范性文件 1 1 5\n", "规章\n规范性文件 0 1 0 1 0 5\n") + TAIL)
    assert {c.state for c in r.t2.cells["rules"].values()} == {CellState.ambiguous}


def test_a_count_printed_with_a_fraction_is_ambiguous_never_a_count():
    # (Tesseract's text of v10: 行政处罚 73,519 read 73.519, its separator a point; the money cell keeps its point)
    r = xxgk.extract_text(HEAD + T2.replace("规范性文件 1 1 5", "规范性文件 1 1 5.519") + "政府集中采购 3 12.5\n" + TAIL)
    cell = r.cell("t2.normative_docs.total_published")
    assert (cell.value, cell.state, cell.candidates) == (None, CellState.ambiguous, [5519])
    assert r.value("t2.procurement.amount") == Decimal("12.5")
    assert any(n.code == "count_with_fraction" and "5.519" in n.message for n in r.notes)
    three = xxgk.extract_text(HEAD + T2.replace("规范性文件 1 1 5", "规范性文件 1 1 5.5") + TAIL)
    assert three.cell("t2.normative_docs.total_published").candidates is None  # (no thousands reading)


def test_numbers_wrapped_around_a_label_are_never_read_from_one_half():
    # (narrow columns: 30 prints 3 on the line above the label and 0 below, as many halves above as below)
    t2 = T2.replace("规范性文件 1 1 5\n", "3 3 3\n规范性文件\n0 0 0\n")
    cells = xxgk.extract_text(HEAD + t2 + TAIL).t2.cells["normative_docs"]
    assert {c.state for c in cells.values()} == {CellState.ambiguous}
    # a label over its numbers, row after row, is no wrap: the first row's numbers are its own
    over = T2.replace("规章 0 0 0\n规范性文件 1 1 5\n", "规章\n0 0 0\n规范性文件\n1 1 5\n")
    r = xxgk.extract_text(HEAD + over + TAIL)
    assert [c.value for c in r.t2.cells["normative_docs"].values()] == [1, 1, 5]
    assert not any(n.code == "wrapped_halves" for n in r.notes)
