"""PDF with a text layer, through pypdfium2 (fast: ~10 ms for a 5-page report). Table rows come out as
whitespace-separated lines ("规章 0 5 5"), which the ``lines`` tokenizer reads; printed page numbers
("- 3 -") are dropped. A PDF without a text layer (a scan) is reported as needing OCR — never zeros.

Pages without a text layer (a scan, or scanned pages inside a text PDF) go through OCR
(``xxgk.readers.ocr``) when it is on and installed; the pages with text keep their text layer.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from typing import Any

from xxgk.core.errors import CorruptInputError, EncryptedInputError, UnsupportedFormatError
from xxgk.core.vocabulary import core, lookup_any
from xxgk.readers import Document
from xxgk.readers.grid import TextBuilder
from xxgk.readers.ocr.settings import LayeredScan, OcrSettings, TextPage, why_no_ocr

#: a line that is only a page number (dropped from the text layer; ``xxgk review`` maps offsets past it)
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:-\s*\d{1,3}\s*-|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
MIN_CHARS_PER_PAGE = 20
#: the geometry reading (pdfplumber keeps every object of a page) is tried only on PDFs up to this many pages;
#: annual reports run to a few dozen. Longer files keep their text-layer reading.
MAX_GEOMETRY_PAGES = 80


def read_pdf(data: bytes, source: str | None = None, ocr: OcrSettings | None = None) -> Document:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a core dependency
        raise UnsupportedFormatError("PDF support needs pypdfium2 (pip install pypdfium2)", source=source) from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise EncryptedInputError("encrypted PDF (password required)", source=source) from None
        raise CorruptInputError(f"cannot open PDF ({msg.strip() or 'damaged file'})", source=source) from None
    try:
        pages: list[str] = []
        scanned: list[int] = []  # pages with (almost) no text but an image: a scan
        layered: list[int] = []  # scans whose text is an OCR's invisible layer (ocrmypdf, Acrobat, ABBYY)
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            if len(text.strip()) < MIN_CHARS_PER_PAGE and _has_image(page, pdfium):
                scanned.append(i)
            elif _hidden_text(page, pdfium):
                scanned.append(i)
                layered.append(i)
        if scanned:
            ocr = ocr or OcrSettings()
            why = why_no_ocr(ocr)
            if why is None:
                doc = _read_with_ocr(data, pdf, scanned, ocr, {i: pages[i] for i in layered})
                if layered:
                    doc.notes.append(("ocr_layer", _layer_message(layered, len(pdf)) + ": read again by OCR from "
                                      "the page images, so that each value is checked against the print"))
                return doc
            if layered:
                return Document("", format="pdf", encoding=None,
                                needs_ocr=f"needs OCR: {_layer_message(layered, len(pdf))}, not the print; {why}")
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"cannot read PDF pages ({exc})", source=source) from None
    finally:
        pdf.close()
    chars = sum(len(p.strip()) for p in pages)
    if not pages or chars < MIN_CHARS_PER_PAGE * len(pages):
        why = why_no_ocr(ocr or OcrSettings())
        return Document("", format="pdf", encoding=None,
                        needs_ocr=f"needs OCR: the PDF has no text layer ({chars} characters on {len(pages)} page(s))"
                                  + (f"; {why}" if why else ""))
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for text in pages:
        chunk = _without_page_numbers(text)
        starts.append(pos)
        parts.append(chunk)
        pos += len(chunk)
    doc = Document("".join(parts), format="pdf", encoding=None, page_starts=starts)
    doc.alternative = lambda: read_pdf_geometry(data, source)
    doc.layout = lambda: read_pdf_layout(data)
    return doc


def read_pdf_layout(data: bytes) -> Document | None:
    """The PDF's text with each character at its place on the page (pdfplumber's layout mode, as ``pdftotext
    -layout`` prints it), pages apart by a form feed: a table's numbers stand under their column's heading, so a
    number wrapped in its narrow cell or a total set a line higher is read where it stands (the ``columns`` layout),
    which the text layer's reading order loses. None on a damaged file or one of more than MAX_GEOMETRY_PAGES."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a core dependency
        return None
    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_GEOMETRY_PAGES:
                return None
            for page in pdf.pages:
                pages.append(page.extract_text(layout=True) or "")
                page.close()
    except Exception:  # pdfplumber on a damaged file: keep the other readings
        return None
    starts, pos = [], 0
    for text in pages:
        starts.append(pos)
        pos += len(text) + 1
    return Document("\f".join(pages), format="pdf", encoding=None, page_starts=starts)


def _without_page_numbers(text: str) -> str:
    return "\n".join(ln for ln in text.split("\n") if not PAGE_NUMBER_LINE.match(ln)).strip("\n") + "\n"


def _has_image(page: Any, pdfium: Any) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


#: an image this share of the page's area or more is the page's picture (a scan)
PAGE_IMAGE_SHARE = 0.8
#: text render modes that paint nothing (3: invisible, 7: clipping only)
_UNSEEN_MODES = (3, 7)


def _hidden_text(page: Any, pdfium: Any) -> bool:
    """The page is a picture (one image over most of it) and its text does not show: drawn invisible (render
    mode 3, the layer ocrmypdf, Tesseract, Acrobat's and most scanners' OCR add) or under the picture (ABBYY's
    "text under the page image"). That text is an OCR's reading of the picture, not the print."""
    raw = pdfium.raw
    width, height = page.get_size()
    area = max(width * height, 1.0)

    def is_picture(obj: Any) -> bool:
        x0, y0, x1, y1 = obj.get_bounds()
        return bool((x1 - x0) * (y1 - y0) >= PAGE_IMAGE_SHARE * area)

    # (a page with no image or form object of its own, nearly every born-digital page, has no picture: found by
    # the object types alone, without a walk of its text)
    kinds = {raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, j))
             for j in range(raw.FPDFPage_CountObjects(page.raw))}
    if raw.FPDF_PAGEOBJ_IMAGE not in kinds and raw.FPDF_PAGEOBJ_FORM not in kinds:
        return False
    if not any(is_picture(obj) for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3)):
        return False
    picture = None  # index of the page's picture among its objects (the drawing order)
    shown = hidden = 0
    for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE], max_depth=3)):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            if picture is None and is_picture(obj):
                picture = n
                hidden += shown  # text drawn before the picture lies under it
                shown = 0
        elif raw.FPDFTextObj_GetTextRenderMode(obj.raw) in _UNSEEN_MODES:
            hidden += 1
        else:
            shown += 1
    return picture is not None and hidden > 0 and hidden >= 9 * shown


def _layer_message(layered: list[int], pages: int) -> str:
    which = "every page" if len(layered) == pages else "page(s) " + ", ".join(str(i + 1) for i in layered)
    return f"the text of {which} is an OCR's invisible layer over the page's picture"


def _read_with_ocr(data: bytes, pdf: Any, scanned: list[int], settings: OcrSettings,
                   layers: dict[int, str]) -> Document:
    """The scanned pages rendered and read by OCR, the others from their geometry (pdfplumber), so that a
    table running from a text page onto a scanned one comes out in one layout. ``layers``: the text of the
    scanned pages that carry an OCR's invisible layer, kept for the pages OCR skips (narratives only)."""
    import numpy as np
    import pdfplumber

    from xxgk.readers.ocr.document import Page, ocr_document  # (loaded only for a scan)
    from xxgk.readers.ocr.page import PageImage

    def render(i: int) -> PageImage:
        image = pdf[i].render(scale=settings.dpi / 72, grayscale=True).to_pil().convert("L")
        return PageImage(np.asarray(image), settings.dpi, 72 / settings.dpi)

    writer = GeometryWriter()
    with pdfplumber.open(io.BytesIO(data)) as plumber:

        def text_page(i: int) -> Callable[[TextBuilder], None]:
            def write(b: TextBuilder) -> None:
                writer.write(plumber.pages[i], b)
                plumber.pages[i].close()

            return write

        def page(i: int) -> Page:
            if i not in scanned:
                return TextPage(text_page(i))
            picture = functools.partial(render, i)
            return LayeredScan(picture, layers[i]) if i in layers else picture

        return ocr_document([page(i) for i in range(len(pdf))], "pdf", settings)


_NUMERIC = re.compile(r"^[+\-]?\d[\d,.]*(?:万元|元)?$")


def read_pdf_geometry(data: bytes, source: str | None = None) -> Document | None:
    """The ruled tables of a PDF read from their geometry (pdfplumber): empty cells stay cells, which the
    text layer loses. Text outside the tables is kept in reading order. None when no data table is found.
    Slower (~0.3 s for 5 pages): used only when the text layer leaves cells uncertain."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a core dependency
        return None

    b = TextBuilder()
    page_starts: list[int] = []
    writer = GeometryWriter()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_GEOMETRY_PAGES:
                return None
            for page in pdf.pages:
                page_starts.append(b.pos)
                writer.write(page, b)
                page.close()  # release the page's parsed objects: memory stays one page deep
    except Exception:  # pdfplumber on a damaged file: keep the text-layer reading
        return None
    if not writer.found:
        return None
    doc = b.document("pdf", None)
    doc.page_starts = page_starts
    return doc


class GeometryWriter:
    """Writes pages read from their geometry (pdfplumber pages) into a ``TextBuilder``, one after the other:
    a table row broken by a page break is joined again."""

    def __init__(self) -> None:
        self.found = False  # a data table (a row with a number) was written
        self.carry: list[tuple[str, int]] | None = None  # the last table row of the previous page

    def write(self, page: Any, b: TextBuilder) -> None:
        items: list[tuple[float, int, object]] = []
        tables = page.find_tables()
        for tb in tables:
            for row, cells in zip(tb.rows, tb.extract(), strict=False):
                kept = [(c or "", i) for i, c in enumerate(cells) if c is not None]
                numeric = any(_NUMERIC.match(c.strip()) for c, _ in kept)
                if len(kept) >= 2 or numeric:
                    items.append((row.bbox[1], 1, kept))
                    self.found = self.found or numeric
                elif kept:
                    items.append((row.bbox[1], 0, kept[0][0]))
        outside = page
        for tb in tables:
            outside = outside.outside_bbox(tb.bbox)
        for line in outside.extract_text_lines():
            if not PAGE_NUMBER_LINE.match(line["text"]):
                items.append((line["top"], 0, line["text"]))
        items.sort(key=lambda it: it[0])
        grid: list[list[tuple[str, int]]] = []
        for n, (_, kind, payload) in enumerate(items):
            if kind == 1:
                if n == 0 and self.carry is not None and _continues(self.carry, payload):  # type: ignore[arg-type]
                    b.undo_row()
                    payload = _merge_rows(self.carry, payload)  # type: ignore[arg-type]
                grid.append(payload)  # type: ignore[arg-type]
                continue
            if grid:
                b.table(grid)
                grid = []
            b.para(str(payload))
        self.carry = grid[-1] if grid else None
        if grid:
            b.table(grid)


def _label(row: list[tuple[str, int]]) -> str:
    texts = [t for t, _ in row if t.strip() and not _NUMERIC.match(t.strip())]
    return texts[-1] if texts else ""


def _continues(prev: list[tuple[str, int]], row: list[tuple[str, int]]) -> bool:
    """A table row broken by a page break: same grid columns, the label on the first page incomplete
    ("5.属于三类内部事") and complete once joined with the next page's part ("务信息")."""
    if not prev or any(t.strip() for t, c in row if c < prev[0][1]):
        return False
    row = _from_column(row, prev[0][1])
    if [c for _, c in prev] != [c for _, c in row]:
        return False
    a, b = _label(prev), _label(row)
    if not a or not b:
        return False
    return lookup_any(core(a)) is None and lookup_any(core(a + b)) is not None


def _from_column(row: list[tuple[str, int]], col: int) -> list[tuple[str, int]]:
    """The row without its (empty) cells left of ``col`` — the rowspan columns split by the page break."""
    return [(t, c) for t, c in row if c >= col]


def _merge_rows(prev: list[tuple[str, int]], row: list[tuple[str, int]]) -> list[tuple[str, int]]:
    row = _from_column(row, prev[0][1])
    return [((p + "\n" + q).strip("\n") if p.strip() and q.strip() else p + q, c)
            for (p, c), (q, _) in zip(prev, row, strict=True)]
