"""Option types shared by several commands."""

from __future__ import annotations

from enum import StrEnum


class Accept(StrEnum):
    """What enters reports.csv (the help lists the choices)."""

    flagged = "flagged"
    accepted_only = "accepted-only"


class OcrMode(StrEnum):
    """Which scanned pages are read by OCR (the help lists the choices)."""

    tables = "tables"
    all = "all"
    off = "off"
