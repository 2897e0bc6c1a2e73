"""Bad input: a clear per-file status and message, never a traceback, never invented zeros."""

from __future__ import annotations

import pytest

import xxgk
from xxgk.exceptions import InputError

from .conftest import FIXTURES

BAD = FIXTURES / "bad"


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("empty.txt", "empty", "empty file"),
        ("whitespace_only.txt", "empty", "only whitespace"),
        ("binary_random.txt", "binary", "binary file"),
        ("pdf_named_txt.txt", "corrupt", "cannot open PDF"),
        ("gbk_encoded.txt", "encoding", "GBK"),
        ("utf16_with_bom.txt", "encoding", "UTF-16"),
        ("not_a_report_news.txt", "not_a_report", "not a 政府信息公开工作年度报告"),
    ],
)
def test_unreadable_inputs_raise_one_clear_error(name, code, words):
    with pytest.raises(InputError) as info:
        xxgk.extract(BAD / name)
    assert info.value.code == code
    msg = str(info.value)
    assert words in msg and name in msg and "\n" not in msg


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
