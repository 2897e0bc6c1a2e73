"""Stage 1 for the ``lines`` layout (``tables.cells``): a row's label and cells on a line, single spaces
between them (pypdf, pdfplumber's plain text, crawlers)."""

from __future__ import annotations

from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import tokenize
from xxgk.pipeline.tables.rows import assemble


def _rows(text: str) -> list[tuple[str, list[str]]]:
    return [("/".join(t.text for t in r.fragments), [v.text for v in r.values])
            for r in assemble(tokenize(lines_of(text), "lines"))]


def test_a_rows_first_number_glued_to_its_label_is_a_cell():
    # pypdf: a label that fills its cell runs into the row's first number; the other cells are spaced
    assert _rows("其他对外管理服务事项18 -5 28\n") == [("其他对外管理服务事项", ["18", "-5", "28"])]
    assert _rows('3.危及"三安全一稳定"0 0 0 0 0 0 0\n') == [('3.危及"三安全一稳定"', ["0"] * 7)]
    assert _rows("（四）无法提供1 2 3\n") == [("（四）无法提供", ["1", "2", "3"])]
    # a label that ends in a digit with no numbers after it stays a label (a caption, a date)
    assert _rows("第二十条第（一）项\n2023年\n") == [("第二十条第（一）项/2023年", [])]


def test_a_money_unit_printed_apart_from_its_number_is_one_cell():
    rows = assemble(tokenize(lines_of("政府集中采购 49 542.16 万元\n"), "lines"))
    assert [v.text for v in rows[0].values] == ["49", "542.16 万元"]
    money = rows[0].values[1].value
    assert money is not None and str(money.value) == "542.16" and money.unit == "万元"
    assert _rows("本年收费金额 万元\n") == [("本年收费金额 万元", [])]  # (a unit with no number: a header)


def test_one_cell_a_line_a_label_glued_to_the_first_number_of_the_lines_after():
    # PyMuPDF's get_text(): the label fills its cell, the row's other numbers follow one a line
    assert _rows("其他对外管理服务事项0\n0\n0\n第二十条第（六）项\n") == [
        ("其他对外管理服务事项", ["0", "0", "0"]), ("第二十条第（六）项", [])]
    # no number after it: a label that ends in a digit stays whole
    assert _rows("附件1\n说明文字\n") == [("附件1/说明文字", [])]


def test_a_horizontal_bar_in_an_empty_cell_is_not_applicable():
    # U+2015, the bar some CMS editors put in an empty cell (v09's page), read like — and /
    rows = assemble(tokenize(lines_of("二、上年结转政府信息公开申请数量 3 ― ― ― ― ― 3\n"), "lines"))
    assert [v.value.state.value for v in rows[0].values if v.value is not None] == [
        "number", *["not_applicable"] * 5, "number"]


def test_page_furniture_is_never_table_content():
    from xxgk.pipeline.tables.values import is_page_furniture

    for line in ["- 3 -", "—3—", "第 3 页 共 6 页", "第3页/共6页", "共6页 第3页", "第 3 页", "2/4", "  2/ 4",
                 "云江省人民政府 2021 年政府信息公开工作年度报告", "  宁州市交通运输局2022年度政府信息公开年报  "]:
        assert is_page_furniture(line), line
    for line in ["3", "规章 0 5 11", "三、本年度办理结果", "（七）总计 5 0 0 0 0 0 5", "第二十条第（一）项", "/", "2/4 0"]:
        assert not is_page_furniture(line), line


def test_a_cell_a_line_with_each_empty_line_an_empty_cell():
    # (LibreOffice's text of a Word table: no empty line between paragraphs, an empty cell an empty line)
    text = "一、本年新收政府信息公开申请数量\n6\n1\n\n\n\n\n7\n二、上年结转政府信息公开申请数量\n\n\n\n\n\n\n0\n\n"
    rows = assemble(tokenize(lines_of(text), "lines-empty"))
    assert [[t.text for t in r.values] for r in rows] == [["6", "1", "", "", "", "", "7"],
                                                          ["", "", "", "", "", "", "0", "", ""]]
    assert rows[1].values[-1].after_table  # (an empty line after the table's last line: maybe a spacer)
    assert [[t.text for t in r.values] for r in assemble(tokenize(lines_of(text), "lines"))] == [["6", "1", "7"], ["0"]]


def test_a_table_read_a_cell_a_line_takes_empty_lines_as_cells_only_where_that_is_surer():
    import xxgk
    from tests.conftest import FIXTURES

    r = xxgk.extract(FIXTURES / "damaged" / "v02_jfljd2022_docx.soffice.empty-cells.txt")
    assert r.status == "accepted" and any(n.code == "empty_lines_as_cells" for n in r.notes)
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "research", "total")] == [
        6, 1, None, 7]
    seed = xxgk.extract(FIXTURES.parent.parent / "eval" / "reports" / "003_ba0fe670444f6260.txt")
    assert not any(n.code == "empty_lines_as_cells" for n in seed.notes)  # (a cell a line, nothing unsure)


def test_empty_lines_are_no_cells_where_lines_hold_several_numbers():
    # (PyMuPDF's text blocks joined by line breaks: an empty line after every block, a row's cells together on
    # a line (0 2); row 四's first blank cell's NBSP on its label's line, so it prints six cells of seven: the
    # empty line after it had been read as its seventh, its 0 put under 其他 and its 总计 read blank, accepted)
    import xxgk
    from tests.conftest import FIXTURES

    r = xxgk.extract(FIXTURES / "damaged" / "003_ba0fe670444f6260.pymupdf.blocks.txt")
    assert not any(n.code == "empty_lines_as_cells" for n in r.notes)
    assert r.status == "rejected"
    assert r.cell("t3.carried_forward.total").state == "ambiguous"


def test_a_markdown_heading_marker_on_a_row_is_no_cell():
    # a PDF-to-Markdown converter that took a row printed a little larger for a heading
    text = "## 规章 1 0 11\n### （二）部分公开 0 0 0 0 0 0 0\n"
    assert _rows(text) == [("规章", ["1", "0", "11"]), ("（二）部分公开", ["0"] * 7)]
    label = tokenize(lines_of(text), "lines")[0]
    assert text[label.start:label.end] == "规章"
    # a lone marker, or one glued to its word, is left as printed
    assert _rows("#规章 1 0 11\n")[0][0] == "#规章"


def test_a_page_s_source_spacing_is_no_cell_where_it_is_indentation_or_blank_cells_print_nbsp():
    # (lxml's text_content() of a page written a tag a line: lines of indentation among the cells had been read
    # as blank cells, table 四 then 111 cells for 15, failed)
    import xxgk
    from tests.conftest import FIXTURES

    r = xxgk.extract(FIXTURES / "damaged" / "004_9f0ed78e15ea2a92.source-spaces.txt")
    assert r.status == xxgk.Status.accepted and r.value("t4.review.total") is not None
    head = "一、总体情况\n2020年，本局认真贯彻落实《条例》。\n三、收到和处理政府信息公开申请情况\n"
    # a single space is a PDF's blank cell (PyMuPDF): kept; NBSP lines are cells, lines of indentation not
    tail = "四、政府信息公开行政复议、行政诉讼情况\n无。\n"
    pdf = xxgk.extract_text(head + "一、本年新收政府信息公开申请数量\n3\n \n \n \n \n \n3\n" + tail)
    page = xxgk.extract_text(head + "一、本年新收政府信息公开申请数量\n    \n3\n    \n" + "\u00a0\n" * 5 + "3\n" + tail)
    for r in (pdf, page):
        assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "total")] == [3, None, 3]
        assert r.cell("t3.new_received.natural_person").placement == "label"



def test_empty_lines_are_no_cells_where_a_row_prints_two_numbers_beside_its_label(tmp_path):
    # (helper-36: w3m's dump of a Word table whose blank cells are empty, an empty line after every row: 规章 1 … 11
    # for three cells had been read with the empty line after it as a cell, 11 put under 本年废止件数, accepted)
    import xxgk
    from tests.conftest import FIXTURES

    text = (FIXTURES / "damaged" / "v02_jfljd2022_docx.soffice-html.w3m.text-browser.txt").read_text(encoding="utf-8")
    row = "                    规章\n"
    assert row in text
    damaged = tmp_path / "v02.txt"
    damaged.write_text(text.replace(row, "                    规章           1                                    11\n"),
                       encoding="utf-8")
    r = xxgk.extract(damaged)
    assert not any(n.code == "empty_lines_as_cells" for n in r.notes)
    assert r.cell("t2.rules.repealed").state == "ambiguous" and r.status == "rejected"
