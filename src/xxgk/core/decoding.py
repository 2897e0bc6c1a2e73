"""Decoding a report's bytes to text (spec B): UTF-8 with or without BOM, UTF-16/32 with a BOM, GB18030/GBK
detected; Big5 and doubtful bytes refused with the reason, never mojibake; a UTF-8 text that is mojibake (a
crawler read the page's bytes as Latin-1) turned back. Normalisation is ``core.text``."""

from __future__ import annotations

import codecs
import re

from xxgk.core.errors import BinaryInputError, EmptyInputError, UnsupportedEncodingError


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode report bytes (see ``decode_text``): the text only."""
    return decode_text(data, source=source)[0]


#: (BOM, codec, name) of the UTF-16/32 encodings, UTF-32 LE before UTF-16 LE (its BOM starts with UTF-16's)
UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (BOM)"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (BOM)"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (BOM)"),
)
_BOMS = ((codecs.BOM_UTF8, "utf-8", "utf-8-sig"), *UNICODE_BOMS)
# words nearly every report prints: a GB18030 reading that holds one of them is Chinese text, not mojibake
_REPORT_WORDS = ("信息公开", "年度报告", "政府", "申请", "公开")


def decode_text(data: bytes, *, source: str | None = None) -> tuple[str, str]:
    """(text, encoding used) of report bytes (spec B): UTF-8 with or without BOM, UTF-16/32 with a BOM,
    GB18030/GBK when the bytes are not UTF-8 and read as Chinese text that way. A decoding that is doubtful
    (Big5, Latin-1, damaged bytes) fails with the reason — never mojibake; a UTF-8 text that IS mojibake (a
    crawler read the page's bytes as Latin-1) is read from those bytes again (``undo_mojibake``)."""
    if not data or not data.strip():
        raise EmptyInputError("empty file", source=source)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise UnsupportedEncodingError(f"damaged {name} text (byte {exc.start + len(bom)})",
                                               source=source) from None
            return _nonblank(text, source), name
    head = data[:65536]
    if b"\x00" in head:  # (PDF/Word files are recognised earlier, by xxgk.readers.sniff)
        raise BinaryInputError("binary file (NUL bytes), not text", source=source)
    try:
        text = _nonblank(data.decode("utf-8"), source)
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return undo_mojibake(text) or (text, "utf-8")
    legacy: str | None
    try:
        legacy = data.decode("gb18030")
    except UnicodeDecodeError:
        legacy = None
    if legacy is not None and reads_as_chinese(legacy):
        return _nonblank(legacy, source), "gb18030"
    guess = _guess_legacy_encoding(data, ("big5",))
    if guess:
        raise UnsupportedEncodingError(f"not UTF-8 (looks like {guess}, which is not read: save it as UTF-8)",
                                       source=source) from None
    raise UnsupportedEncodingError(f"not valid UTF-8 (byte {bad}) and it does not read as GBK/GB18030 Chinese "
                                   "text either", source=source) from None


# what Windows-1252 puts at bytes 0x80-0x9F (browsers and some tools decode "Latin-1" so)
_CP1252_BYTES = {ch: b for b in range(0x80, 0xA0) for ch in [bytes([b]).decode("cp1252", "ignore")] if ch}
_NOT_A_BYTE = re.compile("[^\x00-\xff" + "".join(map(re.escape, _CP1252_BYTES)) + "]")
_HIGH_BYTE = re.compile("[^\x00-\x7f]")


def undo_mojibake(text: str) -> tuple[str, str] | None:
    """(text, encoding) of a text that is mojibake: the bytes of a Chinese page read as Latin-1 (requests'
    ``response.text`` when the server names no charset, a crawler's default) and saved as characters, so
    that ``政府`` is ``Õþ¸®`` (GBK bytes) or ``æ”¿åºœ`` (UTF-8 bytes). The characters are turned back into
    the bytes they came from and read again; None when the text is not that (it has Chinese characters, or
    its Latin-1 letters are few, or read again it holds no report words): nothing is ever guessed."""
    sample = text[:20000]
    # (a character no single byte stands for, a Chinese one first of all: not mojibake; found at once)
    if _NOT_A_BYTE.search(sample) or len(_HIGH_BYTE.findall(sample)) < 200:
        return None
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        try:
            data = bytes(ord(ch) if ord(ch) < 256 else _CP1252_BYTES[ch] for ch in text)
        except KeyError:
            return None
    for codec, name in (("utf-8", "utf-8"), ("gb18030", "gb18030")):
        try:
            again = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if sum(again.count(w) for w in _REPORT_WORDS) >= 3 and reads_as_chinese(again):
            return again, f"{name} (mojibake undone: its bytes had been read as Latin-1)"
    return None


def reads_as_chinese(text: str) -> bool:
    """A GB18030 reading that is Chinese text: report words in it, or nearly every non-ASCII character a
    common CJK character or CJK punctuation."""
    if any(w in text for w in _REPORT_WORDS):
        return True
    wide = [ch for ch in text[:20000] if ord(ch) > 127]
    if len(wide) < 4:
        return False
    cjk = sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return cjk >= 0.97 * len(wide)


def _nonblank(text: str, source: str | None) -> str:
    if not text.strip():
        raise EmptyInputError("no text: the file holds only whitespace", source=source)
    return text


def _guess_legacy_encoding(data: bytes, encodings: tuple[str, ...]) -> str | None:
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text[:4000] if "\u4e00" <= ch <= "\u9fff")
        if cjk >= max(4, len(text[:4000]) // 20):
            return "GBK/GB18030" if enc == "gb18030" else "Big5"
    return None
