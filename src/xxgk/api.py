"""The library's front door: ``extract``, ``extract_file``, ``extract_text``. The rules (``xxgk.pipeline.extract``,
no LLM, no network) run first; when LLM settings are given and active, the LLM step (``xxgk.llm``) gets the
tables the rules could not read whole — composed here, one level above both, so that the offline pipeline
never imports the LLM step."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from xxgk.core.errors import MissingFileError
from xxgk.core.figures import Figure
from xxgk.core.model import Report
from xxgk.llm.run import refine
from xxgk.pipeline.extract import extract_rules, rereader, sha256_of
from xxgk.pipeline.tables import DEFAULT_SETTINGS, TableSettings
from xxgk.readers import PAGE_IMAGE_SUFFIXES, Document, read_bytes, read_path
from xxgk.readers.ocr.settings import OcrSettings

if TYPE_CHECKING:
    from xxgk.llm.settings import LLMSettings


def extract(source: str | os.PathLike[str] | bytes, *, settings: TableSettings = DEFAULT_SETTINGS,
            llm: LLMSettings | None = None, ocr: OcrSettings | None = None) -> Report:
    """Extract a report from a file path, from its bytes, or from its text.

    A ``str`` that names an existing file is read as a path; any other ``str`` is the report's text.
    Raises an ``xxgk.core.errors.InputError`` when the input cannot be read as a report at all; a report
    whose tables cannot be parsed comes back with status ``failed`` and the reason.

    ``llm``: settings of the LLM step (``xxgk.llm.load_settings(enabled=True)``). When given, enabled and
    configured, the tables the rules could not settle go to the LLM (only their section's text); otherwise
    the report says the LLM was off and why.

    ``ocr``: how scanned pages and image files are read (``xxgk.readers.ocr.settings.OcrSettings``; by
    default on when the ``ocr`` extra is installed).
    """
    if isinstance(source, bytes):
        return extract_document(read_bytes(source, "<bytes>", ocr), "<bytes>", sha256_of(source), settings, llm=llm)
    if isinstance(source, os.PathLike) or _names_a_file(source):
        return extract_file(source, settings=settings, llm=llm, ocr=ocr)
    if _looks_like_a_path(source):
        raise MissingFileError("no such file", source=source)
    return extract_text(source, settings=settings, llm=llm)


def _names_a_file(s: str) -> bool:
    """Whether a string is the path of an existing file or folder. A report's text on one line is not: the
    system refuses it as a name (too long, a NUL), which answers no, not an error."""
    if "\n" in s or not s.strip() or len(s) >= 4096:
        return False
    try:
        return Path(s).is_file() or Path(s).is_dir()
    except (OSError, ValueError):  # ENAMETOOLONG for a name part over 255 bytes; a NUL character
        return False


_DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc", ".json",
                      *PAGE_IMAGE_SUFFIXES)


def _looks_like_a_path(s: str) -> bool:
    """A one-line string that names a file rather than holding a report's text: it ends with a document
    suffix, or is a path with separators and no sentence in it."""
    if "\n" in s or len(s) > 1024 or not s.strip():
        return False
    if s.lower().rstrip().endswith(_DOCUMENT_SUFFIXES):
        return True
    return ("/" in s or os.sep in s) and not any(ch in s for ch in "。，；：") and " " not in s.strip()


def extract_file(path: str | os.PathLike[str], *, source: str | None = None,
                 settings: TableSettings = DEFAULT_SETTINGS, llm: LLMSettings | None = None,
                 figures: Mapping[str, Figure] | None = None, sha256: str | None = None,
                 ocr: OcrSettings | None = None) -> Report:
    """``figures``: values other documents imply for cells of this one (``xxgk.pipeline.years``: the same agency's
    adjacent years), used only to choose among readings of glued cells that all fit the print."""
    name = source or Path(path).as_posix()
    doc, data = read_path(path, source=name, ocr=ocr)
    # ``sha256``: the content hash when the caller has it already (a batch hashes every file to plan the run)
    return extract_document(doc, name, sha256 or sha256_of(data), settings, llm=llm, figures=figures)


def extract_text(text: str, *, source: str = "<text>", settings: TableSettings = DEFAULT_SETTINGS,
                 llm: LLMSettings | None = None) -> Report:
    return extract_document(Document(text), source, sha256_of(text.encode("utf-8")), settings, llm=llm)


def extract_document(doc: Document, source: str, sha256: str | None = None,
                     settings: TableSettings = DEFAULT_SETTINGS, *, llm: LLMSettings | None = None,
                     figures: Mapping[str, Figure] | None = None) -> Report:
    report, used = extract_rules(doc, source, sha256, settings, figures=figures)
    if llm is None:
        return report

    return refine(report, used.text, llm, reread=rereader(used, source, sha256, figures))
