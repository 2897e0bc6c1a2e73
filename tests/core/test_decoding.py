"""Decoding (``core.decoding``): BOMs, clear errors naming the file, a crawler's mojibake read from its bytes."""

from __future__ import annotations

import codecs

import pytest

from xxgk.core.decoding import decode, decode_text, undo_mojibake
from xxgk.core.errors import BinaryInputError, EmptyInputError, UnsupportedEncodingError


def test_decode_utf8_with_and_without_bom():
    assert decode("报告".encode()) == "报告"
    assert decode(codecs.BOM_UTF8 + "报告".encode()) == "报告"


@pytest.mark.parametrize(
    ("data", "exc", "words"),
    [
        (b"", EmptyInputError, "empty file"),
        (b" \n\t", EmptyInputError, "empty file"),
        ("\u00a0\u3000\n".encode(), EmptyInputError, "only whitespace"),
        (b"\x00\x01\x02binary", BinaryInputError, "NUL bytes"),
        ("政府信息公開工作年度報告，本年度收到申請三件。".encode("big5"), UnsupportedEncodingError, "Big5"),
        ("café naïve résumé".encode("latin-1"), UnsupportedEncodingError, "does not read as GBK/GB18030"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", UnsupportedEncodingError, "damaged UTF-16"),
        (b"abc\xfd\x80\xff", UnsupportedEncodingError, "not valid UTF-8"),
    ],
)
def test_decode_failures_name_the_reason(data, exc, words):
    with pytest.raises(exc) as info:
        decode(data, source="x.txt")
    assert words in str(info.value) and str(info.value).startswith("x.txt: ")


def test_mojibake_of_a_crawler_is_read_from_its_bytes_again_and_nothing_else_is():
    report = "二〇二三年政府信息公开工作年度报告。一、总体情况：本机关依申请公开政府信息，收到申请12件。" * 20
    for codec, name in (("gb18030", "gb18030"), ("utf-8", "utf-8")):
        garbled = report.encode(codec).decode("latin-1")  # (requests' response.text without a charset)
        text, encoding = decode_text(garbled.encode("utf-8"))
        assert text == report and encoding.startswith(f"{name} (mojibake undone")
    # Windows-1252 as browsers decode it (0x81 and the other undefined bytes as C1 controls)
    data = report.encode("gb18030")
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
    assert undo_mojibake(garbled) == (report, "gb18030 (mojibake undone: its bytes had been read as Latin-1)")
    # real Latin-1 text, Chinese text, and mojibake that reads as no report stay as they are
    assert undo_mojibake("Café crème, déjà vu. " * 50) is None
    assert undo_mojibake(report) is None
    assert undo_mojibake(("天气晴朗，适合出行。" * 30).encode("utf-8").decode("latin-1")) is None
