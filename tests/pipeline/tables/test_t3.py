"""Table 三 stage: a row's numbers read from several lines of reading-order text (``t3._line_blocks_in_order``)."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES
from xxgk.core.model import CellState
from xxgk.pipeline.tables.t3 import _line_blocks_in_order
from xxgk.pipeline.tables.tokens import Token
from xxgk.pipeline.tables.values import parse_value


def _row(*lines: str) -> list[Token]:
    toks = []
    for n, line in enumerate(lines, start=1):
        toks += [Token(w, 0, len(w), n, 0, parse_value(w)) for w in line.split()]
    return toks


def _texts(toks: list[Token] | None) -> list[str] | None:
    return None if toks is None else [t.text for t in toks]


def test_a_total_on_the_labels_line_moves_after_the_cells_printed_below_it():
    # seed 001's （一）予以公开 printed as a converter reads a tall cell: its total on the label's line
    assert _texts(_line_blocks_in_order(_row("30", "30 0 0 0 0 0"), 7)) == ["30", "0", "0", "0", "0", "0", "30"]
    assert _texts(_line_blocks_in_order(_row("69", "63 4 0 0 2 0"), 7)) == ["63", "4", "0", "0", "2", "0", "69"]


def test_a_row_that_keeps_s1_as_printed_or_fits_several_orders_or_one_line_is_left_as_it_is():
    assert _line_blocks_in_order(_row("63 4 0", "0 2 0 69"), 7) is None  # S1 holds as printed
    assert _line_blocks_in_order(_row("5", "5", "0 0 0 0 0"), 7) is None  # (5 … 5 either way: same numbers)
    assert _line_blocks_in_order(_row("1 2 3", "3 1 2 3"), 7) is None  # no order keeps S1: the document's own
    assert _line_blocks_in_order(_row("69 63 4 0 0 2 0"), 7) is None  # one line: its order is the print's
    assert _line_blocks_in_order(_row("69", "63 4 0 0 2"), 7) is None  # not the row's count


def test_pdfplumber_text_of_a_real_pdf_reads_the_centred_total_by_inference():
    r = xxgk.extract(FIXTURES / "damaged" / "v04_nzzrzy2023_pdf.pdftext-plain.txt")
    row = r.t3.cells["partial"]
    assert [row[c].value for c in row] == [63, 4, 0, 0, 2, 0, 69]
    assert {row[c].placement for c in row} == {"inferred"}
    assert any(n.code == "row_lines_reordered" and n.key == "t3.partial" for n in r.notes)


def test_a_pipe_table_header_tells_how_many_cells_follow_its_total():
    from tests.pipeline.tables.lines import lines_of
    from xxgk.pipeline.tables.cells import tokenize
    from xxgk.pipeline.tables.rows import assemble
    from xxgk.pipeline.tables.t3 import _cells_after_total_header

    head = "|  |  |  |\n| --- | --- | --- |\n| 申请人情况 | | |\n| 自然人 | 法人或其他组织 | | | | | 总计 |{}\n"
    row = "| 一、本年新收政府信息公开申请数量 | | | 1 |  |  |  |  |  |  |"
    assert _cells_after_total_header(assemble(tokenize(lines_of(head.format("") + row), "markdown"))) == 0
    assert _cells_after_total_header(assemble(tokenize(lines_of(head.format("  |  |") + row), "markdown"))) == 2
    # (七)总计 with its numbers is a row, not the header; text with no cells of its own tells nothing
    assert _cells_after_total_header(assemble(tokenize(lines_of("| 总计 | 3 | 4 |"), "markdown"))) is None
    assert _cells_after_total_header(assemble(tokenize(lines_of("总计\n3 4"), "lines"))) is None


def test_a_block_of_labels_counts_the_2021_other_group_label_as_no_row():
    """pdfminer's text of szfgs2024's page 5: twelve labels, （六）其他处理 among them over its three sub-rows, then
    twelve rows of numbers column by column. The group label made thirteen labels for twelve rows: unread."""
    r = xxgk.extract("tests/fixtures/damaged/szfgs2024.pdfminer.txt")
    assert [r.value(f"t3.unable_need_creation.{c}") for c in ("natural_person", "commercial", "total")] == [11, 0, 11]
    assert r.value("t3.other_overdue_fee.total") == 6 and r.value("t3.carried_forward.total") == 103
    assert r.cell("t3.total.total").placement == "inferred" and r.value("t3.total.total") == 3050


def test_a_row_whose_numbers_may_stand_above_its_label_is_not_placed(tmp_path):
    # PDF text that prints a row's numbers on a line of their own a little above its label (pdfplumber's and
    # pdftext's extract_text on hzq2023: "10 0 0 0 0 0 10" / "1.本机关不掌握相关政府信息" / "（四）无法提供" /
    # "3 0 0 0 0 0 3" / "2.没有现成信息需要另行制作"): the numbers below the label are the next row's. Reading
    # them as its own gave 3 for 10; had the line above been zeros, no identity would have told (the
    # totals edited to match): the row is ambiguous between the two lines, and no column identity settles it
    text = (FIXTURES / "damaged" / "hzq2023_working.pdftext-plain.txt").read_text(encoding="utf-8")
    for report in (text, text.replace("\n10 0 0 0 0 0 10\n", "\n0 0 0 0 0 0 0\n")
                   .replace("申请数量 21 0 0 0 0 0 21", "申请数量 11 0 0 0 0 0 11")
                   .replace("（七）总计 21 0 0 0 0 0 21", "（七）总计 11 0 0 0 0 0 11")):
        path = tmp_path / "hzq2023.txt"
        path.write_text(report, encoding="utf-8")
        r = xxgk.extract_file(path)
        cell = r.cell("t3.unable_not_held.total")
        assert cell is not None and cell.state == "ambiguous" and cell.value is None
        assert any(n.code == "numbers_above_or_below" for n in r.notes)
        assert r.status == "rejected"


def test_a_row_that_prints_no_number_beside_numbers_no_row_claims_is_not_blank():
    # WeasyPrint's print of 003 read by pypdf: 四、结转下年度继续办理 wraps over two lines and its one number, 0,
    # stands above it, after the （七）总计 row's seven; read as printed, the row was blank and the report admitted
    r = xxgk.extract(FIXTURES / "pypdf_003_number_above_its_two_line_label.txt")
    cells = r.t3.cells["carried_forward"]
    assert {c.state for c in cells.values()} == {CellState.ambiguous}
    assert r.status not in ("accepted", "flagged")
    assert any(n.code == "empty_row_beside_orphans" and n.key == "t3.carried_forward" for n in r.notes)


def test_a_row_that_prints_no_number_beside_a_row_with_numbers_beyond_its_cells_is_not_blank():
    # layout text stripped of its indents (line.strip()): 3.危及"三安全一稳定" prints its numbers on a line above its
    # label, which went to the row before (14 numbers for 7 cells, placed by S1); the row was read blank, admitted
    r = xxgk.extract(FIXTURES / "damaged" / "hzq2023_working.pdftext-layout.stripped-layout.txt")
    assert {c.state for c in r.t3.cells["denied_three_safety"].values()} == {CellState.ambiguous}
    assert any(n.code == "empty_row_beside_orphans" and n.key == "t3.denied_three_safety" for n in r.notes)
    assert r.status == "rejected"
