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
