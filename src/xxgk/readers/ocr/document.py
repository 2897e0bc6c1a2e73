"""A document from its pages: text pages as they are, scanned pages read by OCR, in the tab layout."""


from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xxgk.readers import Document
from xxgk.readers.grid import TextBuilder
from xxgk.readers.ocr.engine import engine
from xxgk.readers.ocr.page import PageImage, PageText, read_page
from xxgk.readers.ocr.settings import LayeredScan, OcrSettings, TextPage

#: section 五's heading: the tables are all before it
_SECTION_FIVE = re.compile(r"五\s*[、.．]\s*(?:存在的?主要问题|主要问题|存在问题)")

#: a page: its text (a text layer) or how to render its image (a page to OCR), with or without an OCR's layer
Page = str | TextPage | LayeredScan | Callable[[], PageImage]


def ocr_document(pages: Sequence[Page], fmt: str, settings: OcrSettings) -> Document:
    """A document from its pages, the text pages as they are and the others through OCR (in order; after
    section 五's heading only with ``settings.narratives``). The caller checks ``why_no_ocr`` first."""
    eng = engine()
    b = TextBuilder()
    starts: list[int] = []
    read = skipped = layers = cells = 0
    angles: list[float] = []
    seconds = 0.0
    past_tables = False
    for page in pages:
        starts.append(b.pos)
        if isinstance(page, str):
            b.para(page)
        elif isinstance(page, TextPage):
            page.write(b)
        elif past_tables and not settings.narratives:
            if isinstance(page, LayeredScan):
                b.para(page.layer)
                layers += 1
            else:
                skipped += 1
            continue
        else:
            if settings.on_page is not None:
                settings.on_page()
            t0 = time.perf_counter()
            text = read_page(page.render() if isinstance(page, LayeredScan) else page(), eng)
            seconds += time.perf_counter() - t0
            read += 1
            cells += text.cells
            angles.append(text.angle)
            render_page(b, text)
        if not past_tables and _SECTION_FIVE.search("".join(b.parts[-200:])):
            past_tables = True
    doc = b.document(fmt, None)
    doc.page_starts = starts
    summary = OcrSummary(pages=read, skipped=skipped, cells=cells, seconds=round(seconds, 2),
                         angles=tuple(angles), dpi=settings.dpi, layers=layers)
    doc.notes.append(("ocr", summary.message()))
    return doc


def render_page(b: TextBuilder, text: PageText) -> None:
    """A page's lines as paragraphs and its tables in the tab layout, each cell with its box and confidence."""
    for item in text.items:
        if isinstance(item, str):
            b.para(item)
        else:
            b.table([[(c.text, c.col) for c in row] for row in item],
                    marks=[[(c.box, c.score) for c in row] for row in item])


@dataclass(frozen=True, slots=True)
class OcrSummary:
    """What OCR did for a document (turned into a note on the report)."""

    pages: int
    skipped: int
    cells: int
    seconds: float
    angles: tuple[float, ...]
    dpi: int
    layers: int = 0  # pages after section 五's heading taken from their OCR layer instead

    def message(self) -> str:
        skew = f", skew {min(self.angles):+.2f}°..{max(self.angles):+.2f}°" if self.angles else ""
        more = (f"; {self.skipped} page(s) after section 五's heading not read (narratives only: --ocr all reads "
                "them)") if self.skipped else ""
        if self.layers:
            more += (f"; {self.layers} page(s) after section 五's heading taken from their OCR layer (narratives "
                     "only)")
        return (f"{self.pages} page(s) read by OCR at {self.dpi} dpi in {self.seconds:g} s{skew}, "
                f"{self.cells} table cell(s) recognised one by one{more}")
