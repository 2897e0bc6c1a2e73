"""Readers: a file's bytes to a ``Document`` (text, plus grid tables for formats that have them).

Only text is read in this version; the format is chosen by content sniffing, not by extension, so a
PDF or Word file named ``.txt`` gets a clear error instead of garbage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..exceptions import InputTooLargeError, UnsupportedFormatError
from ..text import decode

MAX_TEXT_BYTES = 32 * 1024 * 1024


@dataclass(slots=True)
class Document:
    text: str  # decoded text (BOM removed): provenance offsets point into it
    format: str = "txt"
    encoding: str = "utf-8"


def sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "html"
    return "txt"


def read_bytes(data: bytes, source: str | None = None) -> Document:
    fmt = sniff(data)
    if fmt in ("pdf", "docx", "doc", "html"):
        raise UnsupportedFormatError(f"{fmt.upper()} file: only text reports are read in this version",
                                     source=source)
    if len(data) > MAX_TEXT_BYTES:
        raise InputTooLargeError(f"{len(data) // (1024 * 1024)} MiB of text is larger than a report can be",
                                 source=source)
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    return Document(decode(data, source=source), format=fmt, encoding=encoding)


def read_path(path: str | Path, source: str | None = None) -> tuple[Document, bytes]:
    p = Path(path)
    size = p.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputTooLargeError(f"{size // (1024 * 1024)} MiB is larger than a report can be",
                                 source=source or str(path))
    data = p.read_bytes()
    return read_bytes(data, source=source or str(path)), data
