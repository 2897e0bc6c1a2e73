"""The HTML reader on markup that is not a plain ``<table>``."""

from __future__ import annotations


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
