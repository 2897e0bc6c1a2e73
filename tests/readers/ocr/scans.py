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


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, src in SAMPLES.items():
        data = image_only_pdf(scanned_pages(src, ANGLES[name]))
        assert text_chars(data) == 0
        (out / f"{name}.pdf").write_bytes(data)
        print(f"{out / name}.pdf: {len(data):,} bytes, turned {ANGLES[name]:+.1f}°, no text layer")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "scans"))
