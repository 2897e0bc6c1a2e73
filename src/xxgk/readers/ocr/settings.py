"""What OCR does, as settings (no engine import: every reader can take them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class OcrSettings:
    enabled: bool = True  # off: a scan stays "needs OCR" even with the engine installed
    dpi: int = 150  # PDF pages are rendered at this resolution (150: every table digit of the samples read)
    narratives: bool = False  # also the pages after section 五's heading (narratives only: slow, rarely needed)
    page_seconds: float = 30.0  # a batch's per-file time limit grows by this for each page read by OCR
    #: called before each page is read (the batch extends a file's time limit by a page's allowance)
    on_page: Callable[[], None] | None = None


#: what to install when the engine is missing (named in the "needs OCR" reason)
EXTRA = "pip install 'xxgk[ocr]'"


def why_no_ocr(settings: OcrSettings) -> str | None:
    """Why OCR cannot run (switched off, or the engine not installed), or None when it can."""
    from importlib.util import find_spec

    if not settings.enabled:
        return "OCR is off (--ocr off)"
    if find_spec("rapidocr_onnxruntime") is None:
        return f"the OCR engine is not installed ({EXTRA})"
    return None


@dataclass(frozen=True, slots=True)
class TextPage:
    """A page that needs no OCR: it writes itself into the document's builder (a ``TextBuilder``)."""

    write: Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class LayeredScan:
    """A scanned page that carries an OCR's invisible text layer: OCR reads its picture (``render``); the layer
    stands in only where OCR does not read the page (after section 五's heading: narratives, no table)."""

    render: Callable[[], Any]
    layer: str
