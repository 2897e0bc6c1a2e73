"""Image files (PNG, JPEG, TIFF, GIF, WebP) as scanned reports: every frame (a multi-page TIFF) a page,
read by OCR. Box coordinates are the image's pixels."""

from __future__ import annotations

from xxgk.core.errors import CorruptInputError
from xxgk.readers import Document
from xxgk.readers.ocr.settings import OcrSettings, why_no_ocr

#: resolution assumed for an image that does not say (a screenshot or a web image): what the OCR stages
#: measure their lengths in; a wrong guess only shifts the minimum ruling length
DEFAULT_DPI = 150
MAX_PIXELS = 60_000_000  # a page image bigger than this (e.g. 8000 x 8000) is refused: memory stays bounded


def read_image(data: bytes, source: str | None = None, ocr: OcrSettings | None = None) -> Document:
    settings = ocr or OcrSettings()
    why = why_no_ocr(settings)
    if why is not None:
        return Document("", format="image", encoding=None, needs_ocr=f"needs OCR: an image file; {why}")
    return read_images([data], source, settings, fmt="image")


def read_images(images: list[bytes], source: str | None, settings: OcrSettings, fmt: str = "image") -> Document:
    """Several image files (or one, with several frames) as the pages of one report, in the given order."""
    import io

    import numpy as np
    from PIL import Image, UnidentifiedImageError

    from xxgk.readers.ocr.document import ocr_document  # (loaded only for a scan)
    from xxgk.readers.ocr.page import PageImage

    pages = []
    for data in images:
        try:
            im = Image.open(io.BytesIO(data))
            n = getattr(im, "n_frames", 1)
        except (UnidentifiedImageError, OSError) as exc:
            raise CorruptInputError(f"cannot open the image ({exc})", source=source) from None
        if im.width * im.height > MAX_PIXELS:
            raise CorruptInputError(f"an image of {im.width}x{im.height} pixels is larger than a page can be",
                                    source=source)
        dpi = round(float((im.info.get("dpi") or (DEFAULT_DPI,))[0]) or DEFAULT_DPI)
        for k in range(n):
            im.seek(k)
            frame = im.convert("RGBA") if im.mode in ("RGBA", "LA", "P", "PA") else im
            if frame.mode == "RGBA":  # transparent pixels are paper, not ink
                white = Image.new("RGBA", frame.size, (255, 255, 255, 255))
                frame = Image.alpha_composite(white, frame)
            gray = np.asarray(frame.convert("L"))
            pages.append(lambda g=gray, d=dpi: PageImage(g, max(72, min(d, 600)), 1.0))
    return ocr_document(pages, fmt, settings)
