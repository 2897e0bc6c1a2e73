"""Stage 1 for ruled text tables: a table drawn with characters, every cell between bars and every row
between rule lines. Text browsers print HTML tables with borders so (``w3m -dump``: ``│143│37 │``,
``├───┼───┤``), and so do pandoc's grid tables (``| 143 | 37 |``, ``+-----+-----+``) and database shells.

A cell too narrow for its text wraps it onto the next lines (``│4.保护第三方│`` / ``│合法权益    │``), so a row
is not a line: it is the block of lines between two rule lines, and a cell is the text of its column on
every line of the block, joined. A rule line that only runs under some columns (the cells of a merged cell
that spans several rows go on past it) still ends the block: the merged cell's text is then spread over the
blocks of its rows, or printed on the rule line beside the rule, where it is label text before a row's own
label, as a heading of a merged cell is in the other layouts. Lines outside the table (captions, notes)
are read as in the ``lines`` layout.
"""

from __future__ import annotations

import re
from itertools import pairwise

from xxgk.pipeline.tables.cells import tokenize
from xxgk.pipeline.tables.tokens import Line, Token
from xxgk.pipeline.tables.values import parse_value

#: box-drawing characters as the ASCII of a grid table (one character for one: offsets do not move)
_BOX = str.maketrans({**dict.fromkeys("│┃║┆┇┊┋", "|"), **dict.fromkeys("─━┄┅┈┉", "-"), "═": "=",
                      **dict.fromkeys("├┤┼┬┴┌┐└┘┝┥┿┯┷┍┑┕┙┠┨╂┰┸┎┒┖┚┣┫╋┳┻┏┓┗┛╞╡╪╤╧╒╕╘╛╟╢╫╥╨╓╖╙╜"
                                      "╠╣╬╦╩╔╗╚╝╭╮╯╰", "+")})
_RULE = re.compile(r"^\s*[|+]?[\s|+:]*[-=]{3,}[-=+|:\s]*$")
_BOX_CHARS = re.compile(r"[│┃║├┤┼┬┴┌┐└┘]")
# a rule under the right-hand columns only, beside a merged cell that spans rows and prints its text there
_RULE_TAIL = re.compile(r"[+|][-=]{3,}[-=+|:]*\s*$")


def as_ascii(lines: list[Line]) -> list[Line]:
    """The lines with box-drawing characters written as ASCII (``│`` as ``|``, ``─`` as ``-``, corners and
    junctions as ``+``)."""
    if not any(_BOX_CHARS.search(ln.text) for ln in lines):
        return lines
    return [Line(ln.start, ln.text.translate(_BOX), ln.number) for ln in lines]


def is_rule(text: str) -> bool:
    """A rule line: dashes (or ``=``) between junctions and bars, nothing else (``+---+---+``, ``|   +---+``).
    A Markdown table's one separator under its header (``| --- | --- |``) has no junction: not a rule."""
    return "+" in text and bool(_RULE.match(text))


def _is_cells(text: str) -> bool:
    s = text.strip()
    return s.startswith("|") and s.count("|") >= 3


def is_ruled(lines: list[Line]) -> bool:
    """A table drawn with rule lines: two rule lines at least, rows between them, and a rule that opens with a
    junction (``+---+``: a grid table's or a box drawing's outer rule). Org-mode's tables (pandoc's ``-t
    org``) rule only under their header, between bars (``|----+----|``), a row a line: pipe tables."""
    rules = [ln.text for ln in lines if is_rule(ln.text)]
    cells = sum(1 for ln in lines if _is_cells(ln.text) and not is_rule(ln.text))
    return len(rules) >= 2 and cells >= 2 and any(r.lstrip().startswith("+") for r in rules)


def _cells(ln: Line) -> list[tuple[int, int]]:
    """The (start, end) offsets in the document of the cells of a row line, between its bars."""
    text = ln.text
    bars = [i for i, ch in enumerate(text) if ch == "|"]
    return [(ln.start + a + 1, ln.start + b) for a, b in pairwise(bars)]


def _joined(pieces: list[tuple[str, int, int]], line: int, group: int, empty: tuple[int, int]) -> Token:
    """One cell from its pieces on the lines of a block (text, start, end): printed pieces joined with no
    space (a Chinese label wraps anywhere), its span from the first printed piece to the last."""
    printed = [(t.strip(), a + len(t) - len(t.lstrip()), a + len(t.rstrip())) for t, a, _ in pieces if t.strip()]
    if not printed:
        return Token("", empty[0], empty[1], line, group, parse_value(""))
    text = "".join(t for t, _, _ in printed)
    return Token(text, printed[0][1], printed[-1][2], line, group, parse_value(text))


def tokenize_ruled(lines: list[Line]) -> list[Token]:
    """Tokens of a section whose table is ruled (see the module): a token per cell of each block of row
    lines, in column order; the other lines as in the ``lines`` layout."""
    tokens: list[Token] = []
    block: list[Line] = []

    def flush() -> None:
        if not block:
            return
        spans = [_cells(ln) for ln in block]
        group = block[0].number * 2 + 1
        if len({len(s) for s in spans}) == 1:  # the block's lines share its columns: a cell per column
            for col in range(len(spans[0])):
                pieces = [(ln.text[a - ln.start : b - ln.start], a, b) for ln, s in zip(block, spans, strict=True)
                          for a, b in [s[col]]]
                tokens.append(_joined(pieces, block[0].number, group, spans[0][col]))
        else:  # (lines of a block cut into different cells: each line is a row of its own)
            for ln, s in zip(block, spans, strict=True):
                for a, b in s:
                    tokens.append(_joined([(ln.text[a - ln.start : b - ln.start], a, b)], ln.number,
                                          ln.number * 2 + 1, (a, b)))
        block.clear()

    for ln in lines:
        tail = _RULE_TAIL.search(ln.text)
        if is_rule(ln.text):
            flush()
        elif tail is not None and _is_cells(ln.text[: tail.start()] + "|"):
            flush()  # the rows end here; the merged cells' text beside the rule is a heading of no row
            head = Line(ln.start, ln.text[: tail.start()] + "|", ln.number)
            for a, b in _cells(head):
                tok = _joined([(ln.text[a - ln.start : b - ln.start], a, b)], ln.number, ln.number * 2, (a, b))
                if tok.text:
                    tokens.append(tok)
        elif _is_cells(ln.text):
            block.append(ln)
        else:
            flush()
            for tok in tokenize([ln], "lines"):
                tok.group = ln.number * 2
                tokens.append(tok)
    flush()
    return tokens
