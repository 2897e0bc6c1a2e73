"""Legacy binary Word files (``.doc``, Word 97–2003, and WPS saving in that format), read without Word or
LibreOffice: the main story's text from the piece table, tables rebuilt from the cell marks. Small pure
stages, each inspectable ([MS-DOC] names in brackets):

1. ``streams``: the compound file's ``WordDocument`` and table (``0Table``/``1Table``) streams (olefile);
2. ``read_fib``: where things are [Fib]: the table stream, the piece table, the paragraph properties, the
   main story's length; encrypted files are refused;
3. ``read_pieces``: the piece table [Clx/PlcPcd]: runs of characters and where their bytes stand
   (UTF-16, or one byte a character when compressed);
4. ``paragraph_marks``: each paragraph mark's table depth and whether it ends a table row, or in a nested
   table a cell or a row [PlcBtePapx, PapxFkp, sprmPFInTable, sprmPFTtp, sprmPItap, sprmPFInnerTableCell,
   sprmPFInnerTtp; sprmPHugePapx], by byte position;
5. ``blocks``: the text cut into paragraphs and table rows (a cell ends at ``\\x07``; a ``\\x07`` that is
   a row-end mark ends the row; a table whose cell holds a table is a frame), fields reduced to their
   shown result;
6. rendered with the grid ``TextBuilder`` as every grid source is (provenance: table, row, cell).

What it does not read: headers, footers, footnotes and text boxes (other stories), a document saved
"fast" by Word 6/95 (no piece table in this form). Such files, and damaged ones, fall back to LibreOffice
when it is installed (``docx.read_doc``).
"""

from __future__ import annotations

import bisect
import io
import struct
from dataclasses import dataclass, field
from typing import NamedTuple

from xxgk.core.errors import CorruptInputError, UnsupportedFormatError
from xxgk.readers import Document
from xxgk.readers.grid import TextBuilder

_WIDENT = 0xA5EC
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
#: paragraph sprms [2.6.2]: in a table, table-row end (inner tables: depth, inner row end)
_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_ITAP = 0x2416, 0x2417, 0x6649
_SPRM_INNER_CELL, _SPRM_INNER_TTP = 0x244B, 0x244C  # nested tables: a cell's end, a row's end
_SPRM_DEF_TABLE = 0xD608  # a variable operand with a two-byte size
_SPRM_HUGE_PAPX = 0x6646  # the paragraph's properties stand in the Data stream (large table rows)
_OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6: variable
_FKP = 512
#: characters of the main story that are marks, not text [2.8.25 and 2.16]
_DROP = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x06\x08\x1f\ufeff"), None) | {0x1E: "-", 0x0B: "\n",
                                                                                    0x0C: "\n", 0xA0: "\u00a0"}


class DocFormatError(Exception):
    """The file is no Word 97–2003 document this reader can read (the caller may try LibreOffice).
    ``damaged``: it is not even a readable compound file."""

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


@dataclass(frozen=True, slots=True)
class Fib:
    table_stream: str
    ccp_text: int  # characters of the main story
    fc_clx: int
    lcb_clx: int
    fc_papx: int  # PlcBtePapx in the table stream
    lcb_papx: int


@dataclass(frozen=True, slots=True)
class Piece:
    cp: int  # first character
    cp_end: int
    fc: int  # byte offset of the first character in the WordDocument stream
    compressed: bool  # one byte a character (cp1252), else UTF-16LE

    def fc_of(self, cp: int) -> int:
        return self.fc + (cp - self.cp) * (1 if self.compressed else 2)


class Props(NamedTuple):
    """A paragraph's place in tables: its table depth (0: not in a table; 2: in a table nested in a cell),
    and whether its mark ends a table row, or (nested tables) a cell or a row."""

    depth: int = 0
    ttp: bool = False
    inner_cell: bool = False
    inner_ttp: bool = False


@dataclass(slots=True)
class Marks:
    """Paragraph properties by byte range: the starts, the ends, and for each run its ``Props``."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    props: list[Props] = field(default_factory=list)

    def at(self, fc: int) -> Props:
        i = bisect.bisect_right(self.starts, fc) - 1
        if i >= 0 and fc < self.ends[i]:
            return self.props[i]
        return Props()


def streams(data: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The WordDocument stream, and the table streams and the Data stream by name."""
    import olefile  # (the compound-file library loads with the first .doc)

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise DocFormatError(f"not a readable compound file: {exc}", damaged=True) from None
    with ole:
        if not ole.exists("WordDocument"):
            raise DocFormatError("a compound file without a WordDocument stream (not a Word document)")
        word = ole.openstream("WordDocument").read()
        tables = {name: ole.openstream(name).read() for name in ("0Table", "1Table", "Data") if ole.exists(name)}
    return word, tables


def read_fib(word: bytes) -> Fib:
    if len(word) < 154 or struct.unpack_from("<H", word, 0)[0] != _WIDENT:
        raise DocFormatError("no Word 97–2003 file information block")
    flags = struct.unpack_from("<H", word, 10)[0]
    if flags & _F_ENCRYPTED:
        raise UnsupportedFormatError("the .doc is password-protected (encrypted): save it without a password")
    csw = struct.unpack_from("<H", word, 32)[0]
    lw = 34 + 2 * csw  # cslw, then fibRgLw
    cslw = struct.unpack_from("<H", word, lw)[0]
    ccp_text = struct.unpack_from("<i", word, lw + 2 + 3 * 4)[0]
    fc_lcb = lw + 2 + 4 * cslw + 2  # after cbRgFcLcb
    cb = struct.unpack_from("<H", word, fc_lcb - 2)[0]
    if cb < 34 or len(word) < fc_lcb + 8 * 34:
        raise DocFormatError("a file information block too short for Word 97 (Word 6/95 file?)")

    def pair(i: int) -> tuple[int, int]:
        fc, lcb = struct.unpack_from("<II", word, fc_lcb + 8 * i)
        return fc, lcb

    (fc_papx, lcb_papx), (fc_clx, lcb_clx) = pair(13), pair(33)
    return Fib("1Table" if flags & _F_WHICH_TABLE else "0Table", ccp_text, fc_clx, lcb_clx, fc_papx, lcb_papx)


def read_pieces(table: bytes, fib: Fib) -> list[Piece]:
    clx = table[fib.fc_clx : fib.fc_clx + fib.lcb_clx]
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers, skipped
        i += 3 + struct.unpack_from("<h", clx, i + 1)[0]
    if i + 5 > len(clx) or clx[i] != 0x02:
        raise DocFormatError("no piece table")
    lcb = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5 : i + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise DocFormatError("an empty piece table")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    out = []
    for k in range(n):
        fc_raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)[0]
        compressed = bool(fc_raw & 0x40000000)
        fc = (fc_raw & 0x3FFFFFFF) // 2 if compressed else fc_raw & 0x3FFFFFFF
        out.append(Piece(cps[k], cps[k + 1], fc, compressed))
    return out


def story_text(word: bytes, pieces: list[Piece], ccp: int) -> str:
    """The main story's characters (the first ``ccp``), as stored: marks included."""
    parts = []
    for p in pieces:
        if p.cp >= ccp:
            break
        n = min(p.cp_end, ccp) - p.cp
        if p.compressed:
            parts.append(word[p.fc : p.fc + n].decode("cp1252", errors="replace"))
        else:
            parts.append(word[p.fc : p.fc + 2 * n].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def paragraph_marks(word: bytes, table: bytes, fib: Fib, data: bytes = b"") -> Marks:
    """The ``Props`` of the paragraphs, by the byte ranges of their marks (``data``: the Data stream, where
    the properties of large table rows are kept)."""
    marks = Marks()
    plc = table[fib.fc_papx : fib.fc_papx + fib.lcb_papx]
    n = (len(plc) - 4) // 8
    runs: list[tuple[int, int, Props]] = []
    for k in range(max(n, 0)):
        pn = struct.unpack_from("<I", plc, 4 * (n + 1) + 4 * k)[0] & 0x3FFFFF
        page = word[pn * _FKP : (pn + 1) * _FKP]
        if len(page) < _FKP:
            continue
        crun = page[-1]
        if 4 * (crun + 1) + 13 * crun > _FKP - 1:
            raise struct.error(f"a paragraph page of {crun} runs does not fit its 512 bytes")
        for r in range(crun):
            start, end = struct.unpack_from("<II", page, 4 * r)
            b = page[4 * (crun + 1) + 13 * r]
            runs.append((start, end, _papx_props(page, 2 * b, data) if b else Props()))
    runs.sort()
    for start, end, props in runs:
        marks.starts.append(start)
        marks.ends.append(end)
        marks.props.append(props)
    return marks


def _papx_props(page: bytes, at: int, data: bytes) -> Props:
    cb = page[at]
    if cb:
        start, size = at + 1, 2 * cb - 1
    else:
        start, size = at + 2, 2 * page[at + 1]
    grpprl = page[start + 2 : start + size]  # (after the style index)
    for sprm, operand in _sprms(grpprl):
        if sprm == _SPRM_HUGE_PAPX and len(operand) == 4:  # the real properties are in the Data stream
            where = struct.unpack_from("<I", operand)[0]
            if where + 2 <= len(data):
                n = struct.unpack_from("<H", data, where)[0]
                grpprl = data[where + 2 : where + 2 + n]
            break
    in_table = ttp = inner_cell = inner_ttp = False
    depth = 0
    for sprm, operand in _sprms(grpprl):
        flag = bool(operand[:1] and operand[0])
        if sprm == _SPRM_IN_TABLE:
            in_table = flag
        elif sprm == _SPRM_TTP:
            ttp = flag
        elif sprm == _SPRM_ITAP and len(operand) >= 4:
            depth = max(struct.unpack_from("<i", operand)[0], 0)
        elif sprm == _SPRM_INNER_CELL:
            inner_cell = flag
        elif sprm == _SPRM_INNER_TTP:
            inner_ttp = flag
    if in_table and depth == 0:
        depth = 1
    return Props(depth, ttp, inner_cell, inner_ttp)


def _sprms(grpprl: bytes) -> list[tuple[int, bytes]]:
    out = []
    i = 0
    while i + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, i)[0]
        i += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == _SPRM_DEF_TABLE and i + 2 <= len(grpprl):
                size = struct.unpack_from("<H", grpprl, i)[0] + 1  # (cb counts itself less one)
            elif i < len(grpprl):
                size = grpprl[i] + 1
            else:
                break
        else:
            size = _OPERAND_SIZE[spra]
        out.append((sprm, grpprl[i : i + size] if spra != 6 else grpprl[i + 1 : i + size]))
        i += size
    return out


@dataclass(slots=True)
class Block:
    """A paragraph (``rows`` None) or a table (``rows``: cell texts, row by row)."""

    text: str = ""
    rows: list[list[str]] | None = None


def blocks(text: str, pieces: list[Piece], marks: Marks) -> list[Block]:
    """Paragraphs and tables of the main story, fields reduced to their results. A table one of whose cells
    holds a table lays the page out (a frame around the report): its own cells read as paragraphs, the
    tables nested in them as the tables (as the .docx reader does)."""
    paras = _flatten_frames(_paragraphs(text, pieces, marks))
    out: list[Block] = []
    row: list[str] = []
    cell: list[str] = []
    table: list[list[str]] | None = None
    for para, depth, kind in paras:
        if depth == 0:
            if table is not None:
                out.append(Block(rows=table))
                table = None
            out.append(Block(text=para))
            continue
        if table is None:
            table = []
        if kind == "row":  # the row-end mark: its paragraph holds no text
            if cell or para:
                row.append("\n".join([*cell, para]) if cell else para)
            table.append(row)
            row, cell = [], []
        elif kind == "cell":
            row.append("\n".join([*cell, para]))
            cell = []
        else:  # a paragraph inside a cell
            cell.append(para)
    if table:
        out.append(Block(rows=table))
    return out


def _paragraphs(text: str, pieces: list[Piece], marks: Marks) -> list[tuple[str, int, str]]:
    """(text, table depth, what its mark ends: ``row``, ``cell`` or ``para``) of every paragraph."""
    out: list[tuple[str, int, str]] = []
    buf: list[str] = []
    starts = [p.cp for p in pieces]
    for cp, ch in _shown(text):
        if ch not in "\r\x07":
            buf.append(ch)
            continue
        piece = pieces[bisect.bisect_right(starts, cp) - 1]
        props = marks.at(piece.fc_of(cp))
        para = "".join(buf).translate(_DROP)
        buf = []
        depth = props.depth if props.depth or ch == "\r" else 1  # (a cell mark is in a table)
        if depth <= 1:
            kind = "row" if props.ttp else "cell" if ch == "\x07" else "para"
        else:
            kind = "row" if props.inner_ttp else "cell" if props.inner_cell or ch == "\x07" else "para"
        out.append((para, depth, kind))
    if buf:
        out.append(("".join(buf).translate(_DROP), 0, "para"))
    return out


def _flatten_frames(paras: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Each run of table paragraphs that reaches a deeper table loses one level: its outermost cells become
    paragraphs, the nested tables move up (until no table nests another)."""
    while any(d > 1 for _, d, _ in paras):
        out: list[tuple[str, int, str]] = []
        i = 0
        while i < len(paras):
            j = i
            while j < len(paras) and paras[j][1] > 0:
                j += 1
            run = paras[i:j] if j > i else [paras[i]]
            if j > i and any(d > 1 for _, d, _ in run):
                out += [(t, 0, "para") if d == 1 else (t, d - 1, k) for t, d, k in run]
            else:
                out += run
            i = max(j, i + 1)
        paras = out
    return paras


def _shown(text: str) -> list[tuple[int, str]]:
    """(character position, character) of what the document shows: a field ``\\x13 code \\x14 result \\x15``
    shows its result (a field without a result shows nothing); fields nest."""
    out = []
    stack: list[bool] = []  # for each open field: past its separator (showing its result)
    for cp, ch in enumerate(text):
        if ch == "\x13":
            stack.append(False)
        elif ch == "\x14" and stack:
            stack[-1] = True
        elif ch == "\x15" and stack:
            stack.pop()
        elif all(stack):
            out.append((cp, ch))
    return out


def read_doc_binary(data: bytes, source: str | None = None) -> Document:
    """A .doc as a grid ``Document``; ``DocFormatError`` when it is not a form this reader knows."""
    word, tables = streams(data)
    fib = read_fib(word)
    table = tables.get(fib.table_stream)
    if table is None:
        raise DocFormatError(f"the {fib.table_stream} stream is missing")
    try:
        pieces = read_pieces(table, fib)
        text = story_text(word, pieces, fib.ccp_text)
        marks = paragraph_marks(word, table, fib, tables.get("Data", b""))
    except (struct.error, IndexError) as exc:
        raise CorruptInputError(f"damaged .doc ({exc})", source=source) from None
    b = TextBuilder()
    for block in blocks(text, pieces, marks):
        if block.rows is None:
            b.para(block.text)
        else:
            b.table([[(t, i) for i, t in enumerate(r)] for r in block.rows])  # (cell: its index in the row)
    return b.document("doc", "utf-16-le" if not all(p.compressed for p in pieces) else "cp1252")
