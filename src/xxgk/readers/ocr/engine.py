"""The OCR engine: RapidOCR on onnxruntime, with the PP-OCRv4 Chinese detection and recognition models that
ship inside the ``rapidocr-onnxruntime`` wheel (no download, no network). Loaded once per process, on
first use; one thread (the batch runs one process per core).

Two calls: ``read_lines`` recognises crops that each hold one line of text (a table cell: no detector, so
a cell's text can never run into its neighbour's), ``find_text`` detects and recognises the text of a page
or of a crop holding several lines. The 180° classifier stays off: it turns small crops of digits upside
down (9 read as 6 with a score of 0.99).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from xxgk.readers.ocr.image import Gray


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    score: float  # the recognition confidence, 0-1 (mean of the characters' probabilities)


@dataclass(frozen=True, slots=True)
class TextBox:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the image's pixels
    text: str
    score: float


class Engine:
    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR  # optional heavy dependency: the ocr extra

        # keyword settings go to the constructor: passing any to a call resets the others for later calls
        self._ocr: Any = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False,
                                  text_score=0.3, det_box_thresh=0.3, det_unclip_ratio=2.0, max_side_len=4000)

    def read_lines(self, crops: list[Gray]) -> list[Reading]:
        """One reading per crop (each a single line of text on white), batched."""
        if not crops:
            return []
        images = [np.repeat(c[:, :, None], 3, axis=2) for c in crops]
        results, _ = self._ocr.text_rec(images)
        return [Reading(str(r[0]).strip(), float(r[1])) for r in results]

    def find_text(self, gray: Gray, *, page: bool = True) -> list[TextBox]:
        """The lines of text in an image, each with its box (top to bottom, left to right). ``page``: a
        whole page, whose short side the detector scales up to 736 px; otherwise a crop (a table cell),
        which it leaves at its size (scaling a cell of 60 px up to 736 costs a second)."""
        if gray.size == 0 or int(gray.min()) > 200:
            return []
        self._ocr.text_det.limit_type = "min" if page else "max"
        result, _ = self._ocr(np.repeat(gray[:, :, None], 3, axis=2), use_cls=False)
        out = []
        for quad, text, score in result or ():
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            out.append(TextBox((int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1),
                               str(text).strip(), float(score)))
        return out


@cache
def engine() -> Engine:
    """The process's engine (the models load once: ~0.5 s)."""
    return Engine()
