"""A report saved as its string literal (``readers.escaped``): the text it holds is read."""

from __future__ import annotations

import json

import xxgk
from tests.conftest import FIXTURES, ROOT
from xxgk.readers import read_bytes
from xxgk.readers.escaped import escaped_text, string_literal, unescape

SEED = ROOT / "eval" / "reports" / "003_ba0fe670444f6260.txt"


def test_a_json_string_of_the_text_reads_as_the_text():
    text = SEED.read_text(encoding="utf-8")
    for dumped in (json.dumps(text), json.dumps(text, ensure_ascii=False)):
        doc = read_bytes(dumped.encode("utf-8"))
        assert doc.text == text and ("escaped_text" in [code for code, _ in doc.notes])


def test_a_python_repr_reads_as_the_text():
    text = "一、总体情况\n'引号' \u3000\xa0\t12\n" * 3
    assert string_literal(repr(text)) == text


def test_line_breaks_as_escapes_are_undone_left_to_right():
    assert unescape(r"a\\nb\nc\t\u653f\u5e9c\x41\"") == "a\\nb\nc\t政府A\""
    assert unescape(r"\ud83d\ude00") == "\U0001f600"  # (a surrogate pair: one character)
    escaped = "\\n".join(f"第{i}行\\t{i}" for i in range(12))
    assert escaped_text(escaped) == "\n".join(f"第{i}行\t{i}" for i in range(12))


def test_text_with_real_line_breaks_or_markdown_escapes_is_left_as_it_is():
    assert escaped_text("一行\n" * 20 + r"C:\new\report\n" * 3) is None  # (a few escapes among real lines)
    assert escaped_text(r"\+38 1\.属于国家秘密 542\.16" * 20) is None  # (Markdown's, no string escapes)
    assert string_literal('"一、总体情况"\n"二、主动公开"') is None  # (two quoted lines: no one literal)
    assert string_literal('"not closed') is None


def test_the_escaped_fixtures_read_as_their_originals():
    v06 = xxgk.extract(FIXTURES / "damaged" / "v06_btqzf2023_tab.escaped.txt")
    original = xxgk.extract(ROOT / "eval" / "reports" / "v06_btqzf2023_tab.txt")
    assert v06.status == original.status == "flagged" and v06.value("t3.new_received.natural_person") == 187
    assert [(k, c.value) for t in (v06.t2, v06.t3, v06.t4) for k, c in t.iter_cells()] == [
        (k, c.value) for t in (original.t2, original.t3, original.t4) for k, c in t.iter_cells()]
    assert any(n.code == "escaped_text" for n in v06.notes)
    v05 = xxgk.extract(FIXTURES / "damaged" / "v05_qxwjj2021_pipe.escaped.json")  # (a record's body escaped twice)
    assert v05.format == "json" and v05.status == "accepted" and v05.t2.layout == "pipe"
    assert {n.code for n in v05.notes} >= {"escaped_text", "json_record"}
    page = xxgk.extract(FIXTURES / "damaged" / "v01_nzjtj2019_html.escaped.html")  # (a page as a JSON string)
    assert page.format == "html" and page.meta.agency == "宁州市交通运输局"
