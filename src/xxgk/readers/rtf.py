"""RTF: a Word or WPS document saved as "RTF 格式" (often named ``.doc``: Word opens it as one), or written
by pandoc. Text with control words: CJK characters as ``\\uN`` or as ``\\'hh`` bytes of the document's code
page (``\\ansicpg936``: GBK), tables as ``\\cell`` / ``\\row``. Read as text it is control words, not a report.

Rendered like every grid source, in the tab layout: a paragraph a line; a table row as one line per cell
opened by a tab, rows apart by an empty line. The destinations that hold no text of the document (font and
colour tables, style sheet, document info, pictures, embedded objects, field instructions, headers and
footers) are skipped.
"""

from __future__ import annotations

import re

from xxgk.core.errors import CorruptInputError

# destinations whose text is not the document's
_SKIP = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr",
    "headerf", "footerl", "footerr", "footerf", "listtable", "listoverridetable", "rsidtbl", "generator",
    "xmlnstbl", "themedata", "colorschememapping", "latentstyles", "datastore", "mmathPr", "pgdsctbl",
    "fldinst", "filetbl", "revtbl", "bkmkstart", "bkmkend", "footnote", "annotation", "atnid", "atnauthor",
    "userprops", "docvar", "nonshppict", "shpinst", "blipuid", "background", "wgrffmtfilter", "xmlopen",
    "xmlclose", "fchars", "lchars", "passwordhash", "template", "operator", "company", "title", "subject",
})
_TOKEN = re.compile(r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.S)
_SPECIAL = {"~": "\u00a0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}"}


def looks_like_rtf(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf")


class _Writer:
    """The rendering: paragraphs as lines, a table row's cells as tab lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.cells: list[str] = []

    def text(self) -> str:
        return "".join(self.buf).strip()

    def par(self, in_table: bool) -> None:
        if in_table:  # (a paragraph inside a cell: the cell's text goes on)
            return
        self.lines.append(self.text())
        self.buf = []

    def cell(self) -> None:
        self.cells.append(self.text())
        self.buf = []

    def row(self) -> None:
        if self.buf:
            self.cell()
        self.lines += ["\t" + c for c in self.cells] + [""]
        self.cells = []


def render(data: bytes, source: str | None = None) -> tuple[str, str]:
    """(the document as text in the tab layout, the code page its bytes were read in)."""
    raw = data.decode("latin-1")
    m = re.search(r"\\ansicpg(\d+)", raw[:4096])
    codepage = f"cp{m.group(1)}" if m else "cp1252"
    if m and m.group(1) == "936":
        codepage = "gb18030"
    out = _Writer()
    stack: list[tuple[bool, int, bool]] = []
    skip, uc, in_table = False, 1, False
    pending = bytearray()
    to_skip = 0  # (the fallback characters after a \uN)

    def flush() -> None:
        if pending:
            if not skip:
                out.buf.append(pending.decode(codepage, errors="replace"))
            pending.clear()

    destination_next = False
    for t in _TOKEN.finditer(raw):
        word, param, hexbyte, sym, brace, plain = t.groups()
        if to_skip and (plain or hexbyte or sym):
            if plain:
                if len(plain) <= to_skip:
                    to_skip -= len(plain)
                    continue
                plain, to_skip = plain[to_skip:], 0
            else:
                to_skip -= 1
                continue
        if hexbyte is not None:
            pending.append(int(hexbyte, 16))
            continue
        flush()
        if brace == "{":
            stack.append((skip, uc, in_table))
            destination_next = True
            continue
        if brace == "}":
            if not stack:
                break
            skip, uc, _ = stack.pop()
            destination_next = False
            continue
        first, destination_next = destination_next, False
        if sym is not None:
            if sym == "*":
                skip = True  # (an optional destination: none of this reader's)
            elif sym in ("\n", "\r"):
                out.par(in_table)
            elif not skip:
                out.buf.append(_SPECIAL.get(sym, ""))
            continue
        if word is not None:
            if word in _SKIP and first:
                skip = True
            elif word == "uc":
                uc = int(param or 1)
            elif word == "u":
                n = int(param or 0)
                if not skip:
                    out.buf.append(chr(n + 65536 if n < 0 else n))
                to_skip = uc
            elif skip:
                continue
            elif word in ("par", "line", "sect", "page"):
                out.par(in_table)
            elif word == "pard":
                in_table = False
            elif word == "intbl":
                in_table = True
            elif word in ("cell", "nestcell"):
                out.cell()
            elif word in ("row", "nestrow"):
                out.row()
                in_table = False
            elif word == "tab":
                out.buf.append(" ")
            continue
        if plain and not skip:
            out.buf.append(plain)
    flush()
    if out.buf or out.cells:
        out.par(False)
    text = "\n".join(out.lines).strip("\n")
    if not text:
        raise CorruptInputError("an RTF file with no text in it", source=source)
    return text + "\n", codepage
