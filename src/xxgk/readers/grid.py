"""Render a document with grid tables (HTML, DOCX) as report text: paragraphs as lines, every table in the
tab layout (one cell per line starting with a tab, rows separated by an empty line), recording for each
cell the text span it became, so provenance can name the table, row and cell."""

from __future__ import annotations

import re

from xxgk.readers import CellRef, Document

#: the header of a column that numbers a table's rows (序号 1, 2, 3 …)
_INDEX_HEADER = re.compile(r"\s*(?:序\s*号|编\s*号|行\s*次)\s*")
_ROW_NUMBER = re.compile(r"\s*\d{1,3}\s*")


class TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.cells: list[CellRef] = []
        self.tables = 0

    def _add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def para(self, text: str) -> None:
        for line in text.replace("\r", "").split("\n"):
            line = line.replace("\t", " ").rstrip()
            if line.strip():
                self._add(line + "\n")

    def blank(self) -> None:
        self._add("\n")

    def table(self, rows: list[list[tuple[str, int]]],
              marks: list[list[tuple[tuple[float, float, float, float], float]]] | None = None) -> None:
        """rows of (cell text, grid column) in document order; ``marks``: for OCR, each cell's (box on the
        page, confidence), in the same shape."""
        t = self.tables
        self.tables += 1
        self.blank()
        index = index_column(rows)
        for r, row in enumerate(rows):
            for i, (text, col) in enumerate(row):
                if (r, i) in index:
                    continue
                lines = [ln.replace("\t", " ").strip() for ln in text.replace("\r", "").split("\n")]
                lines = [ln for ln in lines if ln] or [""]
                start = self.pos
                self._add("\t" + lines[0] + "\n")
                for cont in lines[1:]:
                    self._add(cont + "\n")
                box, confidence = marks[r][i] if marks is not None else (None, None)
                self.cells.append(CellRef(start, self.pos, table=t, row=r, cell=col, box=box, confidence=confidence))
            self.blank()

    def undo_row(self) -> None:
        """Take back the last table row written (and the table's closing blank line) so it can be
        rewritten merged with its continuation on the next page."""
        text = "".join(self.parts)
        cut = text.rstrip("\n").rfind("\n\n") + 2  # start of the last row
        row_start = max(cut, 0)
        self.parts = [text[:row_start]]
        self.pos = row_start
        self.cells = [c for c in self.cells if c.start < row_start]

    def document(self, fmt: str, encoding: str | None) -> Document:
        return Document("".join(self.parts), format=fmt, encoding=encoding, cells=self.cells)


def index_column(rows: list[list[tuple[str, int]]]) -> set[tuple[int, int]]:
    """The cells of a column that numbers the table's rows, as (row, position in the row): a first column headed
    序号 (编号, 行次) in one of the first three rows, whose cells below are row numbers or empty (a row whose
    first cell spans several columns, a block's caption, is no part of it). Agencies add such a column to
    their tables; read as cells, a row's number was its first value (a 规章 row's 1 under 本年制发件数) or
    the last value of the row before. Empty when the table has none."""
    head = next((r for r, row in enumerate(rows[:3])
                 if row and row[0][1] == 0 and _INDEX_HEADER.fullmatch(row[0][0])), None)
    if head is None:
        return set()
    cells = {(head, 0)}
    numbered = 0
    for r in range(head + 1, len(rows)):
        row = rows[r]
        if not row or row[0][1] != 0:
            continue  # (the column merged down from the header, or a cell merged down)
        spans = len(row) == 1 or row[1][1] > 1
        text = row[0][0]
        if spans and not _ROW_NUMBER.fullmatch(text):
            continue  # (a caption over the row: 第二十条第（一）项)
        if _INDEX_HEADER.fullmatch(text):  # (the header again: a block's, or a page's repeated header rows)
            cells.add((r, 0))
            continue
        if text.strip() and not _ROW_NUMBER.fullmatch(text):
            return set()  # (a first column of labels: no row numbers)
        numbered += bool(text.strip())
        cells.add((r, 0))
    return cells if numbered >= 2 else set()
