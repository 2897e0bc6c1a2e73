"""PDF with a text layer, through pypdfium2 (fast: ~10 ms for a 5-page report). Table rows come out as
whitespace-separated lines ("规章 0 5 5"), which the ``lines`` tokenizer reads; printed page numbers
("- 3 -") are dropped. A PDF without a text layer (a scan) is reported as needing OCR — never zeros.

``OCR_READER`` is the hook where an OCR or vision-LLM reader can plug in: a callable taking the PDF
bytes and the source and returning a ``Document``; when set, scanned PDFs go through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..exceptions import CorruptInputError, EncryptedInputError, UnsupportedFormatError
from . import Document

OCR_READER: Callable[[bytes, str | None], Document] | None = None

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d{1,3}\s*-|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
MIN_CHARS_PER_PAGE = 20


def read_pdf(data: bytes, source: str | None = None) -> Document:
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
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"cannot read PDF pages ({exc})", source=source) from None
    finally:
        pdf.close()
    chars = sum(len(p.strip()) for p in pages)
    if not pages or chars < MIN_CHARS_PER_PAGE * len(pages):
        if OCR_READER is not None:
            return OCR_READER(data, source)
        return Document("", format="pdf", encoding=None,
                        needs_ocr=f"needs OCR: the PDF has no text layer ({chars} characters on {len(pages)} page(s))")
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for text in pages:
        lines = [ln for ln in text.split("\n") if not _PAGE_NUMBER.match(ln)]
        chunk = "\n".join(lines).strip("\n") + "\n"
        starts.append(pos)
        parts.append(chunk)
        pos += len(chunk)
    return Document("".join(parts), format="pdf", encoding=None, page_starts=starts)
