"""Stage 1 for the ``lines`` layout: one cell a line, and whitespace-separated rows as PDF text gives them
(``规章 0 5 5``): a line's trailing run of numbers is split into value cells, the rest is label text. Every
other tokenizer reads the lines that are no row of its own layout this way."""

from __future__ import annotations

import re
from dataclasses import replace

from xxgk.pipeline.tables.tokens import WORD, Line, Token, cell_token
from xxgk.pipeline.tables.values import is_page_furniture, parse_value

_HEADING_MARK = re.compile(r"#{1,6}")
_GLUED = re.compile(r"^(.*[^\d\s.,+\-/])(\d{2,})$")
LABEL_NUMBER = re.compile(r"^(.*[\u4e00-\u9fff)\"」』])([-+]?\d+)$")  # (after a CJK character or a closing mark)
_UNITS = {"万元", "元"}


def tokenize_lines(lines: list[Line], paragraphs: bool = False, empty_cells: bool = False) -> list[Token]:
    """One cell a line. ``paragraphs`` (see ``in_paragraphs``): each pair of empty lines beyond the one
    that opens every paragraph is an empty cell (a blank token where the pair begins). ``empty_cells``: each
    empty line between two printed ones is an empty cell (LibreOffice's text of a Word table: a cell a line)."""
    tokens: list[Token] = []
    empty: list[Line] = []
    for group, ln in enumerate(lines):
        text = ln.text
        if not text:
            empty.append(ln)
            continue  # an empty line is not a cell (stray line breaks inside rows)
        if paragraphs and tokens:
            tokens += _empty_paragraphs(empty)
        elif empty_cells and tokens:
            tokens += _empty_cells(empty)
        empty = []
        if not text.strip():
            tokens.append(Token("", ln.start, ln.start + len(text), ln.number, group, parse_value("")))
            continue
        if is_page_furniture(text):
            continue
        parts = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        if len(parts) > 1 and _HEADING_MARK.fullmatch(parts[0][2]):
            # a Markdown heading marker on a row (a PDF converter that took the row's larger print for a
            # heading: "## 规章 1 0 11"): no cell
            del parts[0]
        if len(parts) >= 2 and parts[-1][2] in _UNITS and parse_value(parts[-2][2]) is not None:
            # a money cell's unit printed apart from its number ("542.16 万元"): one cell
            parts[-2:] = [(parts[-2][0], parts[-1][1], text[parts[-2][0] : parts[-1][1]])]
        values = [parse_value(p[2]) for p in parts]
        i = len(parts)
        while i > 0 and values[i - 1] is not None:
            i -= 1
        run = None
        if i > 0:  # a number glued to the end of the label: split off as the row's first cell
            k = i - 1
            if i < len(parts):
                # the others spaced after it (pypdf, LangChain's PyPDFLoader: the label fills its cell):
                # "其他对外管理服务事项18 -5 28"
                m = LABEL_NUMBER.match(parts[k][2])
            else:
                # cells run together with their label (crawled web text): "…申请数量15130000154"; or, one cell a
                # line, the others on the lines after (PyMuPDF: "其他对外管理服务事项0" / "0" / "0")
                m = _GLUED.match(parts[k][2])
                if m is None:
                    m = LABEL_NUMBER.match(parts[k][2])
                    if m is not None and not _opens_with_number(lines, group + 1):
                        m = None
            if m:
                cut = parts[k][0] + m.start(2)
                run = Token(m.group(2), ln.start + cut, ln.start + parts[k][1], ln.number, group,
                            parse_value(m.group(2)))
                parts[k] = (parts[k][0], cut, m.group(1))
        if i > 0:
            label_start, label_end = parts[0][0], parts[i - 1][1]
            tokens.append(cell_token(text[label_start:label_end], ln.start + label_start, ln.start + label_end,
                                 ln.number, group))
        if run is not None:
            tokens.append(run)
        for (a, b, s), v in zip(parts[i:], values[i:], strict=True):
            tokens.append(Token(s, ln.start + a, ln.start + b, ln.number, group, v))
    if paragraphs and tokens:  # (empty cells at the end of the table, or the empty paragraphs after it)
        tokens += [replace(t, after_table=True) for t in _empty_paragraphs(empty)]
        return between_texts_dropped(tokens)
    if empty_cells and tokens:  # (the last row's empty cells, or the empty lines after the table: trimmed)
        return tokens + [replace(t, after_table=True) for t in _empty_cells(empty)]
    return tokens


def _opens_with_number(lines: list[Line], k: int) -> bool:
    """Whether the next printed line from ``lines[k]`` on starts with a number."""
    for ln in lines[k:]:
        words = ln.text.split()
        if words:
            return parse_value(words[0]) is not None and words[0][0] in "0123456789+-"
    return False


def between_texts_dropped(tokens: list[Token]) -> list[Token]:
    """Without the empty cells that stand between two texts with no number on either side (the merged cells of
    a header, a caption row's filler): only those beside numbers can be a row's cells."""
    after: list[Token | None] = [None] * len(tokens)  # the next token that is not blank, from each on
    nxt: Token | None = None
    for i in range(len(tokens) - 1, -1, -1):
        after[i] = nxt
        if not tokens[i].is_blank:
            nxt = tokens[i]
    keep = []
    before: Token | None = None  # the last token that is not blank
    for tok, later in zip(tokens, after, strict=True):
        if tok.is_blank and tok.group < 0 and before is not None and before.is_text \
                and (later is None or later.is_text):
            continue
        keep.append(tok)
        if not tok.is_blank:
            before = tok
    return keep


def _empty_cells(empty: list[Line]) -> list[Token]:
    """A blank token (a group of its own) for each empty line."""
    return [Token("", e.start, e.start, e.number, -e.number, parse_value("")) for e in empty]


def _empty_paragraphs(empty: list[Line]) -> list[Token]:
    """The empty cells of a run of empty lines between two paragraphs: a blank token (a group of its own)
    where each pair of lines begins, beyond the last line, which opens the next paragraph."""
    return [Token("", e.start, e.start, e.number, -e.number, parse_value("")) for e in empty[1:-1:2]]
