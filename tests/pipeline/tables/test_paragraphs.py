"""Stage 1 for a paragraph per cell (``tables.cells``, layout ``paragraphs``): docx2txt's text of a Word table,
two newlines before every paragraph, so an empty cell is two more empty lines and nothing else."""

from __future__ import annotations

from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import detect_layout, in_paragraphs, tokenize
from xxgk.pipeline.tables.place import place
from xxgk.pipeline.tables.rows import assemble


def docx2txt(cells: list[str], after: int = 0) -> str:
    """A table section as docx2txt writes it: "\\n\\n" before each paragraph (an empty cell is one with no
    text), ``after`` empty paragraphs after the table, and the "\\n\\n" that opens the next section's heading
    (the heading's line is the next section's)."""
    return "".join(f"\n\n{c}" for c in [*cells, *[""] * after]) + "\n\n"


HEADER = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
ROWS = [["一、本年新收政府信息公开申请数量", "34", "5", "0", "0", "2", "1", ""],  # (a blank 总计)
        ["二、上年结转政府信息公开申请数量", "", "1", "0", "0", "0", "0", "1"],
        ["三、本年度办理结果", "（一）予以公开", "15", "3", "0", "0", "0", "1", "19"]]


def _rows(text: str) -> list[tuple[str, list[str]]]:
    body = lines_of(text)
    layout = detect_layout(body)
    assert layout == "paragraphs"
    return [("/".join(t.text for t in r.fragments), ["·" if v.is_blank else v.text for v in r.values])
            for r in assemble(tokenize(body, layout))]


def test_a_paragraph_per_cell_is_told_from_one_cell_a_line():
    text = docx2txt(HEADER + [c for r in ROWS for c in r])
    assert in_paragraphs(lines_of(text))
    assert not in_paragraphs(lines_of(text.replace("\n\n", "\n")))  # (one cell a line: pdftotext)
    # a cell that breaks its line (a w:br) keeps the rhythm
    assert in_paragraphs(lines_of(text.replace("社会公益组织", "社会公益\n组织")))


def test_an_empty_cell_is_a_blank_where_it_stands_and_header_filler_is_dropped():
    rows = _rows(docx2txt(HEADER[:3] + ["", ""] + HEADER[3:] + [c for r in ROWS for c in r]))
    assert rows[0][1] == ["34", "5", "0", "0", "2", "1", "·"]  # (the header's two empty cells: no row's)
    assert rows[1] == ("二、上年结转政府信息公开申请数量", ["·", "1", "0", "0", "0", "0", "1"])
    assert rows[2][1] == ["15", "3", "0", "0", "0", "1", "19"]


def test_empty_paragraphs_after_the_table_are_dropped_before_any_cell():
    # the last row ends in a blank cell and the page has two empty paragraphs after the table
    text = docx2txt(["四、结转下年度继续办理", "", "0", "0", "0", "0", "0", ""], after=2)
    rows = _rows("\n\n".join(["x"] * 20) + text)
    label, values = rows[-1]  # (before it, 20 paragraphs: enough to tell the rhythm)
    assert label.endswith("四、结转下年度继续办理") and values == ["·", "0", "0", "0", "0", "0", "·", "·", "·"]
    body = lines_of("\n\n".join(["x"] * 20) + text)
    row = assemble(tokenize(body, "paragraphs"))[-1]
    placed = place(row.values, 7, None, lambda nums: True, sums=[7])  # type: ignore[arg-type]
    assert ["·" if t is not None and t.is_blank else t.text for t in placed.slots] == ["·", "0", "0", "0", "0", "0", "·"]
