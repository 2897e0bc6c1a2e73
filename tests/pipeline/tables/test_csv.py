"""Stage 1 for tables saved as CSV (``cells`` layout ``csv``): a row per line, cells between commas, a cell
with a comma in double quotes; read as ``tsv``."""

from __future__ import annotations

import xxgk
from tests.pipeline.tables.lines import lines_of
from xxgk.pipeline.tables.cells import detect_layout, tokenize
from xxgk.pipeline.tables.csv_rows import csv_fields, is_csv_row
from xxgk.pipeline.tables.rows import assemble
from xxgk.pipeline.tables.values import BLANK, is_positional_header, parse_value

TEXT = """二、主动公开政府信息情况
第二十条第（一）项,
信息内容,本年制发件数,本年废止件数,现行有效件数
规章,0,,3
第二十条第（五）项,
信息内容,本年处理决定数量
行政许可,"486,275"
行政事业性收费,"32,618.47"
"""


def test_rows_and_header_rows_are_csv_but_not_sentences_or_spaced_pdf_numbers():
    assert detect_layout(lines_of(TEXT)) == "csv"
    assert is_csv_row("规章,0,,3") and is_csv_row("行政许可,2318") and is_csv_row(",,,,0,,,,,0")
    assert is_csv_row("信息内容,本年制发件数,本年废止件数,现行有效件数")  # (a header: short fields only)
    # prose with ASCII commas: long pieces, no number after the first
    assert not is_csv_row("其中网站公开政府信息247条,官方微博公开政府信息632条、官方微信公开政府信息530条以及其他")
    # PDF text with thousands separators: a number after a space inside a field
    assert not is_csv_row("行政许可 1,234 2,345 3,456")
    assert not is_csv_row("行政处罚 0 0 447,228")
    assert not is_csv_row("规章")


def test_a_quoted_field_keeps_its_commas_and_a_quote_inside_a_field_is_text():
    line = '行政许可,"486,275",,'
    assert [line[a:b] for a, b in csv_fields(line)] == ["行政许可", "486,275", "", ""]
    line = '3.危及"三安全一稳定",0,0'  # (curly quotes normalised to ASCII)
    assert [line[a:b] for a, b in csv_fields(line)] == ['3.危及"三安全一稳定"', "0", "0"]


def test_cells_are_the_fields_with_their_offsets_and_a_quoted_number_is_its_value():
    rows = assemble(tokenize(lines_of(TEXT), "csv"))
    got = {r.fragments[-1].text: [t.text if t.text else "·" for t in r.values] for r in rows if r.values}
    assert got["规章"] == ["0", "·", "3"]
    assert got["行政许可"] == ["486,275"] and got["行政事业性收费"] == ["32,618.47"]
    cell = next(r for r in rows if r.fragments[-1].text == "行政许可").values[0]
    assert cell.value is not None and cell.value.value == 486275
    assert TEXT[cell.start:cell.end] == "486,275"


def test_a_label_cut_at_its_normalised_commas_is_no_header_row():
    # (the template's label of （二）部分公开, its "，" normalised to ASCII commas)
    assert not is_csv_row("(二)部分公开(区分处理的,只计这一情形,不计其他情形)")
    assert not is_csv_row("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况")
    assert not is_csv_row("其中,自然人申请10件,法人或其他组织申请2件")  # (a sentence's short pieces, with counts)


def test_a_data_frames_column_numbers_nan_and_float_counts_are_no_row_blanks_and_whole_counts():
    assert all(is_positional_header(t) for t in ["0 1 2 3", "| 0 | 1 | 2 | 3 |", "0,1,2,3", "   0    1    2"])
    assert not any(is_positional_header(t) for t in ["0 1", "1 2 3", "0 1 3", "规章 0 1 2", "0  0  0"])
    assert parse_value("nan") is BLANK and parse_value("NaN") is BLANK and parse_value("<NA>") is BLANK
    r = xxgk.extract("tests/fixtures/damaged/000_5c96ff8a9c100224.to-string.pandas.txt")
    cell = r.cell("t3.new_received.natural_person")
    assert (cell.value, type(cell.value), r.status) == (1, int, "accepted")
    assert [r.value(f"t4.{g}.total") for g in ("review", "litigation_direct", "litigation_after_review")] == [0, 0, 0]
    assert r.cell("t3.new_received.commercial").state == "blank" and r.cell("t3.new_received.commercial").raw == "NaN"
    f = xxgk.extract("tests/fixtures/damaged/002_054d4c4d902c56e6.to-string.pandas.txt")  # (a column with NaN: floats)
    total = f.cell("t3.new_received.total")
    assert (total.value, type(total.value), total.raw) == (3, int, "3.0")
    assert any(n.code == "whole_counts" for n in f.notes)
