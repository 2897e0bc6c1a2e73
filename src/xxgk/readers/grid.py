"""Render a document with grid tables (HTML, DOCX) as report text: paragraphs as lines, every table in the
tab layout (one cell per line starting with a tab, rows separated by an empty line), recording for each
cell the text span it became, so provenance can name the table, row and cell."""

from __future__ import annotations

from xxgk.readers import CellRef, Document


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
        for r, row in enumerate(rows):
            for i, (text, col) in enumerate(row):
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
