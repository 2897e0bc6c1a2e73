"""The units of stage 1: a table's lines (``Line``) and the cell tokens every tokenizer makes of them
(``Token``), with the offsets that keep each value traceable to where it stands in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from xxgk.core.model import CellState
from xxgk.pipeline.tables.values import Value, parse_value

#: a printed word (numbers a cell prints apart, a line's fields)
WORD = re.compile(r"\S+")


@dataclass(slots=True)
class Token:
    text: str  # normalised, stripped
    start: int  # offsets into the normalised document text (end exclusive)
    end: int
    line: int  # 1-based line of the start
    group: int  # physical row group (a block of lines, a line, a grid row)
    value: Value | None  # None: text (a label or a header)
    from_end: int | None = None  # cells after this one in its physical row, where a row's cells are all printed
    after_table: bool = False  # an empty paragraph after the last printed cell (docx2txt): a cell, or the page's own
    by_position: bool = False  # of a row given its blank cells by where its numbers stand (layout text): inferred
    pieces: tuple[tuple[int, int], ...] | None = None  # a number wrapped in its cell: each piece's offsets, top down

    @property
    def is_text(self) -> bool:
        return self.value is None

    @property
    def is_blank(self) -> bool:
        """A cell without a number: blank, or marked not applicable (not one that prints several)."""
        return self.value is not None and self.value.value is None and self.value.state is not CellState.ambiguous

    @property
    def is_trace(self) -> bool:
        """A blank cell (nothing printed but spaces: in a glued table, maybe a blank cell's one trace)."""
        return self.value is not None and self.value.value is None and self.value.state is CellState.blank

    def __repr__(self) -> str:  # compact, for inspecting the stages
        kind = "T" if self.value is None else ("·" if self.value.value is None else "V")
        return f"{kind}{self.line}:{self.text!r}"


class Line(NamedTuple):
    start: int  # offset of the line in the normalised text
    text: str
    number: int  # 1-based


def cell_token(text: str, start: int, end: int, line: int, group: int) -> Token:
    """A cell's token from its text as printed: stripped, its span narrowed to the printed characters."""
    stripped = text.strip()
    if stripped:  # narrow the span to the printed characters
        lead = len(text) - len(text.lstrip())
        start += lead
        end = start + len(stripped)
    return Token(stripped, start, end, line, group, parse_value(stripped))


def apart(tok: Token) -> list[Token]:
    """A cell that prints several numbers apart ("53 0": two columns a converter ran into one cell) as a token
    for each, as the ``lines`` layout reads a row; any other cell as itself. The row's cell count then
    decides, as for any row: one cell more than a merged one, never the digits joined."""
    if tok.value is None or tok.value.state is not CellState.ambiguous:
        return [tok]
    return [Token(m.group(), tok.start + m.start(), tok.start + m.end(), tok.line, tok.group, parse_value(m.group()))
            for m in WORD.finditer(tok.text)]
