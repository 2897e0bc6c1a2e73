"""OCR, offline: scanned PDF pages and image files read into the same ``Document`` every other reader makes
(tables in the tab layout, one cell per line), so that the same parsers and checks run unchanged.

Tables are rebuilt from the page's ruling lines, and every cell is recognised on its own (``page``); each
table cell of the rendered text keeps its page, its box on the page and its recognition confidence
(``CellRef``), which the pipeline turns into ``producer: ocr`` cells and checks against the identities
(``xxgk.pipeline.ocr``).

Cost: OCR is seconds per page where the text path is milliseconds per report, so only the pages that need
it are read — the pages without a text layer, and of those, by default, only up to the heading of section
五 (the tables; ``OcrSettings.narratives`` reads the rest too).

The engine is the optional extra ``xxgk[ocr]`` (rapidocr-onnxruntime, models inside its wheel); without it a
scan comes out ``failed`` with "needs OCR" and the extra named.
"""
