"""The same report in every format extracts to the same canonical values (one gold file per report)."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES, GOLD
from xxgk.evaluation.gold import compare, load_gold

FORMATS = sorted(p for p in (FIXTURES / "formats").iterdir()
                 if p.suffix in (".html", ".txt", ".docx", ".doc", ".pdf") and not p.name.startswith("template_"))


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_every_format_matches_the_gold(path):
    stem = path.name.split(".")[0]
    report = xxgk.extract(path)
    if not (GOLD / f"{stem}.json").exists():  # a real report known by another format only: same values
        from tests.conftest import REPORTS

        assert report.values() == xxgk.extract(REPORTS / f"{stem}.pdf").values()
        return
    gold = load_gold(GOLD / f"{stem}.json")
    assert report.format == path.suffix[1:]
    _, diffs = compare(report, gold)
    assert [str(d) for d in diffs] == []
    assert report.status.value == gold["expect"]["status"]


def test_html_encoding_is_reported():
    assert "declared" in xxgk.extract(FIXTURES / "formats" / "001_7b4b25fcf59f7d61.gbk.html").encoding
    undeclared = xxgk.extract(FIXTURES / "formats" / "001_7b4b25fcf59f7d61.gbk-undeclared.html")
    assert "detected" in undeclared.encoding and undeclared.meta.agency == "宁河镇"


def test_html_provenance_names_table_row_and_grid_cell():
    r = xxgk.extract(FIXTURES / "formats" / "001_7b4b25fcf59f7d61.utf8.html")
    p = r.cell("t3.total.total").provenance
    assert (p.table, p.cell) == (1, 8)  # second table; grid column 8: 三、 (rowspan), （七）总计, 7 values
    assert r.cell("t3.total.total").raw == "0"
    # navigation, footer and scripts are not part of the report
    assert "首页" not in r.sections["1"].text and "ICP" not in r.sections["6"].text


def test_empty_official_template_docx_is_failed_not_zeros():
    r = xxgk.extract(FIXTURES / "formats" / "template_2021_empty_all_blank.docx")
    assert r.format == "docx" and r.meta.template == "2021" and r.t3.template == "2021"
    assert r.status == xxgk.Status.failed and "every cell blank" in r.reason
    assert len(r.values()) == 10 + 25 * 7 + 15 and set(r.values().values()) == {None}
    p = r.cell("t3.total.total").provenance
    assert (p.table, p.row, p.cell) == (1, 26, 9)  # the real template's grid: 3 label + 7 value columns


def test_traditional_characters_are_matched_and_kept_as_printed():
    r = xxgk.extract(FIXTURES / "formats" / "001_7b4b25fcf59f7d61.traditional.txt")
    assert any(n.code == "traditional_converted" for n in r.notes)
    assert r.meta.agency == "宁河镇"  # matched on the simplified form
    assert r.sections["6"].text.startswith("2020年寧河鎮")  # narratives keep the original characters
    assert not any(n.code == "fuzzy_label" for n in r.notes)


def test_every_seed_is_in_every_format():
    from tests.conftest import SEEDS

    have: dict[str, set[str]] = {}
    for p in FORMATS:
        have.setdefault(p.name.split(".")[0], set()).add(p.suffix)
    for stem in SEEDS:
        assert {".html", ".docx", ".pdf"} <= have.get(stem, set()), stem


def test_markup_stored_html_escaped_reads_as_the_page():
    from pathlib import Path

    import xxgk

    root = Path(__file__).resolve().parents[2]
    escaped = xxgk.extract_file(root / "tests/fixtures/damaged/003_ba0fe670444f6260.escaped-markup.txt")
    page = xxgk.extract_file(root / "tests/fixtures/formats/003_ba0fe670444f6260.fromgold.html")
    assert escaped.values() == page.values() and any(n.code == "escaped_markup" for n in escaped.notes)
    # a text that mentions a tag or two, escaped, stays text
    from xxgk.readers import read_bytes

    doc = read_bytes("一、总体情况\n网页中的&lt;p&gt;标签与&lt;br&gt;换行。\n".encode(), "t.txt")
    assert doc.format == "txt" and "&lt;p&gt;" in doc.text
