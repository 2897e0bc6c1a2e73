"""Reports as crawlers and converters save them: every layout family of the corpus and of the damaged
fixtures (``tests/fixtures/damaged``, made by ``make_damaged.py`` from labelled documents) is read at the
accuracy floor, and no wrong value reaches the dataset."""

from __future__ import annotations

import json

import pytest

import xxgk
from tests.conftest import FIXTURES, ROOT
from xxgk.evaluation.score import run_eval

DAMAGED = FIXTURES / "damaged"


@pytest.fixture(scope="module")
def damaged_eval():
    return run_eval(ROOT / "eval" / "gold", [ROOT / "eval" / "corpus", DAMAGED]).summary()


def test_the_corpus_is_read_at_the_floor_and_nothing_wrong_is_admitted(damaged_eval):
    corpus = [d for d in damaged_eval["per_document"] if d["document"].startswith(str(ROOT / "eval" / "corpus"))
              or "/eval/corpus/" in d["document"]]
    assert len(corpus) == 6  # 001–005 and 012; 010 and 011 have no tables to score
    fields = sum(d["fields"] for d in corpus)
    right = sum(d["fields"] * d["accuracy"] for d in corpus)
    assert right / fields >= 0.95
    assert damaged_eval["admitted_wrong"] == []


@pytest.mark.parametrize("family,floor", [("oneline", 0.97), ("oneline-sparse", 0.9), ("oneline-spaced", 0.99),
                                          ("fragment", 1.0), ("cr", 0.99), ("crawler", 1.0), ("pdf2md", 0.97),
                                          ("ocrmd", 0.99), ("text-browser", 0.99), ("pdftext-layout", 1.0), ("tsv", 1.0),
                                          ("pdftotext", 1.0), ("pdftotext-raw", 0.84),
                                          ("div-grid", 0.98), ("md-bold", 1.0), ("pdfium", 1.0), ("untitled", 1.0),
                                          ("docx2python", 1.0), ("menu-lines", 1.0), ("pandas", 1.0),
                                          ("front-matter", 1.0),
                                          ("ocr-lines", 0.95), ("ocr-rows", 0.94),
                                          ("pdftext-wide", 1.0), ("tables-after-text", 1.0), ("doubled-tabs", 1.0),
                                          ("gb2312-dash", 1.0), ("inner-text", 1.0), ("nodes-a-line", 0.99),
                                          ("empty-cells", 1.0), ("sorted-words", 1.0), ("lo-html", 1.0),
                                          ("page-spaced", 0.94),
                                          # (hzq2023's row whose numbers may stand above its label: ambiguous,
                                          # where reading the numbers below gave 2 wrong values and 5 zeros right)
                                          ("pdftext-plain", 0.96),
                                          ("md-html", 1.0), ("md-pipe", 1.0),
                                          ("ruled", 1.0), ("html2text", 1.0), ("beside", 0.99),
                                          ("pdfminer", 0.7), ("docx2txt", 1.0), ("pypdf", 0.99),
                                          ("python-docx", 1.0), ("pymupdf", 1.0), ("csv", 1.0),
                                          ("record", 0.99), ("get-text", 0.96),
                                          ("mojibake", 1.0), ("regex-strip", 0.95),
                                          ("report-list", 1.0), ("banner", 1.0),
                                          ("md-escaped", 1.0), ("mhtml", 1.0),
                                          ("rtf", 1.0), ("alt-chunk", 1.0),
                                          ("page-count", 1.0), ("escaped-markup", 1.0),
                                          ("escaped", 1.0), ("stream-merged", 0.95),
                                          ("radicals", 1.0),
                                          ("heading-rows", 0.94),
                                          ("label-dropped", 1.0), ("pandoc-quoted", 1.0),
                                          ("wiki", 1.0), ("org", 1.0), ("md-links", 1.0),
                                          ("glued-cell", 1.0), ("df-index", 1.0),
                                          ("displaced", 0.96),
                                          # (ps2ascii's squeezed gaps: rows with wrapped numbers refused)
                                          ("wrapped-digits", 0.91),
                                          ("col-names", 1.0), ("page-number", 1.0),
                                          # (003's row 四 prints six cells of seven: ambiguous, refused)
                                          ("blocks", 0.99), ("index-column", 1.0),
                                          ("annotated", 1.0), ("variant-words", 1.0),
                                          ("paren-headings", 1.0), ("xml-tables", 1.0),
                                          ("asciidoc", 1.0), ("word-html", 1.0),
                                          ("nested-spaced", 1.0), ("source-spaces", 1.0),
                                          ("zero-words", 1.0),
                                          ("gzip", 1.0), ("utf16", 1.0), ("nul-padded", 1.0), ("meta-words", 1.0),
                                          # (columns cut off the page: refused, the cells they held missing)
                                          ("clipped-columns", 0.84), ("stale-header", 1.0), ("sparse-layout", 1.0),
                                          # (v08's pdftotext: its stacked heading drifts from the numbers, refused)
                                          ("repeated-header", 0.95), ("joined-pages", 0.95), ("raised-column", 1.0),
                                          # (refused: table 二's wrapped halves leave its cells unread)
                                          ("wrapped-halves", 0.97),
                                          # (szfgs2024's tables broken at every span: refused, its title read)
                                          ("pymupdf-spans", 0.94),
                                          ("list-rows", 0.99),  # (szfgs2024's dump: no title, no year)
                                          ("doubled-breaks", 1.0), ("rstripped", 1.0),
                                          ("stripped", 1.0), ("no-empty-lines", 1.0),
                                          # (hzq2023: a row's numbers above its label, refused)
                                          ("stripped-layout", 0.98), ("amp-escaped", 1.0)])
def test_every_layout_family_is_read_at_its_floor(damaged_eval, family, floor):
    assert damaged_eval["by_layout_family"][family]["accuracy"] >= floor


def test_markup_fragments_are_read_as_html_whatever_their_extension():
    for name in ("000_5c96ff8a9c100224.fragment.html", "002_054d4c4d902c56e6.fragment.txt",
                 "v07_yjsthjt2022_html.fragment.txt"):
        r = xxgk.extract(DAMAGED / name)
        assert r.format == "html" and r.status in ("accepted", "flagged"), (name, r.reason)
    js = xxgk.extract(DAMAGED / "v07_yjsthjt2022_html.fragment.txt")  # markup inside a JavaScript string
    assert js.meta.agency == "云江省生态环境厅" and js.value("t4.review.total") == 10


def test_markdown_with_br_cells_is_not_taken_for_an_html_fragment():
    r = xxgk.extract(DAMAGED / "hzq2024_working.pdf2md.md")
    assert r.format == "txt" and r.t3.layout == "markdown" and r.value("t3.partial.total") == 9


@pytest.mark.parametrize("name", ["001_7b4b25fcf59f7d61.cr.txt", "003_ba0fe670444f6260.cr.txt",
                                  "004_9f0ed78e15ea2a92.cr.txt"])
def test_old_mac_line_ends_and_unicode_line_separators_read_like_lf(name):
    r = xxgk.extract(DAMAGED / name)
    assert r.t3.layout != "stream" and r.status in ("accepted", "flagged"), r.reason


def test_crawler_header_lines_give_title_and_agency():
    r = xxgk.extract(DAMAGED / "000_5c96ff8a9c100224.crawler.txt")
    assert (r.meta.agency, r.meta.year, r.meta.year_source) == ("宁海县农业农村局", 2019, "title")


def test_a_pdf_converted_to_markdown_with_detached_labels_is_placed_by_the_template_order():
    r = xxgk.extract("eval/corpus/012_shanghai_gov_office_2025_pdf2md.md")
    # the (五)5 row's label was printed elsewhere; its numbers stand where the template puts it
    assert [r.value(f"t3.other_overdue_correction.{c}") for c in ("natural_person", "legal_service", "total")] == [
        40, 2, 43]
    assert r.cell("t3.other_overdue_correction.total").placement == "inferred"
    assert any(n.code == "placed_by_template_order" for n in r.notes)
    assert [r.value(f"t4.litigation_after_review.{c}") for c in ("upheld", "other", "pending", "total")] == [
        6, 9, 7, 22]
    assert r.value("t2.fees.amount") == 0  # the page footer "— 4 —" inside the table is not a cell


def test_every_damaged_fixture_has_a_gold_file():
    from xxgk.evaluation.score import assign_documents

    stems = [p.stem for p in (ROOT / "eval" / "gold").glob("*.json")]
    docs = {p for p in DAMAGED.iterdir() if p.is_file() and p.name != "README.md"}
    assert len(docs) >= 29 and docs == {d for d, _ in assign_documents(stems, [DAMAGED])}


@pytest.mark.parametrize("pdf", ["hzq2024_working.pdf", "szfgs2024.pdf"])
def test_a_pdf_text_layer_flattened_onto_one_line_keeps_its_tables(pdf):
    """A PDF's text copied from a viewer onto one line, cells separated by single spaces, its page numbers
    ("- 4 -") left inside the table rows: table 三 reads as the gold, and no value differs from it."""
    import re

    import pypdfium2 as pdfium

    import xxgk

    doc = pdfium.PdfDocument(str(ROOT / "eval" / "reports" / pdf))
    flat = re.sub(r"\s+", " ", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    assert re.search(r" - [2-9] - ", flat)  # the page numbers do stand inside the line
    report = xxgk.extract_text(flat)
    gold = json.loads((ROOT / "eval" / "gold" / f"{pdf.rsplit('.', 1)[0]}.json").read_text(encoding="utf-8"))
    for key, value in report.values().items():
        t, row, col = key.split(".")
        if t == "t3":
            assert value == gold["t3"][row][col], key


def test_a_word_file_as_pipe_markdown_keeps_table_two_first_row_when_it_prints_nothing():
    # ``| 规章 |  |  |  |`` opens table 二 (after its caption and header rows): a row, all blank
    r = xxgk.extract(DAMAGED / "v02_jfljd2022_docx.md-pipe.md")
    assert r.status == "accepted" and r.t3.layout == "markdown"
    assert [r.cell(f"t2.rules.{c}").state for c in ("issued", "repealed", "in_force")] == ["blank"] * 3
    assert r.value("t2.normative_docs.in_force") == 0 and r.value("t3.granted.total") == 4


def test_html2text_s_information_box_row_names_the_agency_without_its_bars():
    r = xxgk.extract(DAMAGED / "v07_yjsthjt2022_html.html2text.md")
    assert r.meta.agency == "云江省生态环境厅" and r.value("t3.new_received.total") == 202


def test_w3m_box_drawn_tables_are_read_cell_by_cell():
    r = xxgk.extract(DAMAGED / "v07_yjsthjt2022_html.w3m.ruled.txt")
    assert r.t3.layout == "ruled" and r.status == "flagged"  # (the document's own S3 slip)
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "total")] == [143, 37, 202]
    assert r.value("t3.not_processed_duplicate.total") == 4 and r.value("t4.review.total") == 10


@pytest.mark.parametrize("name,key,value", [
    ("v02_jfljd2022_docx.libreoffice.plain.pdftotext.sparse-layout.txt", "t3.new_received.commercial", 1),
    ("v02_jfljd2022_docx.libreoffice.split-repeat.pdftotext.repeated-header.txt", "t3.granted.commercial", 1)])
def test_a_sparse_table_in_layout_text_is_read_by_the_columns_its_numbers_stand_in(name, key, value):
    r = xxgk.extract(DAMAGED / name)
    assert r.status == "accepted" and r.t3.layout == "columns", r.reason
    assert r.value(key) == value and r.value(key.rsplit(".", 1)[0] + ".research") is None
    cell = r.t3.cells[key.split(".")[1]][key.split(".")[2]]
    assert cell.placement == "inferred"  # (read by position: admitted only as its identities hold)
    assert any(n.code == "placed_by_column_position" and n.table == "t3" for n in r.notes)


@pytest.mark.parametrize("name", ["v02_jfljd2022_docx.libreoffice.split-repeat.pdfplumber.joined-pages.txt",
                                  "v02_jfljd2022_docx.libreoffice.split-repeat.pdftotext.joined-pages.txt"])
def test_a_heading_repeated_on_pages_joined_with_no_form_feed_is_no_label(name):
    # the page's end unmarked: the heading printed again mid-table starts a page, its words no row's label
    r = xxgk.extract(DAMAGED / name)
    assert r.status == "accepted", r.reason
    assert r.t3.cells["other_overdue_correction"]["total"].state == "blank"  # (found: its label whole)
    assert r.value("t3.total.natural_person") == 6 and r.value("t4.review.total") == 0


def test_a_text_whose_line_breaks_were_doubled_is_read_as_printed():
    # CR CR LF: 96 stood alone between empty lines, between two labelled rows, and was dropped as a page number
    # (行政强制 admitted blank); the lines are read single-spaced, and the cells keep the file's line numbers
    path = DAMAGED / "v06_btqzf2023_tab.doubled-breaks.txt"
    r = xxgk.extract(path)
    assert r.status == "flagged" and r.value("t2.coercion.decisions") == 96  # (flagged: v06's own O1 slip)
    assert any(n.code == "line_breaks_doubled" for n in r.notes)
    prov = r.t2.cells["coercion"]["decisions"].provenance
    lines = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert prov is not None and prov.line is not None and lines[prov.line - 1] == "\t96"
    assert r.sections["5"].line is not None and lines[r.sections["5"].line - 1].startswith("五、")
    for name in ("003_ba0fe670444f6260.doubled-breaks.txt",  # (its empty lines are cells: three each)
                 "v02_jfljd2022_docx.libreoffice.plain.pdftotext.doubled-breaks.txt"):  # (layout text, sparse)
        assert xxgk.extract(DAMAGED / name).status == "accepted", name


@pytest.mark.parametrize("stem", ["000_5c96ff8a9c100224", "002_054d4c4d902c56e6"])  # (002 flagged: its own O1)
@pytest.mark.parametrize("damage", ["rstripped", "stripped", "no-empty-lines"])
def test_blank_cells_whose_tabs_were_stripped_are_read_from_their_empty_lines(stem, damage):
    # rstripped: each blank cell an empty line, rows one empty line apart: 3 after its row's five blanks was
    # dropped as a page number, and the rows' numbers fell in no column; stripped: a cell a line, table 四's row
    # one line apart from its heading; no-empty-lines: the rows not apart, every blank before the last label
    # taken for a heading's filler (all rejected)
    name, status = f"{stem}.{damage}.txt", "accepted" if stem.startswith("000") else "flagged"
    r = xxgk.extract(DAMAGED / name)
    assert r.status == status, r.reason
    gold = json.loads((ROOT / "eval" / "gold" / f"{name.split('.')[0]}.json").read_text(encoding="utf-8"))
    for table in ("t3", "t4"):  # (every cell as the gold has it: the numbers, and the blanks blank)
        assert {f"{table}.{row}.{col}": r.value(f"{table}.{row}.{col}") for row, cols in gold[table].items()
                for col in cols} == {f"{table}.{row}.{col}": v for row, cols in gold[table].items()
                                     for col, v in cols.items()}
    assert r.t3.cells["new_received"]["commercial"].state == "blank" and r.value("t4.review.total") == 0
    assert damage == "no-empty-lines" or any(n.code == "empty_lines_as_cells" and n.table == "t3" for n in r.notes)


@pytest.mark.parametrize("name", ["v04_nzzrzy2023_pdf.libreoffice.font-fallback.pdfplumber.raised-column.txt",
                                  "v10_yjszf2021_pdf.libreoffice.split-rows.pdftotext.raised-column.txt"])
def test_totals_set_a_line_above_their_rows_go_to_the_row_below(name):
    # (the first total alone between the heading and the first row: it can only be that row's)
    r = xxgk.extract(DAMAGED / name)
    assert r.status == "accepted", r.reason
    first = {"v04": 456, "v10": 986}[name[:3]]
    assert r.value("t3.new_received.total") == first
    assert r.t3.cells["new_received"]["total"].placement == "inferred"  # (admitted as its identities hold)


@pytest.mark.parametrize("name", ["szfgs2024.libreoffice.plain.pdfplumber.wrapped-digits.txt",
                                  "szfgs2024.libreoffice.plain.pdftotext.wrapped-digits.txt"])
def test_numbers_wrapped_in_narrow_cells_are_read_whole_from_their_pieces(name):
    r = xxgk.extract(DAMAGED / name)
    assert r.status == "accepted", r.reason
    cell = r.t3.cells["new_received"]["natural_person"]
    assert (cell.value, cell.raw, cell.placement) == (3001, "300\n1", "inferred")
    assert r.value("t3.new_received.total") == 3119 and r.value("t4.review.other") == 178
    assert any(n.code == "wrapped_numbers_joined" and n.table == "t4" for n in r.notes)


@pytest.mark.parametrize("name,key", [
    ("001_7b4b25fcf59f7d61.libreoffice.t2-wrap-num.wrapped-halves.pdf", "t2.penalty"),
    ("001_7b4b25fcf59f7d61.libreoffice.t2-wrap-num.pdfplumber.wrapped-halves.txt", "t2.penalty"),
    ("v09_qxxzf2024_gbk.fromgold.libreoffice.t2-wrap-num-300.pdftotext.wrapped-halves.txt", "t2.normative_docs")])
def test_numbers_wrapped_in_table_two_are_never_read_from_one_half(name, key):
    # (helper-38: 30 printed 3 above 行政处罚 and 0 below had been read 0 / 0 / 0 and the report flagged; 11 and 63
    # printed 1 6 above 行政规范性文件 and 1 3 below, read 1 and 3)
    r = xxgk.extract(DAMAGED / name)
    assert r.status == "rejected"
    cells = r.t2.cells[key.split(".")[1]]
    assert all(c.value is None and c.state == "ambiguous" for c in cells.values())
    # (the PDF keeps its geometry reading: its cells print 3 / 0 in one, ambiguous)
    assert name.endswith(".pdf") or any(n.code == "wrapped_halves" and n.key == key for n in r.notes)


def test_numbers_placed_by_position_beside_a_blank_total_are_not_admitted():
    # 000 leaves its totals blank: 1 under 自然人 and nothing under 总计, which no identity can confirm (a page's
    # numbers drift from its heading: helper-32's narrow Chrome print of 003 put a 0 one column off)
    r = xxgk.extract(DAMAGED / "000_5c96ff8a9c100224.libreoffice.table-9pt.pdftotext.sparse-layout.txt")
    assert r.status == "rejected" and "total left blank" in r.reason
    assert r.value("t3.new_received.natural_person") == 1 and r.value("t3.new_received.total") is None


def test_wrapped_digits_squeezed_by_ps2ascii_are_never_dropped():
    # (helper-35: ps2ascii of a table whose 3-digit numbers wrap in narrow cells, gaps squeezed to one space: the
    # wrapped rest had been dropped with no note, 187 read as 18 and the report flagged with 4 wrong values)
    r = xxgk.extract(DAMAGED / "v06_btqzf2023_tab.libreoffice.wrap-num.ps2ascii.wrapped-digits.txt")
    assert r.status == "rejected"
    assert r.value("t3.new_received.natural_person") is None and r.value("t3.total.natural_person") is None
