"""Bad input: a clear per-file status and message, never a traceback, never invented zeros."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES
from xxgk.core.errors import InputError

BAD = FIXTURES / "bad"


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("empty.txt", "empty", "empty file"),
        ("whitespace_only.txt", "empty", "only whitespace"),
        ("binary_random.txt", "binary", "binary file"),
        ("pdf_named_txt.txt", "corrupt", "cannot open PDF"),
        ("not_a_report_news.txt", "not_a_report", "not a 政府信息公开工作年度报告"),
    ],
)
def test_unreadable_inputs_raise_one_clear_error(name, code, words):
    with pytest.raises(InputError) as info:
        xxgk.extract(BAD / name)
    assert info.value.code == code
    msg = str(info.value)
    assert words in msg and name in msg and "\n" not in msg


@pytest.mark.parametrize(("name", "encoding"), [("gbk_encoded.txt", "gb18030"), ("utf16_with_bom.txt", "UTF-16 (BOM)")])
def test_gbk_and_utf16_reports_are_read_as_their_utf8_original(name, encoding):
    """Spec B: GB18030/GBK (detected) and UTF-16/32 with a BOM are read; the encoding is recorded. Both files
    are seed 001 saved in another encoding: every value as in the UTF-8 seed."""
    from tests.conftest import REPORTS

    r = xxgk.extract(BAD / name)
    seed = xxgk.extract(REPORTS / "001_7b4b25fcf59f7d61.txt")
    assert r.encoding == encoding and r.values() == seed.values() and r.status == seed.status


def test_another_report_in_gb18030_and_utf32_reads_the_same(tmp_path):
    from tests.conftest import REPORTS

    text = (REPORTS / "003_ba0fe670444f6260.txt").read_text(encoding="utf-8")
    seed = xxgk.extract_text(text)
    for enc, name in (("gb18030", "gb18030"), ("utf-32", "UTF-32 (BOM)"), ("utf-8-sig", "utf-8-sig")):
        path = tmp_path / f"r.{enc}.txt"
        path.write_bytes(text.encode(enc))
        r = xxgk.extract(path)
        assert (r.encoding, r.values(), r.status) == (name, seed.values(), seed.status)


def test_truncated_after_section_three_fails_and_keeps_what_was_read():
    r = xxgk.extract(BAD / "truncated_after_section3.txt")
    assert r.status == xxgk.Status.failed
    assert "section 四" in r.reason and "truncated" in r.reason
    assert not r.t4.found and r.t4.cells == {}
    # tables 二 and 三 were read in full
    assert r.value("t3.new_received.natural_person") == 30 and r.value("t2.procurement.items") == 12


def test_truncated_inside_table_three_fails_and_missing_rows_are_not_zero():
    r = xxgk.extract(BAD / "truncated_inside_table3.txt")
    assert r.status == xxgk.Status.failed and "rows not found" in r.reason
    cell = r.cell("t3.denied_internal.total")
    assert cell.state == "missing" and cell.value is None


def test_tables_as_images_need_ocr_and_get_no_zeros():
    r = xxgk.extract(BAD / "tables_as_images.txt")
    assert r.status == xxgk.Status.failed
    assert r.reason.count("needs OCR") == 3
    assert all(v is None for v in r.values().values())
    assert r.sections["1"].text.startswith("2020年，宁河镇")


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("truncated_corrupt_zip.docx", "corrupt", "not a readable zip"),
        ("zip_without_document.docx", "corrupt", "not a Word document"),
        ("zip_bomb.docx", "too_large", "zip bomb"),
        ("html_without_report.html", "not_a_report", "not a 政府信息公开工作年度报告"),
    ],
)
def test_bad_word_and_html_files(name, code, words):
    with pytest.raises(InputError) as info:
        xxgk.extract(BAD / name)
    assert info.value.code == code and words in str(info.value) and name in str(info.value)


def test_huge_html_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "huge.html"
    with big.open("wb") as fh:
        fh.write(b"<!DOCTYPE html><html><body>")
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing read into memory
    with pytest.raises(InputError) as info:
        xxgk.extract(big)
    assert info.value.code == "too_large" and "200 MiB" in str(info.value)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_text_that_is_no_report_not_the_current_folder(text):
    # (an empty string names no file: Path("") is ".", which a page-folder check must not take)
    with pytest.raises(InputError) as exc:
        xxgk.extract(text)
    assert exc.value.code == "not_a_report" and exc.value.source == "<text>"


def test_a_report_on_one_line_given_as_a_string_is_text_not_a_file_name():
    # (a name part over 255 bytes: the system refused it with ENAMETOOLONG, which escaped as an OSError)
    path = FIXTURES / "damaged" / "000_5c96ff8a9c100224.oneline.txt"
    text = path.read_text(encoding="utf-8").strip()
    assert "\n" not in text and 255 < len(text.encode()) and len(text) < 4096
    r = xxgk.extract(text)
    assert r.source == "<text>" and r.values() == xxgk.extract(path).values()
    assert r.value("t2.penalty.prev_items") == 155 and r.value("t2.coercion.change") == -4
