"""Word .docx laid out inside a table: a frame around the whole report (a one-cell table, as templates with
a border and pages pasted from the web make it), its tables nested in the frame's cell."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import xxgk
from tests.conftest import FIXTURES, GOLD, REPORTS
from xxgk.evaluation.gold import compare, load_gold

_SIDEBAR = "<w:tc><w:p><w:r><w:t>首页</w:t></w:r></w:p><w:p><w:r><w:t>信息公开目录</w:t></w:r></w:p></w:tc>"


def in_a_frame(path: Path, sidebar: bool = False) -> bytes:
    """The .docx with its whole body moved into the one cell of a table (the section properties stay); with
    ``sidebar``, a cell of menu lines before it."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.index("<w:body>") + len("<w:body>")
                end = xml.rfind("<w:sectPr")
                xml = (xml[:start] + '<w:tbl><w:tblPr><w:tblBorders/></w:tblPr><w:tr>' + (_SIDEBAR if sidebar else "")
                       + '<w:tc><w:tcPr/>'
                       + xml[start:end] + "<w:p/></w:tc></w:tr></w:tbl>" + xml[end:])
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("path", [FIXTURES / "formats" / "000_5c96ff8a9c100224.docx",
                                  REPORTS / "v02_jfljd2022_docx.docx", REPORTS / "v08_qxrsj2020_docx.docx",
                                  FIXTURES / "formats" / "szfgs2024.docx"], ids=lambda p: p.name)
def test_a_report_inside_a_frame_table_reads_as_without_it(path):
    # before: the frame's cell was read as text, its nested tables as lines of words: blank cells lost
    framed = xxgk.extract(in_a_frame(path))
    plain = xxgk.extract(path)
    _, diffs = compare(framed, load_gold(GOLD / f"{path.name.split('.')[0]}.json"))
    assert [str(d) for d in diffs if d.outcome != "extra"] == []
    assert framed.status == plain.status and framed.values() == plain.values()
    assert framed.t3.layout == "tab"


def test_a_sidebar_beside_the_report_gives_no_agency_of_its_menu_lines():
    path = FIXTURES / "formats" / "000_5c96ff8a9c100224.docx"
    framed = xxgk.extract(in_a_frame(path, sidebar=True))
    assert framed.values() == xxgk.extract(path).values()
    assert framed.meta.agency is None and framed.meta.title == "政府信息公开工作年度报告"


def test_a_word_file_whose_body_is_an_embedded_page_reads_as_the_page():
    """html-docx-js ("export to Word"): document.xml holds only a w:altChunk, the page is word/afchunk.mht."""
    root = Path(__file__).resolve().parents[2]
    for stem, page in (("002_054d4c4d902c56e6", root / "tests/fixtures/formats/002_054d4c4d902c56e6.utf8.html"),
                       ("v07_yjsthjt2022_html", root / "eval/reports/v07_yjsthjt2022_html.html")):
        word = xxgk.extract_file(root / "tests/fixtures/damaged" / f"{stem}.alt-chunk.docx")
        assert word.format == "docx" and any(n.code == "docx_alt_chunk" for n in word.notes)
        assert word.values() == xxgk.extract_file(page).values()
