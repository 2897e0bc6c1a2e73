"""Stage 1 for ruled tables (``ruled.tokenize_ruled``): box drawing read as ASCII, a row as the block of lines
between rules, a cell as its column's text joined over the block's lines."""

from __future__ import annotations

import xxgk
from tests.conftest import FIXTURES
from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import detect_layout, without_filler
from xxgk.pipeline.tables.rows import assemble
from xxgk.pipeline.tables.ruled import as_ascii, is_rule, is_ruled, tokenize_ruled

W3M = """\
├────────┼──────────────┼───┼───┤
│        │4.保护第三方  │ 6 │ 6 │
│        │合法权益      │   │   │
│（五）不│              ├───┼───┤
│        │1.信访举报投诉│ 5 │ 5 │
│        │类申请        │   │   │
├────────┴──────────────┼───┼───┤
│  二、上年结转         │ 0 │   │
└───────────────────────┴───┴───┘"""


def _rows(text: str) -> list[tuple[list[str], list[str]]]:
    rows = assemble(without_filler(tokenize_ruled(as_ascii(lines_of(text)))))
    return [([f.text for f in r.fragments], [v.text for v in r.values]) for r in rows]


def test_box_drawing_is_read_as_an_ascii_grid_with_the_same_offsets():
    (line,) = as_ascii(lines_of("├───┼───┤"))
    assert line.text == "+---+---+" and is_rule(line.text)
    assert is_ruled(as_ascii(lines_of(W3M)))


def test_a_row_is_the_block_between_rules_and_a_wrapped_label_is_joined():
    rows = _rows(W3M)
    assert rows[0] == (["4.保护第三方合法权益"], ["6", "6"])
    # the merged cell's text beside a partial rule is label text before the next row's own label
    assert rows[1] == (["（五）不", "1.信访举报投诉类申请"], ["5", "5"])
    assert rows[2] == (["二、上年结转"], ["0", ""])


def test_a_value_token_points_at_its_digits_in_the_document():
    text = "+---+---+\n| a | 12 |\n+---+---+"
    (tok,) = [t for t in tokenize_ruled(lines_of(text)) if t.text == "12"]
    assert text[tok.start : tok.end] == "12"


def test_a_markdown_table_is_not_ruled():
    md = "| 规章 | 0 |\n| --- | --- |\n| 行政规范性文件 | 1 |\n| 行政许可 | 2 |"
    assert not is_rule("| --- | --- |") and not is_ruled(lines_of(md))


def test_a_w3m_dump_of_a_sparse_page_and_pandoc_grid_tables_read_every_cell():
    r = xxgk.extract(FIXTURES / "damaged" / "002_054d4c4d902c56e6.w3m.ruled.txt")
    assert r.t3.layout == "ruled" and r.status == "flagged"  # (the document's own O1 slip)
    assert r.value("t3.denied_admin_query.natural_person") == 1 and r.cell("t3.partial.total").state == "blank"
    r = xxgk.extract(FIXTURES / "damaged" / "v02_jfljd2022_docx.pandoc.ruled.txt")
    assert r.t3.layout == "ruled" and r.status == "accepted"


def test_an_org_table_ruled_under_its_header_only_is_a_pipe_table():
    org = ("| 第二十条第（一）项 |          |          |                |\n"
           "|--------------------+----------+----------+----------------|\n"
           "| 信息内容           | 本年新   | 本年新   | 对外公开总数量 |\n"
           "| 规章               | 0        | 1        | 11             |\n"
           "| 第二十条第（五）项   |                |           |              |\n"
           "|----------------------+----------------+-----------+--------------|\n"
           "| 行政许可             | 0              | 0         | 0            |\n")
    lines = lines_of(org)
    assert not is_ruled(lines) and detect_layout(lines) == "markdown"
