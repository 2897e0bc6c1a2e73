"""Hostile inputs, built on the fly (nothing large is committed): files that try to take memory, and a
report's text in the sizes and shapes an attacker or an unlucky user produces."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def span_bomb_html(path: Path, cells: int = 40) -> Path:
    """A 1.7 KB table: every cell ``rowspan=1000 colspan=1000``."""
    tds = "".join(f'<td rowspan="1000" colspan="1000">{i}</td>' for i in range(cells))
    path.write_text(f"<html><body><table><tr>{tds}</tr><tr><td>1</td><td>2</td></tr></table></body></html>",
                    encoding="utf-8")
    return path


def lying_docx(path: Path, inflated: int = 1 << 30, declared: int = 1000) -> Path:
    """A ~1 MB .docx whose word/document.xml inflates to ``inflated`` bytes while its zip headers declare
    ``declared``."""
    head = f"<w:document xmlns:w='{W}'><w:body><w:p><w:r><w:t>".encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w", force_zip64=True) as fh:
        fh.write(head)
        block = b"0" * (1 << 20)
        left = inflated - len(head) - len(tail)
        while left > 0:
            fh.write(block[: min(left, len(block))])
            left -= len(block)
        fh.write(tail)
    data = bytearray(buf.getvalue())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)  # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, declared)  # and central directory
    _drop_zip64_sizes(data, central)
    path.write_bytes(bytes(data))
    return path


def _drop_zip64_sizes(data: bytearray, central: int) -> None:
    """Point the central entry's zip64 extra field at a size that agrees with the 32-bit lie (so readers
    believe the header)."""
    name_len, extra_len = struct.unpack_from("<HH", data, central + 28)
    extra = central + 46 + name_len
    end = extra + extra_len
    while extra + 4 <= end:
        tag, size = struct.unpack_from("<HH", data, extra)
        if tag == 0x0001 and size >= 8:
            struct.pack_into("<Q", data, extra + 4, 1000)
        extra += 4 + size


def many_page_pdf(path: Path, pages: int, text: str) -> Path:
    """A PDF of ``pages`` pages, each with one line of ``text`` (ASCII) in its text layer — written by hand,
    no PDF library needed. Objects: 1 the font, 2+2i / 3+2i page i's content and page, then the page tree
    and the catalog."""
    tree, catalog = 2 + 2 * pages, 3 + 2 * pages
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    bodies = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        bodies.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        bodies.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                      b"/Resources << /Font << /F1 1 0 R >> >> >>" % (tree, 2 + 2 * i))
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    bodies.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    bodies.append(b"<< /Type /Catalog /Pages %d 0 R >>" % tree)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path
