"""One page image read: straightened, its ruled tables rebuilt cell by cell from the ruling lines, each
cell's text recognised on its own, and the text outside the tables read line by line.

    page image --straighten--> --find_rulings/find_grids/grid_cells--> cells --read--> OcrTable rows
              --(tables whitened) find_text--> boxes --text lines--> lines
    → PageText: tables and lines in reading order, every cell with its box and confidence
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from xxgk.readers.ocr.engine import Engine, TextBox
from xxgk.readers.ocr.image import (
    Gray,
    GridCell,
    dark_on_light,
    estimate_skew,
    find_grids,
    find_rulings,
    grid_cells,
    ink,
    ink_box,
    text_ink,
)

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class OcrCell:
    text: str
    col: int
    box: Box  # on the page (see ``PageImage.scale``)
    score: float


@dataclass(slots=True)
class PageText:
    """What a page says: ``items`` in reading order, each a line of text or a table (rows of cells)."""

    angle: float = 0.0
    items: list[str | list[list[OcrCell]]] = field(default_factory=list)
    tables: int = 0
    cells: int = 0


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page to read: its grayscale pixels, the resolution they were rendered at, and the factor from
    pixels to the page's own units (PDF points: 72/dpi; an image file: 1)."""

    gray: Gray
    dpi: int
    scale: float


#: a cell whose ink is taller than this (inches) holds several lines of text (a label): it goes through the
#: detector; a lower one is read as one line
SINGLE_LINE_INCHES = 0.27
#: characters that OCR confuses with digits, in a cell that holds nothing else (read so, with a low score)
_DIGIT_LOOKALIKES = str.maketrans({"D": "0", "O": "0", "o": "0", "〇": "0", "I": "1", "l": "1", "|": "1",
                                   "一": "1", "]": "1", "[": "1", "!": "1", "B": "8", "S": "5", "Z": "2"})
_LOOKALIKE_CELL = re.compile(r"^[\dDOo〇Il|一\[\]!BSZ]+$")
LOOKALIKE_SCORE = 0.5


def read_page(page: PageImage, eng: Engine) -> PageText:
    gray = dark_on_light(page.gray)
    angle = estimate_skew(ink(gray))
    if angle:
        gray = np.asarray(Image.fromarray(gray).rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
    mask = ink(gray)
    letters = text_ink(gray, mask)  # (a light ruling line's blur is ink for the rulings, not part of a cell's text)
    to_page = _to_page(gray.shape, angle, page.scale)
    out = PageText(angle=angle)
    placed: list[tuple[float, str | list[list[OcrCell]]]] = []
    blank = gray.copy()
    for grid in find_grids(find_rulings(mask, page.dpi)):
        rows = _read_cells(gray, letters, grid_cells(grid), page.dpi, eng, to_page)
        x0, y0, x1, y1 = (round(v) for v in grid.bbox)
        blank[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = 255
        if rows:
            placed.append((grid.ys[0], rows))
            out.tables += 1
            out.cells += sum(len(r) for r in rows)
    for top, text in _text_lines(eng.find_text(blank)):
        placed.append((top, text))
    placed.sort(key=lambda it: it[0])
    out.items = [item for _, item in placed]
    return out


def _read_cells(gray: Gray, mask: np.ndarray, cells: list[GridCell], dpi: int, eng: Engine,
                to_page: _ToPage) -> list[list[OcrCell]]:
    """The table's rows of read cells (empty cells left out; an empty row is kept when others follow)."""
    single: list[tuple[GridCell, tuple[int, int, int, int]]] = []
    multi: list[tuple[GridCell, tuple[int, int, int, int]]] = []
    for cell in cells:
        box = ink_box(mask, cell.box)
        if box is None:
            continue
        (multi if box[3] - box[1] > SINGLE_LINE_INCHES * dpi else single).append((cell, box))
    read: dict[GridCell, tuple[str, float, tuple[int, int, int, int]]] = {}
    for (cell, box), r in zip(single, eng.read_lines([_crop(gray, box) for _, box in single]), strict=True):
        read[cell] = (r.text, r.score, box)
    unfound: list[tuple[GridCell, tuple[int, int, int, int]]] = []
    for cell, box in multi:
        found = [b for b in eng.find_text(_crop(gray, box), page=False) if b.text]
        if not found:  # (ink the detector finds no text in: a lone 0 in a cell two lines high, its rules beside it)
            unfound.append((cell, box))
            continue
        text = "".join(b.text for b in sorted(found, key=lambda b: (b.box[1], b.box[0])))
        read[cell] = (text, min(b.score for b in found), box)
    for (cell, box), r in zip(unfound, eng.read_lines([_crop(gray, box) for _, box in unfound]), strict=True):
        read[cell] = (r.text, r.score if r.text else 0.0, box)  # (still nothing: unread, confidence 0)
    nrows = max((c.row for c in cells), default=-1) + 1
    rows: list[list[OcrCell]] = [[] for _ in range(nrows)]
    for cell in cells:
        if cell not in read:
            continue
        text, score, box = read[cell]
        if cell.col > 0 and _LOOKALIKE_CELL.match(text) and not text.isdigit():
            text, score = text.translate(_DIGIT_LOOKALIKES), min(score, LOOKALIKE_SCORE)
        rows[cell.row].append(OcrCell(text, cell.col, to_page(box), round(score, 4)))
    while rows and not rows[-1]:
        rows.pop()
    return [r for r in rows if r]


def _crop(gray: Gray, box: tuple[int, int, int, int], pad: int = 6) -> Gray:
    x0, y0, x1, y1 = box
    out = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), 255, dtype=np.uint8)
    out[pad:-pad, pad:-pad] = gray[y0:y1, x0:x1]
    return out


def _text_lines(boxes: list[TextBox]) -> list[tuple[float, str]]:
    """Boxes grouped into lines (vertical overlap with the line's first box), left to right; boxes apart by
    more than a character's height are joined by a space (an unruled table row keeps its cells apart)."""
    lines: list[list[TextBox]] = []
    for b in sorted(boxes, key=lambda b: (b.box[1], b.box[0])):
        if not b.text:
            continue
        for line in lines:
            first = line[0].box
            overlap = min(first[3], b.box[3]) - max(first[1], b.box[1])
            if overlap > 0.5 * min(first[3] - first[1], b.box[3] - b.box[1]):
                line.append(b)
                break
        else:
            lines.append([b])
    out = []
    for line in lines:
        line.sort(key=lambda b: b.box[0])
        parts = [line[0].text]
        for prev, b in itertools.pairwise(line):
            gap = b.box[0] - prev.box[2]
            parts.append((" " if gap > 0.8 * (b.box[3] - b.box[1]) else "") + b.text)
        out.append((float(line[0].box[1]), "".join(parts)))
    return out


class _ToPage:
    """Pixels of the straightened image back to the page: turned back by the skew angle, scaled."""

    def __init__(self, shape: tuple[int, ...], angle: float, scale: float) -> None:
        self.cy, self.cx = shape[0] / 2, shape[1] / 2
        self.cos, self.sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        self.scale = scale

    def __call__(self, box: tuple[int, int, int, int]) -> Box:
        xs, ys = [], []
        for x, y in ((box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])):
            dx, dy = x - self.cx, y - self.cy
            xs.append(self.cx + dx * self.cos + dy * self.sin)
            ys.append(self.cy - dx * self.sin + dy * self.cos)
        s = self.scale
        return (round(min(xs) * s, 1), round(min(ys) * s, 1), round(max(xs) * s, 1), round(max(ys) * s, 1))


def _to_page(shape: tuple[int, ...], angle: float, scale: float) -> _ToPage:
    return _ToPage(shape, angle, scale)
