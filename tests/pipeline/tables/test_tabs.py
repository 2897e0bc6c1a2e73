"""Stage 0 for tab-separated rows printed otherwise (``tabs``): pairs of tabs, a browser's innerText."""

from __future__ import annotations

from tests.pipeline.tables.lines import lines_of
from tests.pipeline.tables.test_tsv import TEXT
from xxgk.pipeline.tables.cells import detect_layout, tokenize
from xxgk.pipeline.tables.rows import assemble
from xxgk.pipeline.tables.tabs import joined_at_tabs, single_tabs


def test_cells_between_pairs_of_tabs_are_read_as_single_tabs():
    # (Resiliparse's plain text of a table: every separator two tabs, a blank cell an NBSP between pairs)
    doubled = lines_of(TEXT.replace("\t", "\t\t"))
    single = single_tabs(doubled)
    assert [ln.start for ln in single] == [ln.start for ln in doubled]
    assert [len(ln.text) for ln in single] == [len(ln.text) for ln in doubled]
    rows = assemble(tokenize(single, detect_layout(single)))
    assert [[t.text for t in r.values] for r in rows] == [[t.text for t in r.values]
                                                         for r in assemble(tokenize(lines_of(TEXT), "tsv"))]
    # a table with single tabs, and one whose tab runs are not all pairs, are left as they are
    assert single_tabs(lines_of(TEXT)) == lines_of(TEXT)
    mixed = lines_of(TEXT.replace("\t", "\t\t", 3))
    assert single_tabs(mixed) == mixed


def test_a_browsers_inner_text_of_cells_that_hold_paragraphs_is_read_a_row_a_line():
    # (innerText: each <td><p>…</p></td> between empty lines, the tab between two cells on a line of its own)
    rows = ["信息内容\t本年新制作数量\t本年新公开数量", "规章\t0\t1", "规范性文件\t\t37"]
    text = "\n\n\n".join("\n\n\t\n\n".join(row.split("\t")) for row in rows) + "\n"
    lines = lines_of(text)
    joined = joined_at_tabs(lines)
    assert [ln.text.replace(" ", "") for ln in joined if ln.text] == rows
    assert all(ln.text == text[ln.start:ln.start + len(ln.text)].replace("\n", " ") for ln in joined)
    assert joined_at_tabs(lines_of(TEXT)) == lines_of(TEXT)  # (the tab layout's blank cells are no separators)


def test_a_browsers_inner_text_of_cells_that_hold_blocks_is_read_a_row_a_line():
    # (WeChat's <td><section>…</section></td>: each cell's text on a line, the tab between two cells on a line of
    # its own beside them, rows apart by empty lines; an empty cell a tab beside a tab, a row's empty last cell a
    # tab before the empty line)
    rows = ["信息内容\t本年新制作数量\t本年新公开数量\t", "规章\t0\t1", "规范性文件\t\t37"]
    text = "\n\n\n".join("\n\t\n".join(row.split("\t")).replace("\n\n", "\n") for row in rows) + "\n"
    lines = lines_of(text)
    joined = joined_at_tabs(lines)
    assert [ln.text.replace(" ", "") for ln in joined if ln.text] == rows
    assert all(ln.text == text[ln.start:ln.start + len(ln.text)].replace("\n", " ") for ln in joined)
    assert joined_at_tabs(lines_of(TEXT)) == lines_of(TEXT)  # (the tab layout's blank cells are no separators)


def test_inner_text_whose_line_breaks_were_doubled_is_joined_with_its_offsets_kept():
    # (every line break doubled, the empty line after each left out by sections.single_spaced: the lines read
    # stand two characters apart, and a row joined over them keeps every character at its offset)
    rows = ["信息内容\t本年新制作数量\t本年新公开数量\t", "规章\t0\t1", "规范性文件\t\t37"]
    text = ("\n\n\n".join("\n\t\n".join(row.split("\t")).replace("\n\n", "\n") for row in rows) + "\n")
    doubled = text.replace("\n", "\n\n")
    lines, run = [], []
    for ln in lines_of(doubled):  # (a run of 2k + 1 empty lines keeps k, as single_spaced reads it)
        if ln.text:
            lines += [*run[:len(run) // 2], ln]
            run = []
        else:
            run.append(ln)
    joined = joined_at_tabs(lines)
    assert [ln.text.replace(" ", "") for ln in joined if ln.text] == rows
    assert all(ln.text == doubled[ln.start:ln.start + len(ln.text)].replace("\n", " ") for ln in joined)
