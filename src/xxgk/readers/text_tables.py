"""Text with HTML tables in it: Markdown whose tables are ``<table>`` markup, as PDF-to-Markdown converters
built on layout and vision models write them (MinerU, PaddleOCR's PP-Structure and PaddleOCR-VL, olmOCR,
marker for merged cells): prose as lines of text, each table as one line of HTML, often wrapped in
``<html><body>…</body></html>``, with ``rowspan``/``colspan`` for merged cells and ``<td></td>`` for a blank
one.

Read as an HTML page, its prose would run together (a browser joins lines); read as text, its tables would
be tags. So the text between the tables stays lines, and each table is placed on the grid like a web page's
(``readers.html``), rendered in the tab layout with its cells' provenance (table, row, grid column).

Stages: ``table_spans`` (where the tables stand) → ``embedded_tables`` (is this text with tables, or markup?)
→ ``read_text_tables`` (the rendering).
"""

from __future__ import annotations

import re

from xxgk.readers import Document
from xxgk.readers.grid import TextBuilder

_TABLE_TAG = re.compile(r"<(/?)table\b[^<>]*>", re.I)
# the document wrappers a converter writes around each table, and Markdown-compatible inline tags
_WRAPPERS = re.compile(r"</?(?:html|body)\b[^<>]*>", re.I)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_INLINE = {"br", "b", "i", "u", "em", "strong", "sup", "sub", "span", "font", "a", "img"}
MIN_TEXT_LINES = 5  # lines of prose outside the tables (a report has dozens)
MAX_MARKUP_SHARE = 0.2  # of those lines, the share that may hold block tags (an HTML fragment: most do)


def table_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost ``<table>…</table>`` in the text (nested tables inside their outer
    one; a table never closed runs to the end of the text)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    if depth:
        spans.append((start, len(text)))
    return spans


def embedded_tables(text: str) -> list[tuple[int, int]] | None:
    """The spans of the tables when ``text`` is line-structured text with HTML tables in it: outside the
    tables (and the ``<html><body>`` wrappers around them) at least ``MIN_TEXT_LINES`` lines of text, at most
    ``MAX_MARKUP_SHARE`` of them holding a block tag (``<p>``, ``<div>``, ``<li>``…: an HTML page or a CMS
    fragment, whose lines mean nothing, is read by ``readers.html``). None otherwise."""
    spans = table_spans(text)
    if not spans:
        return None
    lines: list[str] = []
    pos = 0
    for a, z in [*spans, (len(text), len(text))]:
        lines += [ln for ln in _WRAPPERS.sub("", text[pos:a]).splitlines() if ln.strip()]
        pos = z
    marked = sum(1 for ln in lines if any(t.lower() not in _INLINE for t in _TAG.findall(ln)))
    if len(lines) - marked < MIN_TEXT_LINES or marked > MAX_MARKUP_SHARE * len(lines):
        return None
    return spans


def read_text_tables(text: str, spans: list[tuple[int, int]], encoding: str | None) -> Document:
    """The text rendered with its tables in the tab layout (offsets refer to the rendering, as for a web
    page); a note says how many tables were read as grids."""
    from lxml import etree, html

    from xxgk.readers.html import render_element

    b = TextBuilder()
    pos = 0
    for a, z in spans:
        b.para(_WRAPPERS.sub("", text[pos:a]))
        try:
            render_element(html.fragment_fromstring(text[a:z]), b)
        except (etree.ParserError, ValueError):  # markup beyond repair: its text, as lines
            b.para(re.sub(r"<[^<>]*>", " ", text[a:z]))
        pos = z
    b.para(_WRAPPERS.sub("", text[pos:]))
    doc = b.document("txt", encoding)
    doc.notes.append(("html_tables_in_text", f"{len(spans)} HTML table(s) in the text read as grids"))
    return doc
