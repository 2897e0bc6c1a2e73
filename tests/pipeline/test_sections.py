"""Section splitting: heading variants, and table 三's own 一、…四、 labels never taken for headings."""

from __future__ import annotations

import pytest

from xxgk.core.text import normalize
from xxgk.pipeline.sections import single_spaced, split_sections
from xxgk.pipeline.tables.tokens import Line


def spans(text: str) -> dict[int, str | None]:
    return {k: s.heading for k, s in split_sections(normalize(text)).items()}


def test_all_seed_headings(seed_text):
    s = spans(seed_text("001_7b4b25fcf59f7d61"))
    assert s == {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                 4: "四、政府信息公开行政复议、行政诉讼情况", 5: "5、 存在的主要问题及改进情况",
                 6: "6、 其他需要报告的事项"}


def test_unnumbered_headings_seed_002(seed_text):
    s = spans(seed_text("002_054d4c4d902c56e6"))
    assert s[5] == "存在的主要问题及改进情况" and s[6] == "其他需要报告的事项"


def test_section_two_without_heading_is_found_by_its_caption(seed_text):
    text = seed_text("004_9f0ed78e15ea2a92")
    found = split_sections(normalize(text))
    assert found[2].heading is None
    assert text[found[2].body_start :].startswith("第二十条第(一)项")
    assert found[1].end == found[2].start


def test_table_three_row_labels_are_not_headings():
    text = (
        "一、总体情况\n概述。\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n"
        "三、本年度办理结果\n四、结转下年度继续办理\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n1、问题。\n5、加强培训\n"
        "六、其他需要报告的事项\n无。\n"
    )
    found = split_sections(normalize(text))
    assert {k: s.line for k, s in found.items()} == {1: 1, 2: 3, 3: 5, 4: 10, 5: 11, 6: 14}


def test_variant_headings():
    text = (
        "一、概述\n…\n二、主动公开政府信息的情况\n…\n三、收到的处理政府信息公开申请情况\n…\n"
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n…\n五、存在的主要问题及整改措施\n…\n"
        "六、其他需要报告的事项\n"
    )
    assert sorted(spans(text)) == [1, 2, 3, 4, 5, 6]


def test_a_subheading_in_section_one_is_not_section_two():
    text = "一、总体情况\n（一）主动公开情况。主要通过政府网站公开。\n二、主动公开政府信息情况\n表\n"
    found = split_sections(normalize(text))
    assert found[2].line == 3


def test_sections_numbered_as_sub_items():
    # (（一）总体情况 … （六）其他需要报告的事项; section 一's own paragraphs numbered the same way stay text)
    text = ("（一）总体情况\n（一）高度重视。我局…\n（二）主动公开。全年公开信息3条。\n（二）主动公开政府信息情况\n表\n"
            "(三)收到和处理政府信息公开申请情况\n表\n（四）政府信息公开行政复议、行政诉讼情况\n表\n"
            "（五）存在的主要问题及改进情况\n…\n（六）其他需要报告的事项\n无。\n")
    found = split_sections(normalize(text))
    assert {k: s.line for k, s in found.items()} == {1: 1, 2: 4, 3: 6, 4: 8, 5: 10, 6: 12}


def test_a_year_from_section_one_headed_as_a_sub_item():
    import xxgk
    from tests.conftest import FIXTURES

    r = xxgk.extract(FIXTURES / "damaged" / "000_5c96ff8a9c100224.paren-headings.txt")
    assert (r.meta.year, r.status) == (2019, xxgk.Status.accepted)


def test_a_wide_row_of_a_drawn_table_is_not_cut_at_its_padding():
    from xxgk.pipeline.sections import cut_long_lines
    from xxgk.pipeline.tables.tokens import Line

    row = "| 一、本年新收政府信息公开申请数量" + " " * 120 + "| 143    | 37       | 2        | 6      | 202  |"
    assert cut_long_lines([Line(0, row, 1)]) == [Line(0, row, 1)]
    scraped = "一、总体情况　　2023年，本机关……" + "　　文字" * 60 + "二、主动公开政府信息情况　　内容"
    assert len(cut_long_lines([Line(0, scraped, 1)])) > 1


def test_a_heading_or_caption_beside_a_row_starts_a_piece_of_its_own():
    from xxgk.pipeline.sections import cut_long_lines
    from xxgk.pipeline.tables.tokens import Line

    row = "行政事业性收费                                   128.35     三、收到和处理政府信息公开申请情况"
    pieces = cut_long_lines([Line(10, row, 4)])
    assert [p.text.strip() for p in pieces] == ["行政事业性收费                                   128.35",
                                                "三、收到和处理政府信息公开申请情况"]
    assert all(row[p.start - 10 : p.start - 10 + len(p.text)] == p.text and p.number == 4 for p in pieces)
    caption = "行政许可" + " " * 33 + "486,275" + " " * 17 + "第二十条第(六)项"
    assert [p.text.strip() for p in cut_long_lines([Line(0, caption, 1)])] == ["行政许可" + " " * 33 + "486,275",
                                                                                "第二十条第(六)项"]
    # a row label of table 三 (二、上年结转…) and a heading with one space before it are no heading beside a row
    for kept in ("（七）总计    21    0   21      二、上年结转政府信息公开申请数量",
                 "规章 0 0 0 三、收到和处理政府信息公开申请情况"):
        assert cut_long_lines([Line(0, kept, 1)]) == [Line(0, kept, 1)]
    text = f"一、总体情况\n概述\n二、主动公开政府信息情况\n{row}\n申请人情况\n四、政府信息公开行政复议、行政诉讼情况\n表\n"
    nt = normalize(text)
    found = split_sections(nt, cut_long_lines([Line(s, t, i + 1) for i, (s, t) in enumerate(nt.lines())]))
    assert found[3].heading == "三、收到和处理政府信息公开申请情况" and found[3].line == 4
    assert nt.text[found[2].body_start : found[2].end].rstrip().endswith("128.35")


def test_blocks_of_table_rows_after_a_later_heading_are_their_tables():
    # (each page's text, then the page's tables: table 二's last rows after 三、, table 四 after 五、)
    from xxgk.pipeline.sections import misplaced_tables
    from xxgk.pipeline.tables import Line

    text = ("一、总体情况\n概述。\n二、主动公开政府信息情况\n| 第二十条第（一）项 | | |\n| --- | --- | --- |\n"
            "| 规章 | 0 | 1 |\n\n三、收到和处理政府信息公开申请情况\n\n| 行政处罚 | 73,519 |\n| 行政强制 | 5 |\n\n"
            "| 申请人情况 | | |\n| --- | --- | --- |\n| 一、本年新收政府信息公开申请数量 | 3 | 3 |\n\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n问题。\n\n"
            "| 3.其他处理 | 0 | 0 |\n| 四、结转下年度继续办理 | 1 | 1 |\n\n"
            "| 行政复议 | | 行政诉讼 |\n| --- | --- | --- |\n| 结果维持 | 结果纠正 | 总计 |\n| 0 | 0 | 0 |\n\n"
            "| 降低行政复议、行政诉讼发生率 |\n| --- |\n")
    nt = normalize(text)
    lines = [Line(start, t, i + 1) for i, (start, t) in enumerate(nt.lines())]
    moved = misplaced_tables(lines, split_sections(nt, lines))
    assert {k: [ln.text.split("|")[1].strip() for ln in v] for k, v in moved.items()} == {
        "t2": ["行政处罚", "行政强制"],
        "t3": ["3.其他处理", "四、结转下年度继续办理"],
        "t4": ["行政复议", "---", "结果维持", "0"],
    }  # (the one-cell block of prose is no table's; table 三's own block stands in its section)


def test_a_heading_in_a_markdown_row_of_its_own_is_a_heading():
    # (a PDF's text boxes written as one-cell tables, a table's first row holding its section's heading)
    s = spans("| 一、总体情况 |\n| --- |\n| 概述。 |\n| 二、主动公开政府信息情况 |  |  |  |\n| --- | --- | --- | --- |\n"
              "三、收到和处理政府信息公开申请情况\n| 四、结转下年度继续办理 | 8 | 3 |\n"
              "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n| 六、其他需要报告的事项 |\n无。\n")
    assert s == {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                 4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}


def _lines(text: str):
    nt = normalize(text)
    return nt, [Line(start, line, i + 1) for i, (start, line) in enumerate(nt.lines())]


_CELLS = [f"\t{x}" for x in ("行政处罚", "2710", "行政强制", "96", "第二十条第（八）项", "信息内容")] * 4


def test_a_text_whose_line_breaks_were_doubled_is_read_with_them_single():
    single = "\n".join([*_CELLS[:12], "", *_CELLS[12:]])  # (one empty line: a row's end)
    nt, lines = _lines(single.replace("\n", "\r\r\n"))  # (CR CR LF: two breaks)
    out, numbers = single_spaced(lines, nt)
    assert [ln.text for ln in out] == normalize(single).text.split("\n")
    assert [ln.number for ln in out] == list(range(1, len(out) + 1))  # (numbered as read ...)
    assert numbers is not None and numbers[:3] == [1, 3, 5] and numbers[12:14] == [24, 27]  # (... the file's kept)
    assert [lines[n - 1].text for n in numbers] == [ln.text for ln in out]


def test_a_page_break_in_a_doubled_text_is_no_line_of_it_and_stays():
    nt, lines = _lines("\n\n".join([*_CELLS[:12], "\x0c" + _CELLS[12], *_CELLS[13:]]))
    out, numbers = single_spaced(lines, nt)
    assert numbers is not None and [ln.text for ln in out][11:14] == [_CELLS[11], "", "\t行政处罚"]


@pytest.mark.parametrize("text", [
    "\n".join([*_CELLS[:6], "", *_CELLS[6:]]),  # single-spaced rows: lines together
    "\n\n".join(_CELLS[:12]) + "\n\n\n" + "\n\n".join(_CELLS[12:]),  # a run of two empty lines: even
    "\n\n".join(_CELLS[:10]),  # too few lines to tell
])
def test_a_text_with_lines_together_or_an_even_run_of_empty_lines_is_not_doubled(text):
    nt, lines = _lines(text)
    assert single_spaced(lines, nt) == (lines, None)


def test_lines_of_spaces_are_printed_lines_not_the_doubled_breaks():
    nt, lines = _lines("\n\n".join(["\t规章", "  ", "  ", "\t1"] * 6))
    out, numbers = single_spaced(lines, nt)
    assert numbers is not None and [ln.text for ln in out][:4] == ["\t规章", "  ", "  ", "\t1"]
