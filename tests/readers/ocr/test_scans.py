"""The floor of OCR: image-only copies of the three real sample PDFs (rendered at 150 dpi, turned by under a
degree, blurred, no text layer) extract to the sample PDFs' gold, and no wrong value is admitted. Also
as image files: a multi-page TIFF, and a single page saved as PNG."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import xxgk
from tests.conftest import GOLD
from tests.readers.ocr.scans import (
    ANGLES,
    OTHERS,
    ROOT,
    SAMPLES,
    html_with_table_images,
    image_only_pdf,
    multipage_tiff,
    scanned_pages,
    text_chars,
    with_text_layer,
)
from xxgk.core.model import Report, Status
from xxgk.evaluation.gold import compare, load_gold

pytest.importorskip("rapidocr_onnxruntime")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    out = {}
    for name, src in SAMPLES.items():
        data = image_only_pdf(scanned_pages(src, ANGLES[name]))
        assert text_chars(data) == 0
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(data)
    return out


@pytest.fixture(scope="module")
def reports(scans) -> dict[str, Report]:
    return {name: xxgk.extract_file(path) for name, path in scans.items()}


def _score(report: Report, name: str) -> tuple[int, list]:
    n, diffs = compare(report, load_gold(GOLD / f"{name}.json"))
    return n, [d for d in diffs if d.outcome != "extra"]


def test_image_only_copies_of_the_samples_extract_to_their_gold(reports):
    total = right = 0
    for name, report in reports.items():
        n, diffs = _score(report, name)
        total, right = total + n, right + n - len(diffs)
        admitted = report.status in (Status.accepted, Status.flagged)
        wrong = [d for d in diffs if d.outcome in ("wrong", "spurious")]
        assert not (admitted and wrong), f"{name}: admitted with wrong values {wrong}"
    assert total > 550 and right / total >= 0.99, f"{right}/{total}"


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_scans_of_reports_ruled_in_light_gray_extract_to_their_gold(tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(image_only_pdf(scanned_pages(ROOT / "eval" / "reports" / path.name, OTHERS[name])))
    report = xxgk.extract_file(path)
    n, diffs = _score(report, name)
    assert n > 200 and diffs == [] and report.status == Status.accepted, diffs[:5]


def test_ocr_cells_carry_producer_confidence_page_and_box(reports):
    report = reports["hzq2024_working"]
    assert report.status == Status.accepted
    cell = report.cell("t3.new_received.natural_person")
    assert cell.value == 95 and cell.producer == "ocr" and 0.8 <= cell.confidence <= 1.0
    prov = cell.provenance
    assert prov.page == 3 and prov.box is not None
    x0, y0, x1, y1 = prov.box  # PDF points on a page of 595 x 842 (the turned page is a little larger)
    assert 0 < x0 < x1 < 620 and 0 < y0 < y1 < 870
    assert any(n.code == "ocr" and "read by OCR at 150 dpi" in n.message for n in report.notes)


def test_a_report_whose_ocr_cells_fail_an_identity_is_rejected_not_flagged(reports):
    # hzq2023 prints table 四 totals that do not add up: from its text layer it is flagged (the document's
    # own error); read by OCR the same failure could be a misreading, so it stays out of the dataset
    report = reports["hzq2023_working"]
    assert report.status == Status.rejected and "read by OCR" in report.reason
    assert xxgk.extract_file(SAMPLES["hzq2023_working"]).status == Status.flagged


def test_a_multipage_tiff_and_a_png_page_are_read_as_scans(tmp_path):
    pages = scanned_pages(SAMPLES["hzq2024_working"], ANGLES["hzq2024_working"])
    tiff = tmp_path / "hzq2024_working.tif"
    tiff.write_bytes(multipage_tiff(pages))
    report = xxgk.extract_file(tiff)
    assert report.format == "image" and report.status == Status.accepted
    n, diffs = _score(report, "hzq2024_working")
    assert n > 180 and diffs == []
    png = io.BytesIO()
    pages[3].save(png, "PNG")  # one page alone, holding table 四: a scanned table image
    page = xxgk.extract(png.getvalue())
    assert page.format == "image" and page.status == Status.failed  # (tables 二 and 三 are not on it)
    gold = {d.key: d.gold for d in compare(page, load_gold(GOLD / "hzq2024_working.json"))[1]}
    t4 = {k: v for k, v in page.values().items() if k.startswith("t4.")}
    assert len(t4) == 15 and not gold.keys() & t4.keys()  # every cell of table 四 as the gold has it
    box = page.cell("t4.review.total").provenance.box
    assert box is not None and box[2] <= pages[3].width  # pixels of the image


@pytest.mark.parametrize("name", ["hzq2024_working", "szfgs2024"])
def test_a_web_page_whose_tables_are_images_saved_beside_it(tmp_path, name):
    # the text as paragraphs, every table a PNG at 120 dpi in <name>_files/ (cropped to the table: outer
    # borders lost, shaded header rows); szfgs's small digits come out as 'B' or '8' with low confidence
    page = html_with_table_images(SAMPLES[name], tmp_path)
    report = xxgk.extract_file(page)
    assert report.format == "html" and report.status == Status.accepted
    n, diffs = _score(report, name)
    assert n > 180 and diffs == []
    assert any(n.code == "ocr" and "image(s) in the page read by OCR" in n.message for n in report.notes)
    if name == "szfgs2024":
        settled = [n for n in report.notes if n.code == "ocr_settled"]
        assert settled and all("the identities hold only with" in n.message for n in settled)
        assert report.cell("t3.new_received.research").value == 0


def test_images_outside_the_page_folder_are_never_read(tmp_path):
    from xxgk.readers.html import read_html

    outside = tmp_path / "secret.png"
    pages = scanned_pages(SAMPLES["hzq2024_working"], 0.0)
    pages[3].save(outside)
    site = tmp_path / "site"
    site.mkdir()
    html = ("<html><body><p>一、总体情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
            f'<img src="../secret.png"><img src="{outside}"><img src="file://{outside}">'
            "<p>六、其他需要报告的事项</p></body></html>")
    doc = read_html(html.encode(), "page.html", base=site)
    assert not doc.cells and not doc.notes


def test_a_folder_of_page_images_is_one_report_in_the_batch(tmp_path):
    import json
    import shutil
    import subprocess
    import sys

    pages = scanned_pages(SAMPLES["hzq2024_working"], ANGLES["hzq2024_working"])
    folder = tmp_path / "in" / "hzq2024_scan"
    folder.mkdir(parents=True)
    for i, page in reversed(list(enumerate(pages, start=1))):
        page.save(folder / f"page{i}.{'png' if i % 2 else 'jpg'}")  # order by the numbers, formats mixed
    shutil.copy(SAMPLES["szfgs2024"].with_name("003_ba0fe670444f6260.txt"), tmp_path / "in")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "xxgk", "extract", str(tmp_path / "in"), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    reports = {r["source"].rsplit("/", 1)[-1]: r for r in map(json.loads, (out / "reports.jsonl").open())}
    assert set(reports) == {"hzq2024_scan", "003_ba0fe670444f6260.txt"}
    scan = Report.model_validate(reports["hzq2024_scan"])
    assert scan.format == "image" and scan.status == Status.accepted
    n, diffs = _score(scan, "hzq2024_working")
    assert n > 180 and diffs == []


def test_a_pdf_with_some_scanned_pages_keeps_the_text_layer_of_the_others(tmp_path, scans):
    import pypdfium2 as pdfium

    text, scan = pdfium.PdfDocument(SAMPLES["hzq2024_working"]), pdfium.PdfDocument(scans["hzq2024_working"])
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text, [0, 1])
    mixed.import_pages(scan, [2, 3])  # table 三 and table 四 scanned
    mixed.import_pages(text, [4])
    path = tmp_path / "hzq2024_working.pdf"
    mixed.save(path)
    for doc in (text, scan, mixed):
        doc.close()
    report = xxgk.extract_file(path)
    assert report.status == Status.accepted
    n, diffs = _score(report, "hzq2024_working")
    assert n > 180 and diffs == []
    assert report.cell("t2.licensing.decisions").producer == "rules"  # page 2: its text layer
    assert report.cell("t4.review.total").producer == "ocr"
    assert any(n.code == "ocr" and n.message.startswith("2 page(s) read by OCR") for n in report.notes)


#: an OCR's layer that is not the print: numbers that stand nowhere in the reports
_WRONG_LAYER = "Government information 2024 annual report\nrules 999 888 777\ntotal 654 321 0 12 13\n"


@pytest.mark.parametrize(("name", "under"), [("hzq2024_working", False), ("v04_nzzrzy2023_pdf", True)])
def test_a_scan_made_searchable_is_read_from_its_picture_not_its_ocr_layer(tmp_path, name, under):
    angle = {**ANGLES, **OTHERS}[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(with_text_layer(scanned_pages(ROOT / "eval" / "reports" / path.name, angle), _WRONG_LAYER,
                                     under=under))
    assert text_chars(path.read_bytes()) > 100  # a text layer on every page
    report = xxgk.extract_file(path)
    n, diffs = _score(report, name)
    assert n > 180 and diffs == [] and report.status == Status.accepted, diffs[:5]
    assert report.cell("t4.review.total").producer == "ocr"
    layer = [n.message for n in report.notes if n.code == "ocr_layer"]
    assert layer == ["the text of every page is an OCR's invisible layer over the page's picture: read again by "
                     "OCR from the page images, so that each value is checked against the print"]
    if name == "hzq2024_working":  # its last page, after section 五's heading, is narrative only: its layer
        ocr = next(n.message for n in report.notes if n.code == "ocr")
        assert ocr.startswith("4 page(s) read by OCR") and ocr.endswith(
            "; 1 page(s) after section 五's heading taken from their OCR layer (narratives only)")

