"""Readers: a file's bytes to a ``Document`` — the report as text, in which every table is printed in
the tab layout (one cell per line, rows separated by empty lines) so that every format feeds the same
section splitter, table parsers and checks. Grid sources keep a map from text offsets back to their
table/row/cell (and page, for PDF) for provenance.

The format is chosen by content sniffing, not by extension (a ``.html`` that is really a PDF happens).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from xxgk.core.decoding import decode_text
from xxgk.core.errors import InputTooLargeError, NotAFileError, NotAReportError, XxgkError
from xxgk.readers.crawl_record import looks_like_json, one_record, render
from xxgk.readers.escaped import escaped_text, string_literal
from xxgk.readers.mhtml import looks_like_mhtml, page_of
from xxgk.readers.ocr.settings import OcrSettings, why_no_ocr
from xxgk.readers.rtf import looks_like_rtf
from xxgk.readers.unwrap import unwrap

MAX_BYTES = 256 * 1024 * 1024  # nothing bigger is read at all
MAX_TEXT_BYTES = 32 * 1024 * 1024
# per format, checked before the file is read: a report is never bigger (memory stays bounded)
MAX_SIZE = {"txt": MAX_TEXT_BYTES, "json": MAX_TEXT_BYTES, "mhtml": 64 * 1024 * 1024, "rtf": 100 * 1024 * 1024,
            "html": 24 * 1024 * 1024, "pdf": 200 * 1024 * 1024, "docx": 100 * 1024 * 1024,
            "doc": 100 * 1024 * 1024, "image": 64 * 1024 * 1024}
_TABLE_START = re.compile(rb"<table\b", re.I)
#: the signatures of the image files read as scanned pages (PNG, JPEG, TIFF, GIF, WebP, BMP)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")


@dataclass(slots=True)
class CellRef:
    """Where a stretch of the rendered text came from in a grid source."""

    start: int
    end: int
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    box: tuple[float, float, float, float] | None = None  # OCR: where the cell was read on its page
    confidence: float | None = None  # OCR: the recognition confidence of its text


@dataclass(slots=True)
class Document:
    text: str  # decoded text (BOM removed) or the rendering of a grid source: offsets point into it
    format: str = "txt"
    encoding: str | None = "utf-8"
    cells: list[CellRef] = field(default_factory=list)  # sorted by start
    page_starts: list[int] = field(default_factory=list)  # PDF: text offset where each page begins
    needs_ocr: str | None = None  # why the document has to go through OCR (no text layer, …)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, message): what the reader did
    # another, slower reading of the same file (PDF table geometry), tried when this one leaves cells
    # uncertain; returns None when it has nothing better
    alternative: Callable[[], Document | None] | None = None
    # a third reading (a PDF's layout text: each character at its place on the page), tried after the others when
    # cells are still uncertain
    layout: Callable[[], Document | None] | None = None
    _cell_starts: list[int] | None = None

    def locate(self, offset: int) -> tuple[CellRef | None, int | None]:
        """(grid cell, 1-based page) of a text offset, where known."""
        ref = None
        if self.cells:
            if self._cell_starts is None:  # built once: locate runs for every cell of the report
                self._cell_starts = [c.start for c in self.cells]
            i = bisect.bisect_right(self._cell_starts, offset) - 1
            if i >= 0 and self.cells[i].start <= offset < self.cells[i].end:
                ref = self.cells[i]
        page = bisect.bisect_right(self.page_starts, offset) if self.page_starts else None
        return ref, page


def sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    if looks_like_rtf(head):  # (before JSON: both open with a brace)
        return "rtf"
    if looks_like_json(head):  # (before markup: a record's body may be a whole page)
        return "json"
    if looks_like_mhtml(head):
        return "mhtml"
    return _sniff_text(data)


def _sniff_text(data: bytes) -> str:
    """``html`` (a page, or article markup without one) or ``txt``."""
    head = data[:1024].lstrip()
    low = head[:2048].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low or b"<body" in low:
        return "html"
    if is_markup_fragment(data[:16384]):
        return "html"
    return "txt"


# article markup without <html>/<body>: the body of a CMS field, or of a JavaScript string, saved as a file
_FRAGMENT_TAGS = re.compile(rb"<\\?/?(?:p|div|span|table|tbody|tr|td|th|row|cell|strong|section|article|h[1-6]|font|li|ul)"
                            rb"(?:\s[^<>]{0,400})?\\?/?>", re.I)


def is_markup_fragment(head: bytes) -> bool:
    """Whether text is HTML markup without a document around it: tags of an article's body (paragraphs,
    tables, spans) standing for a good share of its first lines. Prose that mentions one tag is not, nor
    Markdown whose table cells hold ``<br>`` line breaks."""
    tags = _FRAGMENT_TAGS.findall(head)
    if len(tags) < 6:
        return False
    return sum(len(t) for t in tags) >= 0.05 * len(head) or len(tags) >= 40


def read_bytes(data: bytes, source: str | None = None, ocr: OcrSettings | None = None,
               base: Path | None = None) -> Document:
    """``ocr``: how scanned pages and images are read (default: ``OcrSettings()``, on when installed);
    ``base``: the folder the file lies in (a web page's images saved beside it are read from there). The bytes
    are unwrapped first (``readers.unwrap``: gzip, UTF-16/32 text, NUL padding)."""
    unwrapped = unwrap(data, MAX_BYTES, source)
    doc = _read_format(unwrapped.data, source, ocr, base)
    if unwrapped.encoding is not None:
        doc.encoding = unwrapped.encoding
    doc.notes.extend(unwrapped.notes)
    return doc


def _read_format(data: bytes, source: str | None, ocr: OcrSettings | None, base: Path | None) -> Document:
    fmt = sniff(data)
    if len(data) > MAX_SIZE.get(fmt, MAX_BYTES):
        raise InputTooLargeError(f"{fmt.upper()} data of {len(data) // (1024 * 1024)} MiB is larger than a report "
                                 "can be", source=source)
    if fmt == "pdf":
        from xxgk.readers.pdf import read_pdf  # (each format's reader, and its library, loads on first use)

        return read_pdf(data, source, ocr)
    if fmt == "image":
        from xxgk.readers.image import read_image

        return read_image(data, source, ocr)
    if fmt == "rtf":
        from xxgk.readers.rtf import render

        text, codepage = render(data, source)
        return Document(text, format="rtf", encoding=codepage)
    if fmt == "mhtml":
        from xxgk.readers.html import read_html

        page = page_of(data)
        if page is None:
            raise NotAReportError("an MHTML file (a web page saved as one file) with no web page in it",
                                  source=source)
        saved = read_html(page, source, ocr, base)
        saved.format = "mhtml"
        saved.notes.append(("mhtml", "a web page saved as one file (MHTML): its page read, its other parts not"))
        return saved
    if fmt == "json":
        text, encoding = decode_text(data, source=source)
        doc = _read_record(text, "json", encoding, source, ocr, base)
        if doc is not None:
            return doc
        fmt = _sniff_text(data)  # (no JSON of records: text or markup that opens with a brace)
    if fmt in ("txt", "html") and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b'"', b"'"):
        text, _ = decode_text(data, source=source)
        held = string_literal(text)  # (the whole file a string's literal: json.dumps of a text or a page)
        if held is not None:
            return _held(held, "the file is one string literal (a crawler wrote json.dumps or repr of the text): "
                               "the text it holds is read, offsets refer to it", source, ocr, base)
    if fmt == "html" and _TABLE_START.search(data):
        from xxgk.readers.text_tables import embedded_tables, read_text_tables

        try:
            text, encoding = decode_text(data, source=source)
        except XxgkError:  # not text that reads as such: a web page in its own encoding
            spans = None
        else:
            spans = embedded_tables(text)
        if spans:  # each table wrapped in <html><body> by the converter: the file is text, not a page
            return read_text_tables(text, spans, encoding)
    if fmt == "html":
        from xxgk.readers.html import read_html

        return read_html(data, source, ocr, base)
    if fmt == "docx":
        from xxgk.readers.docx import read_docx

        return read_docx(data, source)
    if fmt == "doc":
        from xxgk.readers.docx import read_doc

        return read_doc(data, source)
    text, encoding = decode_text(data, source=source)
    held = escaped_text(text)
    if held is not None:  # (its line breaks string escapes: a text escaped once more than it was read back)
        return _held(held, "the file's line breaks and tabs are string escapes (\\n, \\t: a text escaped once more "
                           "than it was read back): read with its escapes undone, offsets refer to that text",
                     source, ocr, base)
    if "&lt;" in text[:16384] and is_markup_fragment(unescape(text[:16384]).encode("utf-8")):
        # article markup stored HTML-escaped ("&lt;p&gt;…": a CMS field, an API's JSON, a page's source)
        from xxgk.readers.html import read_html

        unescaped = read_html(unescape(text).encode("utf-8"), source, ocr, base)
        unescaped.notes.append(("escaped_markup", "the file is article markup stored HTML-escaped (&lt;p&gt;…): "
                                                  "read as a web page once unescaped"))
        return unescaped
    if "," in text[:2048]:  # a scraper's CSV export with a header row (title,url,content)
        doc = _read_record(text, "csv", encoding, source, ocr, base)
        if doc is not None:
            return doc
    if _TABLE_START.search(data):
        from xxgk.readers.text_tables import embedded_tables, read_text_tables

        spans = embedded_tables(text)
        if spans:  # Markdown with <table> markup (PDF-to-Markdown by layout and vision models)
            return read_text_tables(text, spans, encoding)
    return Document(text, format=fmt, encoding=encoding)


def _held(text: str, message: str, source: str | None, ocr: OcrSettings | None, base: Path | None) -> Document:
    """The text a string literal or an escaped text holds (``readers.escaped``), read as a file of its own
    (it may be a web page, or escaped once more)."""
    doc = read_bytes(text.encode("utf-8", "surrogatepass"), source, ocr, base)
    doc.notes.append(("escaped_text", message))
    return doc


def _read_record(text: str, kind: str, encoding: str | None, source: str | None, ocr: OcrSettings | None,
                 base: Path | None) -> Document | None:
    """A crawler's record (``readers.crawl_record``; ``kind`` json or csv): its report as a web page or as
    text, format json or csv."""
    record = one_record(text, source, kind)
    if record is None:
        return None
    body, markup, note = render(record, source)
    held = None if markup else string_literal(body) or escaped_text(body)
    if held is not None:  # (a body escaped twice by the crawler: its line breaks still \n once the JSON is read)
        doc = _held(held, "the record's body is escaped once more than its JSON (its line breaks \\n): read with "
                          "those escapes undone, offsets refer to that text", source, ocr, base)
    elif markup:
        from xxgk.readers.html import read_html

        doc = read_html(body.encode("utf-8"), source, ocr, base)
    else:
        doc = Document(body, encoding=encoding)
    doc.format = kind
    doc.notes.append((f"{kind}_record", note))
    return doc


#: the image files a folder of scanned pages may hold
PAGE_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".webp")
MAX_PAGES = 200


def page_images(folder: Path) -> list[Path] | None:
    """The pages of a folder that holds a scanned report as one image per page — nothing in it but image
    files (hidden ones aside) — in the order of their names, numbers compared as numbers (``p2`` before
    ``p10``); None for any other folder."""
    try:
        entries = [e for e in os.scandir(folder) if not e.name.startswith(".")]
        if not entries or len(entries) > MAX_PAGES:
            return None
        if not all(e.name.lower().endswith(PAGE_IMAGE_SUFFIXES) and e.is_file() for e in entries):
            return None
    except OSError:  # cannot be listed, a link loop inside: not a page folder
        return None

    def natural(name: str) -> list[tuple[int, int | str]]:
        return [(0, int(x)) if x.isdigit() else (1, x) for x in re.split(r"(\d+)", name) if x]

    return [Path(e.path) for e in sorted(entries, key=lambda e: natural(e.name))]


def read_path(path: str | os.PathLike[str], source: str | None = None,
              ocr: OcrSettings | None = None) -> tuple[Document, bytes]:
    """A file, or a folder of page images (one scanned report), read; with the bytes it was read from."""
    p = Path(path)
    if p.is_dir():
        return _read_page_folder(p, source or str(path), ocr)
    size = p.stat().st_size
    with p.open("rb") as fh:
        fmt = sniff(fh.read(4096))
    if size > MAX_SIZE.get(fmt, MAX_BYTES):
        raise InputTooLargeError(f"{fmt.upper()} file of {size // (1024 * 1024)} MiB is larger than a report can be "
                                 f"(limit {MAX_SIZE[fmt] // (1024 * 1024)} MiB)", source=source or str(path))
    data = p.read_bytes()
    return read_bytes(data, source=source or str(path), ocr=ocr, base=p.parent), data


def _read_page_folder(folder: Path, source: str, ocr: OcrSettings | None) -> tuple[Document, bytes]:
    pages = page_images(folder)
    if pages is None:
        raise NotAFileError("a folder, not a report (a folder is read as one report only when it holds nothing "
                            "but page images)", source=source)
    datas = [f.read_bytes() for f in pages]
    if sum(len(d) for d in datas) > MAX_SIZE["image"] * 4:
        raise InputTooLargeError("the page images of this folder are larger than a report can be", source=source)
    settings = ocr or OcrSettings()
    why = why_no_ocr(settings)
    if why is not None:
        return Document("", format="image", encoding=None,
                        needs_ocr=f"needs OCR: a folder of {len(pages)} page image(s); {why}"), b"".join(datas)
    from xxgk.readers.image import read_images

    return read_images(datas, source, settings), b"".join(datas)
