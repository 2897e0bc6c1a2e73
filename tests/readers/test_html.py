"""The HTML reader on markup that is not a plain ``<table>``."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES


def test_a_table_made_of_divs_and_spans_is_read_as_a_table_with_its_empty_cells():
    from xxgk.readers import read_bytes

    page = ("<html><body><div class='article'><p>二、主动公开政府信息情况</p><div>"
            "<div><span>信息内容</span><span>本年制发件数</span><span>本年废止件数</span><span>现行有效件数</span></div>"
            "<div><span>规章</span><span>1</span><span></span><span>5</span></div>"
            "<div><span>行政规范性文件</span><span>2</span><span>0</span><span>7</span></div>"
            "</div></div></body></html>").encode()
    doc = read_bytes(page, source="grid.html")
    assert "\t规章\n\t1\n\t\n\t5" in doc.text  # the empty span: a blank cell in the tab layout
    prose = ("<html><body><div><div><p>一</p><p>二</p></div><div><p>三</p><p>四</p></div>"
             "<div><p>5</p><p>6</p></div></div></body></html>").encode()
    assert "\t" not in read_bytes(prose, source="prose.html").text  # paragraphs in divs stay paragraphs


def test_a_body_of_paragraphs_and_tables_is_no_table_made_of_divs():
    # (LibreOffice's HTML of a Word file: <p> of <font> runs, then the <table>s; an empty cell <p><br/></p>)
    from xxgk.readers import read_bytes

    runs = "".join(f"<p><font>第{i}段</font><font>{i}</font></p>" for i in range(3))
    table = ("<table><tr><td><p>规章</p></td><td><p>1</p></td><td><p><br/></p></td><td><p>5</p></td></tr>"
             "<tr><td><p>行政规范性文件</p></td><td><p>2</p></td><td><p>0</p></td><td><p>7</p></td></tr></table>")
    doc = read_bytes(f"<html><body>{runs}{table}{runs}</body></html>".encode(), source="lo.html")
    assert "\t规章\n\t1\n\t\n\t5" in doc.text  # (the table's cells, its empty one a blank cell)


def test_xml_tables_are_read_as_html_tables():
    from xxgk.readers.html import xml_tables_as_html

    xml = ('<doc><main><head rend="h2">二、主动公开</head><table><row><cell>规章</cell><cell>0</cell></row></table>'
           "<p>a<lb/>b</p>")
    assert xml_tables_as_html(xml) == ('<doc><main><h2 rend="h2">二、主动公开</h2><table><tr><td>规章</td><td>0</td></tr>'
                                       '</table><p>a<br/>b</p>')
    page = "<html><head><title>x</title></head><body><table><row><cell>1</cell></row></table></body></html>"
    assert "<head><title>" in xml_tables_as_html(page)  # (an HTML page's own head stays)


@pytest.mark.parametrize("name", ["000_5c96ff8a9c100224.trafilatura.xml-tables.xml",
                                  "v07_yjsthjt2022_html.trafilatura.xml-tables.xml"])
def test_trafilatura_s_xml_reads_its_tables(name):
    # (read as text or as HTML it had no table: failed)
    r = xxgk.extract(FIXTURES / "damaged" / name)
    assert r.format == "html" and r.status in ("accepted", "flagged")
    assert r.t3.layout == "tab" and r.cell("t3.new_received.total").placement == "label"


def test_word_s_row_of_no_height_after_a_table_is_no_row():
    # (<![if !supportMisalignedColumns]><tr height=0><td style='border:none'></td>…: its empty cells had joined
    # the last row, 003's six blanks and 0 then 16 cells for 7, refused)
    r = xxgk.extract(FIXTURES / "damaged" / "003_ba0fe670444f6260.word-html.html")
    assert r.status == xxgk.Status.accepted and r.value("t3.carried_forward.total") == 0



def test_a_sidebar_of_the_sites_reports_between_title_and_content_gives_no_title():
    """A title that is a link's is another page's (a list of the site's reports, 上一篇/下一篇): the page's own
    title is the <h1> above it (the list's last item, 2017, had been taken for a 2019 report's title)."""
    from xxgk.readers import read_bytes

    items = "".join(f'<div class="item"><a href="/{y}/">宁州市交通运输局{y}年政府信息公开工作年度报告</a>'
                    f"<span>{y + 1}-01-20</span></div>" for y in (2019, 2018, 2017))
    content = ('<div class="content" id="zoom"><div class="TRS_Editor"><p>一、总体情况</p>'
               "<p>2019年，宁州市交通运输局坚持公开。</p><p>二、主动公开政府信息情况</p></div></div>")
    h1 = "<h1>宁州市交通运输局2019年政府信息公开工作年度报告</h1>"
    page = f'<html><body><div class="article">{h1}<div class="left">{items}</div>{content}</div></body></html>'
    first = read_bytes(page.encode(), source="p.html").text.splitlines()[0]
    assert first == "宁州市交通运输局2019年政府信息公开工作年度报告"
    for html in (page, page.replace(h1, "")):
        meta = xxgk.extract(html.encode()).meta
        assert (meta.agency, meta.year) == ("宁州市交通运输局", 2019)


def test_two_flex_rows_are_a_table_though_plain_div_rows_must_be_three():
    """秀米's tables (WeChat articles): rows ``<section style="display:flex">`` of ``<section>`` cells, one grid per
    block of table 二: 行政许可 | 8354 under its header is a grid of two rows. Divs that say nothing of a grid stay
    paragraphs under three rows (a page's two-column boxes)."""
    from xxgk.readers import read_bytes

    def grid(style: str) -> str:
        rows = [("信息内容", "本年处理决定数量"), ("行政许可", "8354")]
        return "".join(f'<section style="{style}">' + "".join(f"<section><p>{c}</p></section>" for c in row)
                       + "</section>" for row in rows)

    page = "<html><body><div class='article'><p>第二十条第（五）项</p><section>{}</section></div></body></html>"
    flex = read_bytes(page.format(grid("display: flex;flex-flow: row")).encode(), source="x.html").text
    assert "\t行政许可\n\t8354" in flex
    plain = read_bytes(page.format(grid("margin: 0")).encode(), source="x.html").text
    assert "\t" not in plain and "行政许可" in plain
