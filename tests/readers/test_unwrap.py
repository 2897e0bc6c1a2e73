"""readers.unwrap: bytes as a transport or a tool wrapped them (gzip, UTF-16/32, NUL padding), unwrapped before
the format is sniffed."""

from __future__ import annotations

import codecs
import gzip

import pytest

import xxgk
from tests.conftest import REPORTS
from xxgk.core.errors import BinaryInputError, CorruptInputError, InputTooLargeError
from xxgk.readers import read_bytes, sniff
from xxgk.readers.unwrap import unwrap

V01_PAGE = REPORTS / "v01_nzjtj2019_html.html"
V06_TEXT = REPORTS / "v06_btqzf2023_tab.txt"


def test_plain_utf8_bytes_are_left_as_they_are():
    data = V06_TEXT.read_bytes()
    u = unwrap(data, 1 << 20)
    assert u.data is data and u.encoding is None and u.notes == ()


def test_gzip_is_decompressed_and_noted():
    page = V01_PAGE.read_bytes()
    u = unwrap(gzip.compress(page, mtime=0), 1 << 20)
    assert u.data == page and [code for code, _ in u.notes] == ["gzip"]
    assert sniff(u.data) == "html"


def test_gzip_members_concatenated_are_read_as_one_stream():
    text = V06_TEXT.read_bytes()
    half = len(text) // 2
    assert unwrap(gzip.compress(text[:half]) + gzip.compress(text[half:]), 1 << 20).data == text


def test_gzip_that_expands_past_the_limit_is_refused_before_it_is_held():
    bomb = gzip.compress(b"0" * 5_000_000)
    with pytest.raises(InputTooLargeError, match="more than 1 MiB"):
        unwrap(bomb, 1 << 20, "bomb.html")


@pytest.mark.parametrize("damage", ["cut", "flipped"])
def test_a_damaged_gzip_stream_is_corrupt_input(damage):
    data = gzip.compress(V06_TEXT.read_bytes())
    bad = data[: len(data) // 2] if damage == "cut" else data[:20] + bytes(b ^ 0xFF for b in data[20:60]) + data[60:]
    with pytest.raises(CorruptInputError, match="gzip"):
        unwrap(bad, 1 << 20, "x.html")


def test_a_utf16_page_with_a_bom_is_sniffed_as_a_page_and_its_encoding_kept():
    """Notepad's "Unicode" keeps the page's ``charset=utf-8`` declaration: the BOM decides."""
    page = V01_PAGE.read_text(encoding="utf-8")
    data = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    assert sniff(data) == "txt"  # (before unwrapping, no markup is seen in its bytes)
    doc = read_bytes(data, "v01.html")
    assert doc.format == "html" and doc.encoding == "UTF-16 (BOM)"
    assert doc.text == read_bytes(page.encode("utf-8"), "v01.html").text


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "UTF-16 LE (no BOM)"), ("utf-16-be", "UTF-16 BE (no BOM)")])
def test_utf16_without_a_bom_is_told_by_where_its_nul_bytes_stand(codec, name):
    text = V06_TEXT.read_text(encoding="utf-8")
    u = unwrap(text.encode(codec), 1 << 20)
    assert u.encoding == name and u.data == codecs.BOM_UTF8 + text.encode("utf-8")
    seed = xxgk.extract_text(text)
    assert xxgk.extract(text.encode(codec)).values() == seed.values()


def test_binary_bytes_with_nuls_are_not_taken_for_utf16():
    noise = bytes((i * 7919) % 256 for i in range(8192))
    assert unwrap(noise, 1 << 20).data == noise
    with pytest.raises(BinaryInputError):
        read_bytes(noise, "noise.txt")


def test_english_utf16_without_bom_is_not_read_as_a_report_text():
    """Only text that reads as Chinese is taken for BOM-less UTF-16 (a NUL pattern alone is no proof)."""
    data = ("Annual report, page 1\n" * 100).encode("utf-16-le")
    assert unwrap(data, 1 << 20).encoding is None


def test_nul_padding_after_a_text_is_dropped_and_noted():
    text = V06_TEXT.read_bytes()
    u = unwrap(text + b"\x00" * 3000, 1 << 20)
    assert u.data == text and [code for code, _ in u.notes] == ["nul_padding"]
    assert "3000 NUL byte(s)" in u.notes[0][1]


def test_nuls_inside_a_text_are_no_padding():
    text = V06_TEXT.read_bytes()
    data = text[:100] + b"\x00" + text[100:] + b"\x00" * 10
    assert unwrap(data, 1 << 20).data == data
    with pytest.raises(BinaryInputError):
        read_bytes(data, "x.txt")
