"""A file's bytes as they came off the wire or a disk, unwrapped before its format is sniffed.

What a crawler saved is not always the page's bytes:
- a **gzip** stream: the server's ``Content-Encoding: gzip`` kept (``curl`` without ``--compressed`` against a
  server that compresses anyway; an HTTP cache's or a WARC's stored body; a ``.html.gz``);
- **UTF-16/32** text: a Windows tool's "Unicode" (Notepad, Excel's "Unicode Text", .NET's ``Encoding.Unicode``,
  PowerShell), with a BOM or, from a program that writes the bytes alone, without one. Every format sniffed from
  bytes (a web page, a JSON record, MHTML) is then found only in the text's own encoding;
- **NUL padding** after the text: a download preallocated and cut short, a copy off a damaged disk.

``unwrap`` gives the bytes to read (UTF-16/32 re-encoded as UTF-8 with a BOM, so that every reader takes them
as UTF-8) and what was done (the encoding to report, a note), or the bytes unchanged. Offsets in the report
refer to the decoded text, which re-encoding does not change.
"""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

from xxgk.core.decoding import UNICODE_BOMS, reads_as_chinese
from xxgk.core.errors import CorruptInputError, InputTooLargeError

_GZIP = b"\x1f\x8b\x08"
#: share of a UTF-16 text's code units with a NUL byte in their ASCII half — digits, line breaks, tabs and markup,
#: which every report prints between its Chinese characters — where the other half holds a NUL five times less
#: often (a CJK character's low byte may be 0: 一 is U+4E00)
_NUL_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The bytes to read, and what unwrapping did: ``encoding`` the text's own encoding when the bytes were
    re-encoded as UTF-8 (else None); ``notes`` (code, message) for the document."""

    data: bytes
    encoding: str | None = None
    notes: tuple[tuple[str, str], ...] = ()


def unwrap(data: bytes, limit: int, source: str | None = None) -> Unwrapped:
    """``data`` unwrapped (see the module): gzip decompressed (at most ``limit`` bytes, else
    ``InputTooLargeError``; a damaged stream ``CorruptInputError``), then UTF-16/32 text re-encoded as UTF-8,
    or trailing NUL bytes dropped from a text with no other NUL."""
    notes: list[tuple[str, str]] = []
    if data.startswith(_GZIP):
        data = _gunzip(data, limit, source)
        notes.append(("gzip", "the file is gzip-compressed (a server's Content-Encoding kept by the crawler): read "
                              "uncompressed, offsets refer to that text"))
    text = _unicode_text(data)
    if text is not None:
        encoding, decoded = text
        return Unwrapped(codecs.BOM_UTF8 + decoded.encode("utf-8", "surrogatepass"), encoding, tuple(notes))
    if data.endswith(b"\x00"):
        kept = data.rstrip(b"\x00")
        if kept.strip() and b"\x00" not in kept:
            notes.append(("nul_padding", f"{len(data) - len(kept)} NUL byte(s) after the text (a download "
                                         "preallocated and cut short, a damaged copy) left out"))
            data = kept
    return Unwrapped(data, None, tuple(notes))


def _gunzip(data: bytes, limit: int, source: str | None) -> bytes:
    """The members of a gzip stream decompressed, never more than ``limit`` bytes (a small file may expand to
    any size)."""
    out: list[bytes] = []
    size = 0
    rest = data
    while rest.startswith(_GZIP):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = d.decompress(rest, limit - size + 1)
        except zlib.error as exc:
            raise CorruptInputError(f"damaged gzip stream ({exc})", source=source) from None
        size += len(chunk)
        if size > limit or d.unconsumed_tail:
            raise InputTooLargeError(f"gzip-compressed data expanding to more than {limit // (1024 * 1024)} MiB: "
                                     "larger than a report can be", source=source)
        if not d.eof:
            raise CorruptInputError("damaged gzip stream (cut short)", source=source)
        out.append(chunk)
        rest = d.unused_data.lstrip(b"\x00")  # (members concatenated; a tape's zero padding after them)
    return b"".join(out)


def _unicode_text(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) of UTF-16/32 text: with a BOM, or without one where its NUL bytes stand in one half of
    the code units only and the text, decoded so, reads as Chinese. None for anything else."""
    for bom, codec, name in UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return name, data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                return None  # (damaged: ``decode_text`` says where)
    head = data[:4096]
    if b"\x00" not in head or len(data) % 2:
        return None
    units = len(head) // 2
    even = sum(1 for i in range(0, 2 * units, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, 2 * units, 2) if head[i] == 0)
    if max(even, odd) < _NUL_SHARE * units or 5 * min(even, odd) > max(even, odd):
        return None
    codec = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    name = "UTF-16 BE" if codec == "utf-16-be" else "UTF-16 LE"
    return (f"{name} (no BOM)", text) if reads_as_chinese(text) else None
