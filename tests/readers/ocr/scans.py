"""Scanned copies of real PDFs, made from their pages: rendered, turned by under a degree, blurred, saved
without a text layer — what a county office's scanner makes of a printed report.

    python -m tests.readers.ocr.scans OUT_DIR     # the three sample PDFs as image-only PDFs in OUT_DIR

Used by the OCR tests (which make them in a temporary folder) and by ``benchmarks/bench_ocr.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = {name: ROOT / "eval" / "reports" / f"{name}.pdf" for name in ("hzq2023_working", "hzq2024_working",
                                                                         "szfgs2024")}
#: the turn of each copy (degrees, counter-clockwise): under one, both ways
ANGLES = {"hzq2023_working": 0.6, "hzq2024_working": -0.4, "szfgs2024": 0.8}
#: two more real PDFs scanned the same way, from other agencies and printers, ruled in hairlines that the
#: blur turns lighter than the text: v10 in 50% gray lines of 0.25-0.75 pt, v04 in black lines of 0.4-0.5 pt
#: under blue-shaded header cells
OTHERS = {"v04_nzzrzy2023_pdf": -0.7, "v10_yjszf2021_pdf": 0.5}
DPI = 150
BLUR = 0.7


def scanned_pages(pdf: Path, angle: float, dpi: int = DPI, blur: float = BLUR) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in doc:
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
            pages.append(img.filter(ImageFilter.GaussianBlur(blur)))
        return pages
    finally:
        doc.close()


def image_only_pdf(pages: list[Image.Image], dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def multipage_tiff(pages: list[Image.Image], dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", dpi=(dpi, dpi), save_all=True, append_images=pages[1:], compression="tiff_lzw")
    return buf.getvalue()


def text_chars(data: bytes) -> int:
    """Characters in the text layer (0 for a scan)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return sum(p.get_textpage().count_chars() for p in doc)
    finally:
        doc.close()


def with_text_layer(pages: list[Image.Image], layer: str, *, under: bool = False, dpi: int = DPI) -> bytes:
    """A scan made searchable as scanners' OCR does it: each page one picture, the OCR's text in lines over
    it, drawn invisible (text render mode 3: ocrmypdf, Tesseract's PDF, Acrobat) or, ``under``, visible text
    drawn before the picture, which hides it (ABBYY's "text under the page image"). ``layer`` is the text
    of every page (ASCII: the standard font), a reading that is not the print's."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    try:
        for img in pages:
            width, height = img.width * 72 / dpi, img.height * 72 / dpi
            page = doc.new_page(width, height)
            picture = pdfium.PdfImage.new(doc)
            picture.set_bitmap(pdfium.PdfBitmap.from_pil(img.convert("RGB")))
            picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
            texts = []
            for n, line in enumerate(layer.splitlines()):
                obj = raw.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 10.0)
                chars = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
                raw.FPDFText_SetText(obj, ctypes.cast(chars, ctypes.POINTER(ctypes.c_ushort)))
                raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_FILL if under
                                                  else raw.FPDF_TEXTRENDERMODE_INVISIBLE)
                raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 40, height - 40 - 14 * n)
                texts.append(obj)
            if not under:
                page.insert_obj(picture)
            for obj in texts:
                raw.FPDFPage_InsertObject(page.raw, obj)
            if under:
                page.insert_obj(picture)
            page.gen_content()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, src in SAMPLES.items():
        data = image_only_pdf(scanned_pages(src, ANGLES[name]))
        assert text_chars(data) == 0
        (out / f"{name}.pdf").write_bytes(data)
        print(f"{out / name}.pdf: {len(data):,} bytes, turned {ANGLES[name]:+.1f}°, no text layer")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "scans"))


def html_with_table_images(pdf: Path, folder: Path, dpi: int = 120) -> Path:
    """A web page made from a PDF the way many sites publish reports: the text as paragraphs, every table
    as a picture (``<img>``, PNG files saved in ``<name>_files/`` beside the page). Returns the page."""
    import html

    import pdfplumber

    files = folder / f"{pdf.stem}_files"
    files.mkdir(parents=True, exist_ok=True)
    body: list[str] = []
    n = 0
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            items: list[tuple[float, str]] = []
            tables = page.find_tables()
            outside = page
            for tb in tables:
                outside = outside.outside_bbox(tb.bbox)
                n += 1
                name = f"image{n:03d}.png"
                page.crop(tb.bbox).to_image(resolution=dpi).original.convert("L").save(files / name)
                items.append((tb.bbox[1], f'<p><img src="{files.name}/{name}" alt="table"></p>'))
            for line in outside.extract_text_lines():
                items.append((line["top"], f"<p>{html.escape(line['text'])}</p>"))
            body += [markup for _, markup in sorted(items, key=lambda it: it[0])]
    out = folder / f"{pdf.stem}.html"
    out.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><div class='article'>"
                   + "\n".join(body) + "</div></body></html>", encoding="utf-8")
    return out
