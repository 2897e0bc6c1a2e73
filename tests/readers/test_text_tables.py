"""Text with HTML tables in it (Markdown from layout / vision-model PDF converters): the stages of
``readers.text_tables`` and the file read end to end."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES
from xxgk.readers import read_bytes
from xxgk.readers.text_tables import embedded_tables, read_text_tables, table_spans

DAMAGED = FIXTURES / "damaged"
PROSE = "\n\n".join(["# 某某局2023年政府信息公开工作年度报告", "# 一、总体情况", "本年度我局……", "（一）主动公开。",
                     "# 二、主动公开政府信息情况", "第二十条第（一）项"])
TABLE = ('<html><body><table><tr><td rowspan="2">信息内容</td><td colspan="2">本年</td></tr>'
         "<tr><td>新制发</td><td>废止</td></tr><tr><td>规章</td><td>1</td><td></td></tr></table></body></html>")


def test_table_spans_are_the_outermost_tables_and_an_unclosed_one_runs_to_the_end():
    text = "a<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>b<TABLE border=1><tr><td>y"
    spans = table_spans(text)
    assert [text[a:z][:8] for a, z in spans] == ["<table><", "<TABLE b"]
    assert spans[0][1] == text.index("b<TABLE") and spans[1][1] == len(text)


def test_prose_lines_with_tables_are_text_with_tables():
    text = f"{PROSE}\n\n{TABLE}\n\n三、收到和处理政府信息公开申请情况\n"
    assert embedded_tables(text) == [(text.index("<html>") + len("<html><body>"), text.index("</body>"))]


def test_an_html_fragment_or_page_is_not_text_with_tables():
    fragment = "\n".join(f"<p>{line}</p>" for line in PROSE.split("\n\n")) + "\n" + TABLE
    assert embedded_tables(fragment) is None
    assert embedded_tables(f"{TABLE}\n就一行字\n") is None  # too little text outside the table to tell
    assert embedded_tables(PROSE) is None  # no table at all


def test_inline_tags_in_prose_do_not_make_it_markup():
    prose = PROSE.replace("本年度我局……", "本年度<sup>1</sup>我局<br>……<span id=\"page-2\"></span>")
    assert embedded_tables(f"{prose}\n{TABLE}") is not None


def test_the_rendering_keeps_prose_lines_and_puts_the_table_on_its_grid():
    text = f"{TABLE}\n\n{PROSE}\n"  # the table first: a browser's parser would drop all that follows </html>
    doc = read_text_tables(text, embedded_tables(text) or [], "utf-8")
    assert doc.text.split("\n")[:9] == ["", "\t信息内容", "\t本年", "", "\t新制发", "\t废止", "", "\t规章", "\t1"]
    assert "# 一、总体情况\n本年度我局……\n" in doc.text
    assert [(c.row, c.cell) for c in doc.cells] == [(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
    assert doc.notes == [("html_tables_in_text", "1 HTML table(s) in the text read as grids")]


def test_a_file_that_starts_with_a_wrapped_table_is_read_whole():
    data = f"{TABLE}\n\n{PROSE}\n".encode()
    doc = read_bytes(data)
    assert doc.format == "txt" and "第二十条第（一）项" in doc.text


def test_a_converted_report_whose_title_is_a_table_is_read():
    # seed 000's page prints its title in a table: the Markdown opens with <html><body><table>; read as a
    # web page, everything after the first </html> was lost (not a report)
    r = xxgk.extract(DAMAGED / "000_5c96ff8a9c100224.md-html.md")
    assert r.status == "accepted" and r.t3.layout == "tab"
    assert r.value("t2.rules.new_published") == 1 and r.value("t2.coercion.change") == -4
    assert r.cell("t3.granted.natural_person").provenance.table == 2
    assert any(n.code == "html_tables_in_text" for n in r.notes)
