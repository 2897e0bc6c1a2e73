"""PDF with a text layer through the same parsers; scans, encryption and damage reported clearly."""

from __future__ import annotations

import pytest

import xxgk
from xxgk.exceptions import InputError

from .conftest import FIXTURES, REPORTS


def test_real_pdf_extracts_like_its_text_layer_with_pages_in_provenance():
    pdf = xxgk.extract(REPORTS / "hzq2023_working.pdf")
    txt = xxgk.extract(FIXTURES / "pdftext_hzq2023_mixed_template_t4_totals_zero.txt")
    assert pdf.format == "pdf" and pdf.status == xxgk.Status.flagged
    assert pdf.values() == txt.values()
    prov = pdf.cell("t4.review.upheld").provenance
    assert prov.page == 4 and pdf.cell("t2.rules.issued").provenance.page == 2


def test_scanned_pdf_fails_with_needs_ocr_and_no_values():
    r = xxgk.extract(FIXTURES / "bad" / "scanned_no_text_layer.pdf")
    assert r.status == xxgk.Status.failed and r.reason.startswith("needs OCR")
    assert r.values() == {}


@pytest.mark.parametrize(("name", "code"), [("encrypted_password.pdf", "encrypted"),
                                            ("truncated_download.pdf", "corrupt")])
def test_unreadable_pdfs(name, code):
    with pytest.raises(InputError) as info:
        xxgk.extract(FIXTURES / "bad" / name)
    assert info.value.code == code and name in str(info.value)


def test_format_is_sniffed_not_taken_from_the_extension():
    r = xxgk.extract(FIXTURES / "bad" / "text_report_named_pdf.pdf")
    assert r.format == "txt" and r.status == xxgk.Status.accepted
