"""Stage 1 for the ``pipe`` layout (``tables.cells``): rows of cells between bars, with or without the outer ones."""

from __future__ import annotations

import xxgk
from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import detect_layout, tokenize
from xxgk.pipeline.tables.rows import assemble
from xxgk.pipeline.tables.tokens import Line


def test_a_rows_last_cell_without_a_closing_bar_stays_in_its_row():
    # html2text prints no outer bars: a row's last cell is left open at the line's end; a "―" (not applicable)
    # there is that row's cell, not a placeholder before the next row's label
    text = "信息内容| 本年制发件数| 本年废止件数| 现行有效件数  \n规章| ―| ―| ―  \n行政规范性文件| 7| 11| 63  \n"
    rows = [("/".join(t.text for t in r.fragments), [v.text for v in r.values])
            for r in assemble(tokenize(lines_of(text), "pipe"))]
    assert rows[-2] == ("信息内容/本年制发件数/本年废止件数/现行有效件数/规章", ["―", "―", "―"])
    assert rows[-1] == ("行政规范性文件", ["7", "11", "63"])


def test_a_rule_read_as_a_bar_in_a_header_over_numbers_without_bars_is_no_pipe_table():
    ocr = ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", "结果|结果 其他 尚未 总",
           "维持|纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总", "31 9 14 6 60 12 2 3 5 22 6 1 1 2 10"]
    assert detect_layout([Line(0, t, i + 1) for i, t in enumerate(ocr)]) == "lines"
    piped = ["行政复议 |", "结果维持 |", "31 |", "9 |", "14 |"]
    assert detect_layout([Line(0, t, i + 1) for i, t in enumerate(piped)]) == "pipe"


def test_html2text_rows_keep_an_empty_first_and_last_cell():
    # html2text (body_width=0): no outer bars, "---|---" under a table's first row; an empty last cell is only
    # spaces after the last bar, an empty first cell a bar opening the row
    text = ("申请人情况| 自然人| 总计  \n---|---|---  \n一、本年新收政府信息公开申请数量| 1|  |  |  |  |  |    \n"
            "二、上年结转政府信息公开申请数量|  |  |  |  |  |  |    \n")
    rows = [(r.fragments[-1].text, [v.text for v in r.values]) for r in assemble(tokenize(lines_of(text), "pipe"))]
    assert rows[-2] == ("一、本年新收政府信息公开申请数量", ["1", "", "", "", "", "", ""])
    assert len(rows[-1][1]) == 7
    r = xxgk.extract("tests/fixtures/damaged/000_5c96ff8a9c100224.nowrap.html2text.md")
    assert r.status == "accepted" and r.value("t3.new_received.natural_person") == 1
    assert [r.value(f"t4.{g}.total") for g in ("review", "litigation_direct", "litigation_after_review")] == [0, 0, 0]


def test_a_data_frames_row_numbers_are_no_cells():
    # (pandas' to_markdown() of camelot's tables: an index column, empty over the header)
    text = ("|    | 0          |   1 |   2 |\n|---:|:-----------|----:|----:|\n"
            "|  0 | 行政许可 |  34 |  38 |\n|  1 | 其他对外管理服务事项 |  0 |  5 |\n|    | 续 |  |  |\n")
    rows = [("/".join(t.text for t in r.fragments), [v.text for v in r.values])
            for r in assemble(tokenize(lines_of(text), "markdown"))]
    values = {label.split("/")[-1]: vals for label, vals in rows}
    assert values["行政许可"] == ["34", "38"] and values["其他对外管理服务事项"] == ["0", "5"]
    # first cells that do not count 0, 1, 2 … are cells
    plain = "| 规章 | 名称 |\n|---|---|\n| 0 | 行政许可 |\n| 2 | 其他 |\n| 3 | 其他 |\n"
    assert [v.text for r in assemble(tokenize(lines_of(plain), "markdown")) for v in r.values][:1] == ["0"]


def test_pymupdfs_names_for_a_continued_tables_columns_are_empty_cells():
    text = "|Col1|Col2|务信息|Col4|\n|---|---|---|---|\n"
    toks = tokenize(lines_of(text), "markdown")
    assert [t.text for t in toks if t.text] == ["务信息"]
    # a cell that only starts so is text
    assert next(t.text for t in tokenize(lines_of("|Collected|0|\n|---|---|\n"), "markdown")) == "Collected"
