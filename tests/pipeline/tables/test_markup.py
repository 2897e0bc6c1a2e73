"""Stage 1 for tables in a markup's own syntax (``markup``): MediaWiki (layout ``wiki``: pandoc's ``-t mediawiki``),
a row from one ``|-`` to the next, a cell a line, its attributes dropped, an empty cell ``|`` alone; AsciiDoc
(layout ``asciidoc``: pandoc's ``-t asciidoc``), a row's cells every cell its bars open."""

from __future__ import annotations

from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import detect_layout, tokenize
from xxgk.pipeline.tables.rows import assemble

TEXT = """{|
|width="31%"| 信息内容
|width="22%"| 本年制发件数
|width="22%"| 本年废止件数
|width="25%"| 现行有效件数
|-
| 规章
|
| 0
| 5
|-
| 行政规范性文件 || 3 || 1 || 12
|}
"""


def test_mediawiki_rows_are_the_lines_between_row_marks():
    lines = lines_of(TEXT)
    assert detect_layout(lines) == "wiki"
    rows = [("/".join(t.text for t in r.fragments), [t.text or "·" for t in r.values])
            for r in assemble(tokenize(lines, "wiki"))]
    assert rows[-2][0].endswith("规章") and rows[-2][1] == ["·", "0", "5"]
    assert rows[-1] == ("行政规范性文件", ["3", "1", "12"])
    five = next(t for r in assemble(tokenize(lines, "wiki")) for t in r.values if t.text == "5")
    assert TEXT[five.start:five.end] == "5"
    # no attribute is read as a label, no row mark as a not-applicable cell
    assert not any("width" in t.text or t.text == "-" for t in tokenize(lines, "wiki"))


def test_a_section_that_starts_inside_a_table_is_wiki_when_the_table_closes_in_it():
    body = "\n".join(TEXT.splitlines()[5:]) + "\n"  # (from the first |- on: the {| stood above the heading)
    assert detect_layout(lines_of(body)) == "wiki"
    assert detect_layout(lines_of("| 规章 | 0 | 5 |\n| 行政规范性文件 | 3 | 1 |\n")) != "wiki"


def test_asciidoc_rows_are_every_cell_their_bars_open_until_the_column_count():
    from xxgk.pipeline.tables.markup import tokenize_asciidoc

    text = ('[width="100%",cols="40%,20%,20%,20%",options="header",]\n|===\n'
            "|信息内容 |本年制发件数 |本年废止件数 |现行有效件数\n\n|规章 |0 | |\n\n|规范性文件 |1\n|2 |3\n|===\n")
    rows = assemble(tokenize_asciidoc(lines_of(text)))
    assert [[t.text for t in r.values] for r in rows] == [["0", "", ""], ["1", "2", "3"]]
    assert [t.from_end for t in rows[0].values] == [2, 1, 0]
    assert detect_layout(lines_of(text)) == "asciidoc"
