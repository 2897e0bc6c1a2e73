"""PDF with a text layer through the same parsers; scans, encryption and damage reported clearly."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES, REPORTS
from xxgk.core.errors import InputError, NotAReportError
from xxgk.readers.ocr.settings import OcrSettings


def test_real_pdf_extracts_like_its_text_layer_with_pages_in_provenance():
    pdf = xxgk.extract(REPORTS / "hzq2023_working.pdf")
    txt = xxgk.extract(FIXTURES / "pdftext_hzq2023_mixed_template_t4_totals_zero.txt")
    assert pdf.format == "pdf" and pdf.status == xxgk.Status.flagged
    assert pdf.values() == txt.values()
    prov = pdf.cell("t4.review.upheld").provenance
    assert prov.page == 4 and pdf.cell("t2.rules.issued").provenance.page == 2


def test_scanned_pdf_with_ocr_off_fails_with_needs_ocr_and_no_values():
    r = xxgk.extract(FIXTURES / "bad" / "scanned_no_text_layer.pdf", ocr=OcrSettings(enabled=False))
    assert r.status == xxgk.Status.failed and r.reason.startswith("needs OCR: the PDF has no text layer")
    assert "OCR is off" in r.reason
    assert r.values() == {}


def test_scanned_pdf_without_the_engine_names_the_extra(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "rapidocr_onnxruntime"
                        else real(name, *a))
    r = xxgk.extract(FIXTURES / "bad" / "scanned_no_text_layer.pdf")
    assert r.status == xxgk.Status.failed and "pip install 'xxgk[ocr]'" in r.reason


def _one_page(picture: float | None, *, text: str = "", mode: int = 0, text_first: bool = False) -> bytes:
    """A 1-page PDF: a white picture covering ``picture`` of the page's area (or none), and ``text`` drawn in
    render mode ``mode``, before the picture when ``text_first``."""
    import ctypes
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import Image

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(600, 800)
    objs = []
    if text:
        obj = raw.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 10.0)
        chars = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(chars, ctypes.POINTER(ctypes.c_ushort)))
        raw.FPDFTextObj_SetTextRenderMode(obj, mode)
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 40, 700)
        objs.append(("text", obj))
    if picture is not None:
        img = pdfium.PdfImage.new(doc)
        img.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("RGB", (60, 80), "white")))
        side = picture ** 0.5
        img.set_matrix(pdfium.PdfMatrix().scale(600 * side, 800 * side))
        objs.insert(len(objs) if text_first else 0, ("image", img))
    for kind, obj in objs:
        if kind == "text":
            raw.FPDFPage_InsertObject(page.raw, obj)
        else:
            page.insert_obj(obj)
    page.gen_content()
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


@pytest.mark.parametrize(("picture", "mode", "text_first", "hidden"), [
    (1.0, 3, False, True),  # invisible text over a scan: ocrmypdf, Tesseract, Acrobat
    (1.0, 7, False, True),  # clipping-only text: paints nothing either
    (1.0, 0, True, True),  # visible text under the page's picture: ABBYY's text under the image
    (1.0, 0, False, False),  # a page-size background picture under the printed text: print
    (0.3, 3, False, False),  # invisible text beside a small picture: no scan
    (None, 3, False, False),  # invisible text and no picture
    (None, 0, False, False),  # an ordinary text page
])
def test_text_an_ocr_hid_behind_a_page_picture_is_told_from_print(picture, mode, text_first, hidden):
    import pypdfium2 as pdfium

    from xxgk.readers.pdf import _hidden_text

    doc = pdfium.PdfDocument(_one_page(picture, text="total 12 34 56 and some more words", mode=mode,
                                       text_first=text_first))
    assert _hidden_text(doc[0], pdfium) is hidden
    doc.close()


def test_a_scan_with_an_ocr_layer_and_ocr_off_fails_naming_the_layer(tmp_path):
    path = tmp_path / "layered.pdf"
    path.write_bytes(_one_page(1.0, text="一 、 总 体 情 况 2024 total 12 34 56 and some more words", mode=3))
    r = xxgk.extract(path, ocr=OcrSettings(enabled=False))
    assert r.status == xxgk.Status.failed and r.values() == {}
    assert r.reason.startswith("needs OCR: the text of every page is an OCR's invisible layer over the page's "
                               "picture, not the print") and "OCR is off" in r.reason


def test_scanned_pdf_that_is_no_report_is_read_by_ocr_and_refused():
    with pytest.raises(NotAReportError):  # the page says "scan", nothing else
        xxgk.extract(FIXTURES / "bad" / "scanned_no_text_layer.pdf")


@pytest.mark.parametrize(("name", "code"), [("encrypted_password.pdf", "encrypted"),
                                            ("truncated_download.pdf", "corrupt")])
def test_unreadable_pdfs(name, code):
    with pytest.raises(InputError) as info:
        xxgk.extract(FIXTURES / "bad" / name)
    assert info.value.code == code and name in str(info.value)


def test_format_is_sniffed_not_taken_from_the_extension():
    r = xxgk.extract(FIXTURES / "bad" / "text_report_named_pdf.pdf")
    assert r.format == "txt" and r.status == xxgk.Status.accepted


@pytest.mark.parametrize("name", ["hzq2023_working.pdf", "hzq2024_working.pdf", "szfgs2024.pdf"])
def test_table_geometry_reads_the_real_pdfs_like_their_text_layer(name):
    from xxgk.pipeline.extract import _extract
    from xxgk.pipeline.tables import DEFAULT_SETTINGS
    from xxgk.readers.pdf import read_pdf_geometry

    doc = read_pdf_geometry((REPORTS / name).read_bytes())
    geometry = _extract(doc, name, None, DEFAULT_SETTINGS)
    assert geometry.values() == xxgk.extract(REPORTS / name).values()


def test_blank_cells_lost_by_the_text_layer_are_recovered_from_the_geometry():
    """Seed 000 rendered to PDF by LibreOffice: most cells are blank, the text layer prints nothing for
    them, a table row breaks across a page ("5.属于三类内部事" / "务信息")."""
    r = xxgk.extract(FIXTURES / "formats" / "000_5c96ff8a9c100224.pdf")
    assert any(n.code == "read_by_geometry" for n in r.notes) and r.reading == "geometry"
    assert r.status == xxgk.Status.accepted
    assert r.value("t3.denied_internal.total") is None and r.cell("t3.denied_internal.total").state == "blank"
    assert r.cell("t3.new_received.natural_person").provenance.page is not None


@pytest.mark.parametrize("stem", ["hzq2023_working", "hzq2024_working", "szfgs2024"])
def test_real_pdfs_match_their_hand_made_gold(stem):
    from tests.conftest import GOLD
    from xxgk.evaluation.gold import check_labels, compare, load_gold

    gold = load_gold(GOLD / f"{stem}.json")
    report = xxgk.extract(REPORTS / f"{stem}.pdf")
    _, diffs = compare(report, gold)
    assert [str(d) for d in diffs] == []
    failures, warnings = check_labels(report)
    assert report.status.value == gold["expect"]["status"]
    assert sorted(failures) == sorted(gold["expect"]["hard_failures"])
    assert sorted(warnings) == sorted(gold["expect"]["warnings"])


def test_a_pdf_whose_numbers_wrap_in_narrow_cells_is_read_from_its_layout_text():
    # (szfgs2024's own Word file through LibreOffice: 3001 prints 300 above its row's line and 1 below; the text
    # layer's reading order and the geometry's cells leave the report refused)
    r = xxgk.extract(FIXTURES / "damaged" / "szfgs2024.libreoffice.plain.wrapped-digits.pdf")
    assert r.status == "accepted" and r.reading == "layout", r.reason
    assert any(n.code == "read_by_layout" for n in r.notes)
    cell = r.t3.cells["new_received"]["natural_person"]
    assert (cell.value, cell.raw, cell.placement) == (3001, "300\n1", "inferred")


def test_the_layout_reading_keeps_each_page_after_a_form_feed():
    from xxgk.readers.pdf import read_pdf_layout

    doc = read_pdf_layout((REPORTS / "hzq2024_working.pdf").read_bytes())
    assert doc is not None and len(doc.page_starts) == doc.text.count("\f") + 1 > 1
    assert all(doc.text[start - 1] == "\f" for start in doc.page_starts[1:])


def test_a_pdf_read_well_by_its_text_layer_keeps_that_reading():
    r = xxgk.extract(REPORTS / "hzq2024_working.pdf")
    assert r.reading == "text" and not any(n.code == "read_by_layout" for n in r.notes)


def test_offsets_of_a_report_read_from_the_layout_text_point_into_that_text():
    from xxgk.batch.llm_pass import document_text

    path = FIXTURES / "damaged" / "szfgs2024.libreoffice.plain.wrapped-digits.pdf"
    r = xxgk.extract(path)
    text = document_text(path, str(path), r)
    prov = r.t3.cells["new_received"]["total"].provenance
    assert prov is not None and text[prov.start:prov.end].split()[0] == "311" and text[prov.end - 1] == "9"
