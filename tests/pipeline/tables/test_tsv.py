"""Stage 1 for tab-separated rows (``cells`` layout ``tsv``): a row per line, an empty field a blank cell."""

from __future__ import annotations

from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import detect_layout, tokenize
from xxgk.pipeline.tables.rows import assemble

TEXT = """三、收到和处理政府信息公开申请情况
申请人情况\t自然人\t商业企业\t科研机构\t总计
一、本年新收政府信息公开申请数量\t1\t\t\t1
二、上年结转政府信息公开申请数量\t\t\t\t
\t（一）予以公开\t1\t\t\t1
"""


def test_tab_separated_rows_are_recognised_but_not_tab_led_cells():
    assert detect_layout(lines_of(TEXT)) == "tsv"
    assert detect_layout(lines_of("\t规章\n\t0\n\t5\n\n\t规范性文件\n\t1\n")) == "tab"


def test_rows_led_by_an_empty_label_cell_are_tab_separated_rows_not_tab_led_cells():
    # (pdf2docx left the label merged down the rows, 三、本年度办理结果, empty: most rows open with a tab)
    text = ("一、本年新收政府信息公开申请数量\t一、本年新收政府信息公开申请数量\t21\t0\t0\t21\n"
            + "".join(f"\t{label}\t{label}\t1\t0\t0\t1\n" for label in ("（一）予以公开", "（二）部分公开",
                                                                       "（六）其他处理", "（七）总计")))
    assert detect_layout(lines_of(text)) == "tsv"
    rows = assemble(tokenize(lines_of(text), "tsv"))
    assert rows[0].fragments[-1].text == "一、本年新收政府信息公开申请数量"
    assert [t.text for t in rows[0].values] == ["21", "0", "0", "21"]


def test_an_empty_field_is_a_blank_cell_and_a_merged_placeholder_is_dropped():
    rows = assemble(tokenize(lines_of(TEXT), "tsv"))
    got = [("/".join(t.text for t in r.fragments[-2:]), [t.text if t.text else "·" for t in r.values]) for r in rows]
    # (a row of blanks only reads like a caption's filler: its label stays, for the table stage to find
    # among the fragments and read as blank)
    assert got == [("总计/一、本年新收政府信息公开申请数量", ["1", "·", "·", "1"]),
                   ("二、上年结转政府信息公开申请数量/（一）予以公开", ["1", "·", "·", "1"])]
    one = rows[0].values[0]
    assert TEXT[one.start:one.end] == "1" and one.line == 3



def test_a_number_glued_to_its_label_cell_with_its_own_cell_empty_is_that_cells():
    # (pymupdf4llm's layout tables: <td>其他对外管理服务事项0</td><td></td><td>0</td><td>0</td>)
    text = "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n其他对外管理服务事项18\t\t-5\t28\n"
    rows = [("/".join(t.text for t in r.fragments), [t.text or "·" for t in r.values])
            for r in assemble(tokenize(lines_of(text), "tsv"))]
    assert rows[-1][0].endswith("/其他对外管理服务事项") and rows[-1][1] == ["18", "-5", "28"]
    eighteen = assemble(tokenize(lines_of(text), "tsv"))[-1].values[0]
    assert text[eighteen.start:eighteen.end] == "18"
    # a label cell with a number whose next cell prints one stays as printed (the row then has a cell too many)
    full = "其他对外管理服务事项18\t3\t-5\t28\n"
    assert [t.text for t in assemble(tokenize(lines_of(full), "tsv"))[0].values] == ["3", "-5", "28"]
