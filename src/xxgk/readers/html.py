"""Saved government web pages: encoding (BOM, declared charset, else detected), the report body found
among navigation and footers, ``<table>``s with rowspan/colspan placed on a grid, text outside tables
kept for the narrative sections."""

from __future__ import annotations

import codecs
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from xxgk.core.decoding import undo_mojibake
from xxgk.core.errors import CorruptInputError, NotAReportError, UnsupportedEncodingError
from xxgk.core.text import simplified
from xxgk.readers import Document
from xxgk.readers.grid import TextBuilder
from xxgk.readers.ocr.settings import OcrSettings, why_no_ocr

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs",
            "utf8": "utf-8"}
_SKIP = {"script", "style", "noscript", "head", "nav", "footer", "header", "iframe", "select", "button", "svg",
         "template", "form"}
_BLOCK = {"p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
          "blockquote", "pre", "dd", "dt", "dl", "center", "main", "body", "td", "th", "tbody", "thead"}
_START = re.compile(r"总体情况|概述|总体概况")
_END = re.compile(r"其他需要报告的事项")
_TITLE = re.compile(r"政府信息公开.{0,8}报告")


def decode_html(data: bytes, source: str | None) -> tuple[str, str]:
    """(text, encoding used): BOM, then the declared charset, then UTF-8, then detection."""
    try:  # (a page saved as UTF-8 after being read as Latin-1 keeps its charset declaration: checked first)
        undone = undo_mojibake(data.decode("utf-8"))
    except UnicodeDecodeError:
        undone = None
    return undone or _decode_html(data, source)


def _decode_html(data: bytes, source: str | None) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _META_CHARSET.search(data[:8192])
    declared = m.group(1).decode("ascii", "replace").lower() if m else None
    if declared:
        enc = _ALIASES.get(declared, declared)
        try:
            return data.decode(enc), f"{declared} (declared)"
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8 (detected)" if not declared else f"utf-8 (declared {declared} failed)"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        raise UnsupportedEncodingError("HTML in an unknown encoding", source=source)
    enc = _ALIASES.get(best.encoding.lower(), best.encoding)
    return data.decode(enc, errors="replace"), f"{best.encoding} (detected)"


_JS_ESCAPED = re.compile(r"<[a-zA-Z][^<>]{0,200}=\\\"|<\\/[a-zA-Z]")
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[nrt\"'/\\])")


_JS_ASSIGN = re.compile(
    r"""(?:\b(?:var|let|const)\s+)?[\w.$\[\]'"]+\s*[=:]\s*(["'])((?:[^"'\\]|\\.|(?!\1)["'])*)\1\s*[;,]?""", re.S
)


def _unescape_js(text: str) -> str:
    """Markup held in JavaScript string literals (``var content = "<p …>…";``): the literals' contents,
    each as a paragraph (a ``title`` literal above the body becomes its title line), escapes undone."""
    literals = [m.group(2) for m in _JS_ASSIGN.finditer(text)]
    if literals and sum(len(x) for x in literals) >= 0.8 * len(text.strip()):
        text = "\n".join(x if x.lstrip().startswith("<") else f"<p>{x}</p>" for x in literals)

    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "ux":
            return chr(int(e[1:], 16))
        return {"n": "\n", "r": "\r", "t": "\t"}.get(e, e)

    return _JS_ESCAPE.sub(one, text)


def read_html(data: bytes, source: str | None = None, ocr: OcrSettings | None = None,
              base: Path | None = None) -> Document:
    """``base``: the folder the page was saved in; a table published as an ``<img>`` saved there (beside the
    page or in its ``*_files`` folder) is read by OCR in its place, when OCR is on."""
    from lxml import etree, html

    text, encoding = decode_html(data, source)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if _JS_ESCAPED.search(text):  # markup stored in a JavaScript string literal: undo its escapes
        text = _unescape_js(text)
    if "<cell" in text and "<td" not in text and "<TD" not in text:
        text = xml_tables_as_html(text)
    try:
        root = html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptInputError(f"cannot parse HTML ({exc})", source=source) from None
    body = _report_body(root)
    if body is None:
        raise NotAReportError("HTML page holds no report (no 总体情况 … 其他需要报告的事项)", source=source)
    b = TextBuilder()
    title = _title_before(root, body)
    if title:
        b.para(title)
    images = _ImageReader(base, ocr or OcrSettings()) if base is not None else None
    render_element(body, b, images)
    doc = b.document("html", encoding)
    if images is not None and images.read:
        doc.notes.append(("ocr", f"{images.read} image(s) in the page read by OCR ({images.cells} table cell(s)) "
                                 f"in {images.seconds:.1f} s"))
    return doc


#: the table markup of XML text formats (trafilatura's XML and XML-TEI output, TEI itself) and their HTML tags
_XML_TAGS = {"row": "tr", "cell": "td", "lb": "br", "hi": "b", "list": "ul", "item": "li"}
_XML_TAG = re.compile(r"<(/?)(row|cell|lb|hi|list|item|head)\b")


def xml_tables_as_html(text: str) -> str:
    """An XML text format's markup as HTML: ``<row>``/``<cell>`` as ``<tr>``/``<td>`` (trafilatura's
    ``output_format="xml"``/``"xmltei"``: a page's tables so written, read as text they were no table), line
    breaks, highlights, lists, and ``<head>`` as a heading where the text is no HTML page (no ``<html>``)."""
    page = "<html" in text[:2000].lower()

    def tag(m: re.Match[str]) -> str:
        name = m.group(2)
        if name == "head":
            return m.group(0) if page else f"<{m.group(1)}h2"
        return f"<{m.group(1)}{_XML_TAGS[name]}"

    return _XML_TAG.sub(tag, text)


def _report_body(root):
    start = end = None
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP or _in_skipped(el):
            continue
        own = simplified(el.text or "")
        if start is None and _START.search(own):
            start = el
        if _END.search(own):
            end = el
    if start is None or end is None:
        body = root.find(".//body")
        return body if body is not None else root
    ancestors = set(start.iterancestors())
    node = end
    while node is not None and node not in ancestors:
        node = node.getparent()
    return node if node is not None else root


def _in_skipped(el) -> bool:
    return any(isinstance(a.tag, str) and a.tag in ("script", "style", "head", "nav", "footer") for a in el.iterancestors())


def _title_before(root, body) -> str | None:
    """The report title when it stands outside the body (an <h1> above the content block)."""
    head = simplified(body.text_content()[:300])
    m = _START.search(head)
    if _TITLE.search(head[: m.start()] if m else head):
        return None  # the title stands inside the body, above the first heading
    best = None
    ancestors = set(body.iterancestors())
    for el in root.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong", body.tag):
        if el is body:
            break  # only what stands above the content block, in document order
        if el in ancestors or _in_skipped(el):
            continue
        t = " ".join(el.text_content().split())
        if _TITLE.search(simplified(t)) and len(t) <= 60 and not _is_link(el):
            best = t  # the last one before the body wins
    return best


def _is_link(el) -> bool:
    """Whether a title-like element's title is a link's: another page's (a sidebar's list of the site's reports,
    上一篇/下一篇), never the page's own."""
    if any(a.tag == "a" for a in el.iterancestors()):
        return True
    return any(_TITLE.search(simplified(a.text_content())) for a in el.iter("a"))


def _is_data_table(el) -> bool:
    return el.find(".//table") is None


def _cell_text(td) -> str:
    parts: list[str] = []

    def rec(e) -> None:
        if isinstance(e.tag, str) and e.tag in _SKIP:
            return
        if e.tag == "br":
            parts.append("\n")
        elif isinstance(e.tag, str) and e.tag in ("p", "div", "li") and parts:
            parts.append("\n")
        if e.text:
            parts.append(e.text)
        for c in e:
            rec(c)
            if c.tail:
                parts.append(c.tail)

    rec(td)
    return "".join(parts)


def _grid_rows(table) -> list[list[tuple[str, int]]]:
    """Rows of (cell text, grid column), with rowspan/colspan placed on the grid. A rowspan never reaches
    past the table's last row, and the cells a span covers are kept per row as column intervals — the
    grid's area is never materialised, so ``rowspan=1000 colspan=1000`` costs a few intervals, not a
    million entries."""
    rows: list[list[tuple[str, int]]] = []
    trs = [tr for tr in table.iter("tr") if tr.getparent() is not None and not _ghost_row(tr)]
    covered: list[list[tuple[int, int]]] = [[] for _ in trs]  # per row: (first column, end) taken by spans
    for r, tr in enumerate(trs):
        row: list[tuple[str, int]] = []
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            col = _free(covered[r], col)
            rs = min(_span(td.get("rowspan")), len(trs) - r)
            cs = _span(td.get("colspan"))
            for dr in range(1, rs):
                covered[r + dr].append((col, col + cs))
            row.append((_cell_text(td), col))
            col += cs
        rows.append(row)
    return rows


def _ghost_row(tr) -> bool:
    """A row that is no row of the table: of no height and no text (Word's "save as web page" writes one
    after a table, ``<![if !supportMisalignedColumns]><tr height=0><td width=57 style='border:none'></td>…``,
    to fix its columns' widths); read as cells, its empty cells joined the table's last row."""
    return tr.get("height", "").strip() in ("0", "0px") and not "".join(tr.itertext()).strip()


_NUMBER = re.compile(r"^[\d,.，]+$")


_FLEX = re.compile(r"display\s*:\s*(?:inline-)?flex")


def _div_grid(el) -> list[list[tuple[str, int]]] | None:
    """Rows of a table built without ``<table>`` (CSS grids of ``div``/``span``, ``ul``/``li`` lists):
    an element whose children are row blocks made only of elements (its cells; an empty one a blank
    cell) and holding no text of their own, at least three of them with two cells or more and two with
    numbers (rows styled ``display:flex``: two, one with numbers). Cells by their place in the row (no spans
    known). None for anything else."""
    rows = [c for c in el if isinstance(c.tag, str) and c.tag not in _SKIP]
    # (rows that say they are flex rows — 秀米's and other WeChat editors' tables — may be as few as two: a
    # block of table 二, 行政许可 | 8354 under its header)
    flex = bool(rows) and all(_FLEX.search(r.get("style") or "") for r in rows)
    if len(rows) < (2 if flex else 3) or (el.text or "").strip() or any(r.tag == "table" for r in rows):
        return None  # (a body of paragraphs and tables, LibreOffice's HTML: its tables are read as tables)
    out: list[list[tuple[str, int]]] = []
    numeric_rows = wide_rows = 0
    for row in rows:
        cells = [c for c in row if isinstance(c.tag, str)]
        wide_rows += len(cells) >= 2
        if (row.tag not in _BLOCK or not cells or (row.text or "").strip()
                or any((c.tail or "").strip() for c in cells)
                or any(d.tag in ("table", "li", "ul", "ol") for c in cells for d in c.iter())):
            return None
        texts = [" ".join("".join(c.itertext()).split()) for c in cells]
        numeric_rows += any(_NUMBER.match(t) for t in texts)
        out.append([(t, i) for i, t in enumerate(texts)])
    return out if numeric_rows >= (1 if flex else 2) and wide_rows >= (2 if flex else 3) else None


def _free(spans: list[tuple[int, int]], col: int) -> int:
    """The first column at or after ``col`` that no span covers."""
    moved = True
    while moved:
        moved = False
        for a, b in spans:
            if a <= col < b:
                col, moved = b, True
    return col


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 1000))
    except ValueError:
        return 1


class _ImageReader:
    """The images of a saved page, found beside it and read by OCR (tables and lines in their place)."""

    MIN_SIZE = (300, 80)  # pixels: smaller images are icons and logos
    MAX_IMAGES = 20

    def __init__(self, base: Path, settings: OcrSettings) -> None:
        self.base, self.settings = base.resolve(), settings
        self.on = why_no_ocr(settings) is None
        self.read = self.cells = 0
        self.seconds = 0.0

    def file(self, src: str) -> Path | None:
        """The saved image a ``src`` names, inside the page's folder (never outside it), or None."""
        path = unquote(urlsplit(src).path)
        name = PurePosixPath(path).name
        if not name:
            return None
        tries = [] if urlsplit(src).scheme or path.startswith("/") else [self.base / path]
        tries += [self.base / name, *(d / name for d in self.base.glob("*_files"))]
        for p in tries:
            try:
                real = p.resolve()
            except OSError:
                continue
            if real.is_relative_to(self.base) and real.is_file() and real.stat().st_size <= MAX_IMAGE_BYTES:
                return real
        return None

    def __call__(self, b: TextBuilder, src: str) -> None:
        if not self.on or self.read >= self.MAX_IMAGES:
            return
        path = self.file(src)
        if path is None:
            return
        import time

        import numpy as np
        from PIL import Image, UnidentifiedImageError

        from xxgk.readers.ocr.document import render_page
        from xxgk.readers.ocr.engine import engine
        from xxgk.readers.ocr.page import PageImage, read_page

        try:
            with Image.open(path) as im:
                if im.width < self.MIN_SIZE[0] or im.height < self.MIN_SIZE[1]:
                    return
                gray = np.asarray(im.convert("L"))
                dpi = round(float((im.info.get("dpi") or (96,))[0]) or 96)
        except (UnidentifiedImageError, OSError):
            return
        if self.settings.on_page is not None:
            self.settings.on_page()
        t0 = time.perf_counter()
        text = read_page(PageImage(gray, max(72, min(dpi, 600)), 1.0), engine())
        self.seconds += time.perf_counter() - t0
        self.read += 1
        self.cells += text.cells
        render_page(b, text)


MAX_IMAGE_BYTES = 32 * 1024 * 1024


def render_element(el, b: TextBuilder, images: _ImageReader | None = None) -> None:
    """An element's text into ``b``: blocks as lines, data tables (and tables built of ``div``/``li``) on the
    grid in the tab layout, images of tables read by OCR when ``images`` is given."""
    line: list[str] = []

    def flush() -> None:
        if line:
            b.para("".join(line))
            line.clear()

    def rec(e) -> None:
        tag = e.tag if isinstance(e.tag, str) else None
        if tag is None or tag in _SKIP:  # comments, processing instructions, scripts, navigation
            return
        if tag == "table" and _is_data_table(e):
            flush()
            b.table(_grid_rows(e))
            return
        if tag in _BLOCK and tag not in ("table", "tr"):
            grid = _div_grid(e)
            if grid is not None:  # a table made of div/span or li: read as a table
                flush()
                b.table(grid)
                return
        if tag == "img" and images is not None and e.get("src"):
            flush()
            images(b, e.get("src"))
            return
        if tag == "br":
            flush()
        block = tag in _BLOCK
        if block:
            flush()
        if e.text:
            line.append(e.text)
        for c in e:
            rec(c)
            if c.tail:
                line.append(c.tail)
        if block:
            flush()

    rec(el)
    flush()
