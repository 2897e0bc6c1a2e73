"""The document beside a report's tables: its text with every cell's source span marked, and for PDFs and
images the page pictures with the box each cell was read from.

- **Text**: the reading the report's offsets point into (the text, or for a PDF read from its geometry the
  geometry reading), read again without OCR (fast; a scanned page has no text to show, its picture does).
  Each cell's span ``[start, end)`` becomes a ``<mark>`` with the cell's key; cells whose spans overlap
  (glued cells) share one mark.
- **Pages**: a PDF page rendered by pypdfium2, an image file or a page of a folder of page images. A cell
  read by OCR has its box (``Provenance.box``); a cell read from a PDF's text layer gets the box of its
  characters from pdfium (offsets mapped back through the reader's normalisation of the page text).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.batch.llm_pass import document_text
from xxgk.core.model import Report
from xxgk.readers import PAGE_IMAGE_SUFFIXES, page_images
from xxgk.readers.ocr.settings import OcrSettings
from xxgk.readers.pdf import PAGE_NUMBER_LINE

Box = tuple[float, float, float, float]

_OFF = OcrSettings(enabled=False)


@dataclass(slots=True)
class PageSize:
    width: float
    height: float


@dataclass(slots=True)
class SourceView:
    """What the report page shows of the document."""

    text_html: str = ""  # the text, escaped, cell spans marked
    pages: list[PageSize] = field(default_factory=list)  # page pictures (PDF points or image pixels)
    boxes: dict[str, tuple[int, Box]] = field(default_factory=dict)  # key -> (1-based page, box, top-left origin)
    message: str = ""  # why something is not shown


def cell_spans(report: Report) -> dict[str, tuple[int, int]]:
    out = {}
    for t in (report.t2, report.t3, report.t4):
        for key, c in t.iter_cells():
            p = c.provenance
            if p is not None and p.start is not None and p.end is not None and p.end > p.start:
                out[key] = (p.start, p.end)
    return out


def marked_text(text: str, spans: dict[str, tuple[int, int]]) -> str:
    """``text`` escaped for HTML, each span wrapped in ``<mark data-keys="…">`` (overlapping spans merged)."""
    groups: list[tuple[int, int, list[str]]] = []
    for key, (s, e) in sorted(spans.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        s, e = max(0, min(s, len(text))), max(0, min(e, len(text)))
        if e <= s:
            continue
        if groups and s < groups[-1][1]:
            gs, ge, keys = groups[-1]
            groups[-1] = (gs, max(ge, e), [*keys, key])
        else:
            groups.append((s, e, [key]))
    parts, pos = [], 0
    for s, e, keys in groups:
        parts.append(html.escape(text[pos:s]))
        ids = " ".join(keys)
        parts.append(f'<mark class="src" data-keys="{html.escape(ids)}">{html.escape(text[s:e])}</mark>')
        pos = e
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _read_by_ocr(report: Report) -> bool:
    return any(n.code == "ocr" for n in report.notes)


def source_view(path: Path | None, report: Report) -> SourceView:
    view = SourceView()
    if path is None:
        view.message = "the document is no longer where it was extracted from"
        return view
    ocr = _read_by_ocr(report)
    if not ocr:
        try:
            view.text_html = marked_text(document_text(path, report.source, report, ocr=_OFF), cell_spans(report))
        except Exception as exc:  # an unreadable document: the tables are still shown
            view.message = f"the document cannot be read: {type(exc).__name__}: {exc}"
    else:
        view.message = "read by OCR: the cells' boxes are shown on the page pictures"
    try:
        view.pages = page_sizes(path)
    except Exception:  # (not a PDF or image, or a damaged one)
        view.pages = []
    for t in (report.t2, report.t3, report.t4):
        for key, c in t.iter_cells():
            p = c.provenance
            if p is not None and p.box is not None and p.page is not None:
                view.boxes[key] = (p.page, p.box)
    if view.pages and path.suffix.lower() == ".pdf" and report.reading == "text" and not ocr:
        try:
            view.boxes.update(pdf_text_boxes(path, cell_spans(report)))
        except Exception:  # boxes are a help, not a must
            pass
    return view


# --- pictures ----------------------------------------------------------------------------------------------


def _pages_of(path: Path) -> list[Path]:
    if path.is_dir():
        return page_images(path) or []
    return [path] if path.suffix.lower() in PAGE_IMAGE_SUFFIXES else []


def page_sizes(path: Path) -> list[PageSize]:
    if path.is_file() and path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        try:
            return [PageSize(*pdf[i].get_size()) for i in range(len(pdf))]
        finally:
            pdf.close()
    from PIL import Image

    sizes = []
    for p in _pages_of(path):
        with Image.open(p) as im:
            for _ in range(getattr(im, "n_frames", 1)):
                sizes.append(PageSize(*im.size))
                if getattr(im, "n_frames", 1) > 1:
                    try:
                        im.seek(im.tell() + 1)
                    except EOFError:
                        break
    return sizes


def page_png(path: Path, page: int, width: int = 1000) -> bytes:
    """Page ``page`` (1-based) as a PNG about ``width`` pixels wide."""
    from PIL import Image

    if path.is_file() and path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        try:
            pg = pdf[page - 1]
            img = pg.render(scale=width / pg.get_width()).to_pil()
        finally:
            pdf.close()
    else:
        frames = []
        for p in _pages_of(path):
            with Image.open(p) as im:
                for i in range(getattr(im, "n_frames", 1)):
                    im.seek(i)
                    frames.append((p, i))
        src, frame = frames[page - 1]
        with Image.open(src) as im:
            im.seek(frame)
            img = im.convert("RGBA") if im.mode in ("RGBA", "LA", "P") else im.convert("RGB")
            if img.mode == "RGBA":
                white = Image.new("RGB", img.size, "white")
                white.paste(img, mask=img.split()[3])
                img = white
            img.thumbnail((width, width * 4))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# --- PDF text layer: offsets back to characters ------------------------------------------------------------


def _kept_index(raw: str) -> list[int]:
    """For each character of the page text as ``readers.pdf`` keeps it (line ends normalised, page-number
    lines dropped, blank lines at both ends stripped, one final newline), its index in pdfium's text."""
    norm: list[tuple[str, int]] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\r":
            norm.append(("\n", i))
            i += 2 if raw[i + 1 : i + 2] == "\n" else 1
            continue
        norm.append((ch, i))
        i += 1
    lines: list[list[tuple[str, int]]] = [[]]
    for ch, idx in norm:
        if ch == "\n":
            lines[-1].append((ch, idx))
            lines.append([])
        else:
            lines[-1].append((ch, idx))
    kept = [ln for ln in lines if not PAGE_NUMBER_LINE.match("".join(c for c, _ in ln).rstrip("\n"))]
    flat = [x for ln in kept for x in ln]
    while flat and flat[0][0] == "\n":
        flat.pop(0)
    while flat and flat[-1][0] == "\n":
        flat.pop()
    return [idx for _, idx in flat] + [-1]  # (the final newline the reader adds)


def pdf_text_boxes(path: Path, spans: dict[str, tuple[int, int]]) -> dict[str, tuple[int, Box]]:
    """The box (top-left origin, PDF points) of each span's characters on its page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    out: dict[str, tuple[int, Box]] = {}
    try:
        starts, indexes, tps, heights = [], [], [], []
        pos = 0
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            idx = _kept_index(tp.get_text_range())
            starts.append(pos)
            indexes.append(idx)
            tps.append(tp)
            heights.append(page.get_height())
            pos += len(idx)
        for key, (s, e) in spans.items():
            n = max(i for i, st in enumerate(starts) if st <= s)
            idx, tp = indexes[n], tps[n]
            boxes = []
            for off in range(s - starts[n], min(e - starts[n], len(idx))):
                ci = idx[off]
                if ci >= 0:
                    boxes.append(tp.get_charbox(ci))
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]
            if boxes:
                left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
                right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
                h = heights[n]
                out[key] = (n + 1, (left, h - top, right, h - bottom))
    finally:
        pdf.close()
    return out
