"""Word files. ``.docx`` is read straight from its XML (no Word needed): paragraphs in document order,
text boxes and content controls included, tables with merged cells placed on a grid (a vertically merged
continuation cell becomes an empty placeholder, as Word's own text export writes it). The zip is checked
before anything is inflated, so a zip bomb is refused. Old binary ``.doc`` files are read by ``readers.doc``,
or, in a form it does not know, converted with LibreOffice when it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from xxgk.core.errors import CorruptInputError, InputTooLargeError, UnsupportedFormatError
from xxgk.readers import Document
from xxgk.readers.grid import TextBuilder
from xxgk.readers.html import read_html
from xxgk.readers.mhtml import looks_like_mhtml, page_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_XML = 64 * 1024 * 1024  # inflated size of word/document.xml we accept
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str | None) -> bytes:
    """A member's bytes, inflated in 1 MiB steps and stopped as soon as they pass what its header declares or
    ``MAX_XML``: a header that lies about the size (the CRC check comes only at the end) costs at most one
    step beyond the limit, never the whole bomb."""
    limit = min(MAX_XML, info.file_size)
    chunks: list[bytes] = []
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise InputTooLargeError(
                    f"refused: {info.filename} inflates past {limit // (1 << 20) or 1} MiB although its zip header "
                    f"declares {info.file_size:,} bytes (limit {MAX_XML // (1 << 20)} MiB) — a zip bomb?",
                    source=source)
            chunks.append(chunk)
    return b"".join(chunks)


def read_docx(data: bytes, source: str | None = None) -> Document:
    from lxml import etree

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptInputError(f"damaged .docx (not a readable zip: {exc})", source=source) from None
    with zf:
        try:
            info = zf.getinfo("word/document.xml")
        except KeyError:
            raise CorruptInputError("zip file without word/document.xml: not a Word document", source=source) from None
        total = sum(i.file_size for i in zf.infolist())
        if info.file_size > MAX_XML or total > MAX_TOTAL or (
            info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20
        ):
            raise InputTooLargeError(
                f"refused: word/document.xml inflates to {info.file_size // (1 << 20)} MiB "
                f"(ratio {info.file_size // max(info.compress_size, 1)}:1) — a zip bomb?", source=source)
        try:
            xml = _inflate(zf, info, source)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CorruptInputError(f"damaged .docx ({exc})", source=source) from None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        try:
            root = etree.fromstring(xml, parser)
        except etree.XMLSyntaxError as exc:
            raise CorruptInputError(f"damaged .docx (document.xml: {exc})", source=source) from None
        body = root.find(f"{W}body")
        if body is None:
            raise CorruptInputError("document.xml without a body", source=source)
        b = TextBuilder()
        _blocks(body, b)
        doc = b.document("docx", "utf-8")
        chunks = body.findall(f".//{W}altChunk")
        if chunks and not doc.text.strip():
            return _alt_chunk(zf, chunks[0].get(f"{R}id"), source)
    return doc


def _alt_chunk(zf: zipfile.ZipFile, rid: str | None, source: str | None) -> Document:
    """A Word file whose body is an embedded web page (``w:altChunk``: what web "export to Word" libraries
    such as html-docx-js write, Word showing the page as its content): the page, MHTML or HTML, read as one."""
    from lxml import etree

    try:
        rels = etree.fromstring(_inflate(zf, zf.getinfo("word/_rels/document.xml.rels"), source),
                                etree.XMLParser(resolve_entities=False, no_network=True))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        name = target.lstrip("/") if target.startswith("/") else f"word/{target}"
        data = _inflate(zf, zf.getinfo(name), source)
    except (KeyError, StopIteration, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError):
        raise CorruptInputError("a Word file whose content is an embedded web page (altChunk) that cannot be "
                                "found", source=source) from None
    page = page_of(data) if looks_like_mhtml(data) else data
    if page is None:
        raise CorruptInputError("a Word file whose embedded web page (altChunk) holds no page", source=source)
    doc = read_html(page, source)
    doc.format = "docx"
    doc.notes.append(("docx_alt_chunk", f"the Word file's content is an embedded web page ({name}): read as one"))
    return doc


def _blocks(parent, b: TextBuilder) -> None:
    for el in parent:
        if el.tag == f"{W}p":
            b.para(_para_text(el))
            for box in el.iter(f"{W}txbxContent"):  # text boxes: where reports hide headings
                if not _in_fallback(box):
                    _blocks(box, b)
        elif el.tag == f"{W}tbl":
            if _is_layout_table(el):  # a frame around the report: its cells' contents are the document
                for tc in _own_cells(el):
                    _blocks(tc, b)
            else:
                b.table(_table_rows(el))
        elif el.tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                _blocks(content, b)


def _own_cells(tbl) -> list:
    """The table's own cells (not those of tables nested in them), row by row."""
    return [tc for tr in tbl if tr.tag == f"{W}tr" for tc in tr if tc.tag == f"{W}tc"]


def _is_layout_table(tbl) -> bool:
    """A table used to lay the page out (a frame or border around the whole report, a sidebar beside it):
    one of its own cells holds a table. The report's tables never nest one, and read as a cell's text a
    nested table would lose its blank cells."""
    return any(child.tag == f"{W}tbl" for tc in _own_cells(tbl) for child in tc)


def _in_fallback(el) -> bool:
    return any(a.tag == MC_FALLBACK for a in el.iterancestors())


def _para_text(p) -> str:
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}txbxContent", MC_FALLBACK):
        if el.tag in (f"{W}txbxContent", MC_FALLBACK):
            continue
        if any(a.tag in (f"{W}txbxContent", MC_FALLBACK) for a in el.iterancestors()):
            continue
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _cell_text(tc) -> str:
    lines = []
    for el in tc:
        if el.tag == f"{W}p":
            lines.append(_para_text(el))
        elif el.tag == f"{W}tbl":  # a nested table: its text, row by row
            for row in _table_rows(el):
                lines.append(" ".join(t for t, _ in row if t.strip()))
        elif el.tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                lines.append(_cell_text(content))
    return "\n".join(lines)


def _table_rows(tbl) -> list[list[tuple[str, int]]]:
    rows: list[list[tuple[str, int]]] = []
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # rows of nested tables belong to their cell
        row: list[tuple[str, int]] = []
        col = 0
        cells = (t for child in tr if child.tag in (f"{W}tc", f"{W}sdt")
                 for t in ([child] if child.tag == f"{W}tc" else child.iter(f"{W}tc")))
        for tc in cells:  # in document order, cells inside content controls included
            pr = tc.find(f"{W}tcPr")
            span, cont = 1, False
            if pr is not None:
                gs = pr.find(f"{W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(f"{W}val", "1")))
                    except ValueError:
                        span = 1
                vm = pr.find(f"{W}vMerge")
                cont = vm is not None and vm.get(f"{W}val", "continue") != "restart"
            row.append(("" if cont else _cell_text(tc), col))
            col += span
        rows.append(row)
    return rows


def read_doc(data: bytes, source: str | None = None) -> Document:
    """Legacy binary .doc: read from its own structure (``readers.doc``); a form that reader does not know
    (Word 6/95, damaged) is converted to .docx with LibreOffice when it is installed."""
    from xxgk.readers.doc import DocFormatError, read_doc_binary

    try:
        return read_doc_binary(data, source)
    except DocFormatError as exc:
        why, damaged = str(exc), exc.damaged
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        if damaged:
            raise CorruptInputError(f"damaged .doc ({why})", source=source)
        raise UnsupportedFormatError(
            f"legacy Word .doc that xxgk cannot read itself ({why}): install LibreOffice "
            "(apt-get install libreoffice-writer) to read it, or save it as .docx", source=source)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            subprocess.run([office, "--headless", "--convert-to", "docx", "--outdir", tmp, str(src)],
                           check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as exc:
            raise CorruptInputError(f"damaged .doc ({why}; LibreOffice could not convert it: {exc})",
                                    source=source) from None
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise CorruptInputError(f"damaged .doc ({why}; LibreOffice could not convert it either)", source=source)
        doc = read_docx(out.read_bytes(), source)
    doc.format = "doc"
    return doc
