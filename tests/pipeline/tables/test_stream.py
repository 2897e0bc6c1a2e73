"""Reading a report whose line structure is gone (the ``stream`` layout): headings found inside one long
line, table text cut into label and number tokens by the template's vocabulary, glued digit runs split."""

from __future__ import annotations

import xxgk
from tests.pipeline.tables.lines import lines_of
from xxgk.core.text import normalize
from xxgk.pipeline.extract import TextLocator
from xxgk.pipeline.sections import cut_long_lines, split_sections
from xxgk.pipeline.tables import Line
from xxgk.pipeline.tables.place import place_glued, traces_consistent
from xxgk.pipeline.tables.readings import COUNT
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS
from xxgk.pipeline.tables.stream import glued_rows, rows_on_one_line, tokenize_stream


def _tokens(text: str, table: str) -> list[tuple[str, str]]:
    nt = normalize(text)
    return [("T" if t.is_text else "N", t.text) for t in tokenize_stream([Line(0, nt.text, 1)], table)]


def test_glued_row_labels_and_numbers_are_separated_by_the_vocabulary():
    toks = _tokens("信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1126第二十条第（五）项", "t2")
    assert toks == [("T", "信息内容"), ("T", "本年制发件数"), ("T", "本年废止件数"), ("T", "现行有效件数"),
                    ("T", "规章"), ("N", "000"), ("T", "行政规范性文件"), ("N", "1126"), ("T", "第二十条第(五)项")]


def test_the_digit_before_a_numbered_label_is_its_numbering_not_a_cell():
    toks = _tokens("1.属于国家秘密00000002.其他法律行政法规禁止公开0000000", "t3")
    assert toks == [("T", "1.属于国家秘密"), ("N", "0000000"), ("T", "2.其他法律行政法规禁止公开"), ("N", "0000000")]


def test_signs_decimals_units_open_and_close_numbers_and_dates_parentheses_are_text():
    toks = _tokens("行政许可156-5997政府集中采购304948.3955万元（其中修订16件）2020年未发生", "t2")
    assert ("N", "156") in toks and ("N", "-5997") in toks and ("N", "304948.3955万元") in toks
    assert not any(kind == "N" and text in ("16", "2020") for kind, text in toks)


def test_headings_inside_one_long_line_become_lines_of_their_own():
    body = "序" * 250 + "一、总体情况今年我局…二、主动公开政府信息情况第二十条…三、收到和处理政府信息公开申请情况…" \
                      "四、结转下年度继续办理0四、政府信息公开行政复议、行政诉讼情况行政复议…五、存在的主要问题及改进情况…"
    nt = normalize(body)
    lines = cut_long_lines([Line(0, nt.text, 1)])
    spans = split_sections(nt, lines)
    assert sorted(spans) == [1, 2, 3, 4, 5]
    assert spans[4].heading == "四、政府信息公开行政复议、行政诉讼情况"  # not the table-三 row "四、结转下年度…"


def test_a_line_holding_several_rows_selects_the_stream_layout_and_prose_does_not():
    assert rows_on_one_line([Line(0, "规章000行政规范性文件1126第二十条第(五)项行政许可3189行政处罚81", 1)]) >= 2
    prose = "全年办理行政许可事项3189件，作出行政处罚81件，行政强制0件，规章2件。"
    assert rows_on_one_line([Line(0, prose, 1)]) == 0


def test_a_one_line_report_is_read_cell_by_cell(seed_text):
    """Seed 003 flattened the way a scraper's CSV cell stores it (every cell printed, nothing between)."""
    r = xxgk.extract("tests/fixtures/damaged/003_ba0fe670444f6260.oneline.txt")
    assert r.t3.layout == "stream" and r.meta.year == 2020
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "total")] == [2, 0, 2]
    assert r.value("t2.rules.new_made") == 0
    assert r.cell("t3.new_received.total").placement == "inferred"  # split by inference, never "certain"


def test_corpus_2023_one_line_report_is_accepted_with_every_cell_right():
    r = xxgk.extract("eval/corpus/001_hebei_gxt_2023.txt")
    assert r.status == "accepted", r.reason
    assert [r.value(f"t2.normative_docs.{c}") for c in ("issued", "repealed", "in_force")] == [1, 1, 26]
    assert any(n.code == "resolved_by_narrative" and n.key == "t2.normative_docs" for n in r.notes)
    assert [r.value(f"t3.new_received.{c}") for c in
            ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")] == [
        8, 1, 0, 1, 0, 0, 10]
    assert [r.value(f"t4.review.{c}") for c in ("upheld", "corrected", "other", "pending", "total")] == [0, 0, 0, 1, 1]
    assert str(r.value("t2.fees.amount")) == "670.376375"
    cell = r.cell("t3.new_received.total")
    text = open("eval/corpus/001_hebei_gxt_2023.txt", encoding="utf-8").read()
    assert text[cell.provenance.start : cell.provenance.end] == "10"  # the offsets point at the printed digits


def test_blank_cells_that_left_no_trace_stay_ambiguous_and_the_narrative_pins_the_total():
    """Corpus 005: only non-zero cells printed; "收到2份…申请" pins the total, not the applicant column."""
    r = xxgk.extract("eval/corpus/005_hebei_gxt_2019.txt")
    assert r.status == "rejected"  # ambiguous cells keep it out of the dataset
    assert r.value("t3.new_received.total") == 2
    np = r.cell("t3.new_received.natural_person")
    assert np.state == "ambiguous" and np.value is None and set(np.candidates) == {2, None}
    assert r.value("t2.licensing.prev_items") == 156  # the only cell before the sign
    assert r.cell("t2.licensing.change").state == "ambiguous"
    assert r.t4.statement and "未发生" in r.t4.statement  # section 四 is a sentence, its cells blank
    assert all(c.value is None for _, c in r.t4.iter_cells())


def test_tables_printed_as_images_make_a_failed_report_and_a_pre_2019_report_an_error():
    import pytest

    r = xxgk.extract("eval/corpus/010_hebei_rst_2023_tables_missing.txt")
    assert r.status == "failed" and "section 二 holds no table text" in r.reason and r.meta.year == 2023
    with pytest.raises(xxgk.core.errors.Pre2019ReportError) as exc:
        xxgk.extract("eval/corpus/011_hebei_gxt_2018_pre2019.txt")
    assert exc.value.code == "pre_2019" and "2018" in exc.value.reason


def test_an_adjacent_year_settles_glued_cells_and_says_so():
    """Corpus 005 (2019) prints 行政许可 "156-5997": -5|997, -59|97 or -599|7. The 2020 report's 上一年项目数量
    is 97 = 156 + 本年增/减, so only -59|97 carries over."""
    from xxgk.api import extract_file
    from xxgk.pipeline.years import adjacent_figures, needs_neighbours

    y2019, y2020 = (xxgk.extract(f"eval/corpus/{n}") for n in ("005_hebei_gxt_2019.txt", "004_hebei_gxt_2020.txt"))
    assert needs_neighbours(y2019) and y2019.cell("t2.licensing.change").state == "ambiguous"
    figures = adjacent_figures(y2019, [y2020])
    assert figures["t2.licensing.change"].value == -59 and "2020" in figures["t2.licensing.change"].source
    again = extract_file("eval/corpus/005_hebei_gxt_2019.txt", figures=figures)
    assert [again.value(f"t2.licensing.{c}") for c in ("prev_items", "change", "decisions")] == [156, -59, 97]
    assert any(n.code == "resolved_by_other_year" and n.key == "t2.licensing" for n in again.notes)
    assert adjacent_figures(y2019, [xxgk.extract("eval/corpus/001_hebei_gxt_2023.txt")]) == {}  # not adjacent


def test_a_batch_settles_glued_cells_by_the_adjacent_year(tmp_path):
    import json

    from xxgk.batch import run_extract

    summary = run_extract(["eval/corpus/004_hebei_gxt_2020.txt", "eval/corpus/005_hebei_gxt_2019.txt"], tmp_path)
    assert summary.by_other_year == 1
    (path,) = (tmp_path / "reports").glob("005_*.json")
    cells = json.loads(path.read_text(encoding="utf-8"))["t2"]["cells"]["licensing"]
    assert (cells["change"]["value"], cells["decisions"]["value"]) == (-59, 97)
    again = run_extract(["eval/corpus/004_hebei_gxt_2020.txt", "eval/corpus/005_hebei_gxt_2019.txt"], tmp_path)
    assert again.skipped == 2 and again.by_other_year == 0  # a rerun finds nothing more to settle


def test_rows_one_a_line_with_their_cells_run_together_are_glued_rows_but_not_a_label_glued_to_its_first_number():
    get_text = ["信息内容本年新制作数量本年新公开数量对外公开总数量", "规章0511", "规范性文件4437",
                "行政许可46+312856", "一、本年新收政府信息公开申请数量1\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"]
    assert glued_rows(lines_of("\n".join(get_text))) == 4
    assert glued_rows(lines_of("\n".join(get_text)), with_blanks=True) == 1  # (table 三: blanks after the digits)
    pypdf = ["其他对外管理服务事项18 -5 28", "行政许可2 3 5"]  # (the other numbers after a space)
    pymupdf = ["其他对外管理服务事项0", "0", "0", "行政处罚12", "3"]  # (the others on the next lines)
    layout = ["规章        0        5        11"]
    assert glued_rows(lines_of("\n".join(pypdf + pymupdf + layout))) == 0


def test_rows_whose_blank_cells_left_no_break_spaces_between_their_numbers_are_glued_rows():
    # (get_text() of a page whose rows stand a line each in its source, blank cells &nbsp;)
    text = "\n".join(["一、本年新收政府信息公开申请数量3\u00a0\u00a0\u00a0\u00a0\u00a03", "规章\u00a0\u00a0\u00a0",
                      "二、上年结转政府信息公开申请数量1&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;1"])
    nt = normalize(text)
    lines = [Line(s, t, i + 1) for i, (s, t) in enumerate(nt.lines())]
    assert glued_rows(lines, with_blanks=True, original=TextLocator(nt).original) == 3
    assert glued_rows(lines, with_blanks=True) == 0  # (without the original the spaces are only spaces)
    spaced = normalize("一、本年新收政府信息公开申请数量3     3\n规章0 5 11")  # (pypdf's layout mode: ASCII spaces)
    lines = [Line(s, t, i + 1) for i, (s, t) in enumerate(spaced.lines())]
    assert glued_rows(lines, with_blanks=True, original=TextLocator(spaced).original) == 0


def test_a_no_break_space_is_a_blank_token_when_the_original_says_so_and_an_ascii_space_is_not():
    nt = normalize("申请数量1\u00a0\u00a0 3&nbsp;4")
    toks = tokenize_stream([Line(0, nt.text, 1)], "t3", TextLocator(nt).original)
    assert [("·" if t.is_blank else t.text) for t in toks] == ["申请数量", "1", "3", "·", "4"]
    assert [t.text for t in tokenize_stream([Line(0, nt.text, 1)], "t3")] == ["申请数量", "1", "3", "4"]


def test_blank_cells_that_left_one_trace_each_are_read_cell_by_cell():
    """Seed 000's page flattened with its &nbsp; cells (one NBSP each), and a Word file's web page the same way."""
    r = xxgk.extract("tests/fixtures/damaged/000_5c96ff8a9c100224.oneline.txt")
    row = [r.cell(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "total")]
    assert [(c.value, c.state, c.placement) for c in row] == [(1, "number", "label"), (None, "blank", "label"),
                                                             (None, "blank", "label")]
    assert [r.value(f"t4.{g}.total") for g in ("review", "litigation_direct", "litigation_after_review")] == [0, 0, 0]
    assert r.value("t2.rules.new_made") == 0 and r.cell("t2.rules.total_published").state == "ambiguous"  # "0111"
    assert any("one trace" in n.message for n in r.notes if n.code == "glued_cells")
    w = xxgk.extract("tests/fixtures/damaged/v02_jfljd2022_docx.word.oneline.txt")  # empty paragraphs after tables
    assert w.status == "accepted" and w.t3.layout == "stream"
    assert [w.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "research", "total")] \
        == [6, 1, None, 7]


def test_spaces_that_separate_numbers_are_not_traces():
    """A table whose cells a scrape joined with no-break spaces: a row gets more tokens than cells, the
    table is read as if they were not there."""
    rows = "".join(f"{label}{chr(0xa0).join(nums)}" for label, nums in [
        ("一、本年新收政府信息公开申请数量", ["3", "1", "0", "0", "0", "0", "4"]),
        ("二、上年结转政府信息公开申请数量", ["0", "0", "0", "0", "0", "0", "0"])])
    nt = normalize(rows)
    toks = tokenize_stream([Line(0, nt.text, 1)], "t3", TextLocator(nt).original)
    assert sum(t.is_blank for t in toks) == 12
    first = [t for t in toks if not t.is_text][:13]
    assert not traces_consistent([(first, [COUNT] * 7, [7], False)], DEFAULT_SETTINGS)


def test_not_applicable_marks_run_together_after_numbers_are_a_cell_each():
    # (a text report's lines joined: "0/////0" is 0, five cells not applicable, 0; "00000无无无" the same with 无)
    toks = _tokens("二、上年结转政府信息公开申请数量0/////0三、本年度办理结果", "t3")
    assert toks[1:8] == [("N", "0"), *[("N", "/")] * 5, ("N", "0")]
    assert [t for k, t in _tokens("总计00000无无无", "t4") if k == "N"] == ["00000", "无", "无", "无"]
    assert ("T", "本年增/减") in _tokens("上一年项目数量本年增/减处理决定数量", "t2")  # (a mark inside a label)
    r = xxgk.extract("tests/fixtures/damaged/v03_wangzhuang2020_plain.oneline.txt")
    assert [r.cell(f"t3.carried_over.{c}").state for c in ("natural_person", "commercial", "total")] == [
        "number", "not_applicable", "number"]


def test_marks_glued_to_a_row_label_are_its_cells():
    # (a report's not-applicable cells, "/" or "无", glued to the row label when its lines or text nodes are joined)
    toks = _tokens("规章///规范性文件000第二十条第（五）项", "t2")
    assert toks[:5] == [("T", "规章"), ("N", "/"), ("N", "/"), ("N", "/"), ("T", "规范性文件")]
    assert _tokens("行政事业性收费无第二十条", "t2")[:2] == [("T", "行政事业性收费"), ("N", "无")]
    assert [t for k, t in _tokens("尚未审结总计无无无无无00000", "t4") if k == "N"][:5] == ["无"] * 5
    # a single mark glued to words that are no row label stays text; so does 无 opening a word
    assert ("T", "本年增/减") in _tokens("上一年项目数量本年增/减处理决定数量", "t2")
    assert all(k == "T" for k, _ in _tokens("本机关无规章", "t3"))
    assert all(k == "T" for k, _ in _tokens("（三）不予公开（四）无法提供", "t3"))


def test_a_run_of_dashes_is_one_cell_per_dash_or_pair_of_dashes():
    # ("3—————3": a row of seven cells whose five middle ones print one dash each; the stream keeps the run
    # whole, since one cell may print "——", and the reading counts its cells by the row's identity)
    nt = normalize("二、上年结转政府信息公开申请数量3—————3三、")
    toks = [t for t in tokenize_stream([Line(0, nt.text, 1)], "t3") if not t.is_text]
    assert [t.text for t in toks] == ["3", "—————", "3"]
    placed = place_glued(toks, [COUNT] * 7, DEFAULT_SETTINGS, complete=True, groups=[7])
    assert placed.kind == "split"
    assert [t.text for t in placed.slots] == ["3", "—", "—", "—", "—", "—", "3"]
    r = xxgk.extract("tests/fixtures/damaged/v09_qxxzf2024_gbk.oneline.txt")
    assert r.status == "accepted"
    assert [r.cell(f"t2.rules.{c}").state for c in ("issued", "repealed", "in_force")] == ["not_applicable"] * 3
    assert r.cell("t3.carried_over.commercial").raw == "—"


def test_a_row_of_a_drawn_table_is_no_line_of_several_rows():
    # (w3m -cols 200: a merged label cell and a row's own label on one line, the numbering "2." between them)
    row = ("│    │ （六）其他处理  │   2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请   "
           "│   0   │    0    │  0  │")
    assert rows_on_one_line([Line(0, row, 1)]) == 0
    assert rows_on_one_line([Line(0, row.replace("│", ""), 1)]) == 2  # (the same words and numbers undrawn)
