"""Stage 1 for layout text (``tables.columns``): tables printed in columns of spaces by PDF-to-text converters
and text browsers, gathered back into rows."""

from __future__ import annotations

from tests.pipeline.tables.lines import T3_HEADING, lines_of
from xxgk.pipeline.tables.columns import counts_wide, gather_rows, is_layout_text, tokenize_columns
from xxgk.pipeline.tables.positions import LEAVES, heads_columns, pages
from xxgk.pipeline.tables.rows import assemble


def _rows(text: str) -> list[tuple[str, list[str]]]:
    return [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
            for r in assemble(tokenize_columns(lines_of(text)))]


HEAD = """\
                                   自然人  商业企业  科研机构  总计
一、本年新收政府信息公开申请数量       12         3         0    15
二、上年结转政府信息公开申请数量        1         0         0     1
"""


def test_layout_text_is_recognised_and_single_spaced_rows_are_not():
    assert is_layout_text(lines_of(HEAD + "三、本年度办理结果  （一）予以公开    9         0         0     9\n"))
    assert not is_layout_text(lines_of("规章 0 5 5\n规范性文件 1 2 3\n行政许可 4 5 6\n行政处罚 7 8 9\n"))


def test_a_wrapped_label_around_its_numbers_is_one_row():
    text = HEAD + """\
（二）部分公开（区分处理的，只计
这一情形，不计其他情形）                9         0         0     9
1.属于国家秘密                          0         0         0     0
"""
    rows = _rows(text)
    assert rows[-2] == ("（二）部分公开（区分处理的，只计/这一情形，不计其他情形）", ["9", "0", "0", "9"])
    assert rows[-1] == ("1.属于国家秘密", ["0", "0", "0", "0"])


def test_numbers_above_their_label_wait_for_it():
    text = HEAD + """\
                                        10         0         0    10
1.本机关不掌握相关政府信息
                                         3         0         0     3
2.没有现成信息需要另行制作
"""
    assert _rows(text)[-2:] == [("1.本机关不掌握相关政府信息", ["10", "0", "0", "10"]),
                                ("2.没有现成信息需要另行制作", ["3", "0", "0", "3"])]


def test_a_total_printed_on_another_line_than_the_rest_of_its_row_joins_it_in_column_order():
    text = HEAD + """\
（二）部分公开（区分处理的，只计                                    69
                                        63         4         2
这一情形，不计其他情形）
1.属于国家秘密                           1         0         0     1
"""
    assert _rows(text)[2] == ("（二）部分公开（区分处理的，只计", ["63", "4", "2", "69"])


def test_the_heading_of_a_merged_cell_floats_and_decides_nothing():
    text = HEAD + """\
                  3.要求提供公开出版物      0         0         0     0
  （五）不予处理
                                            0         0         0     0
                  4.无正当理由大量反复申请
 三、本           5.要求行政机关确认或重    2         0         0     2
 年度办           新出具已获取信息
"""
    rows = _rows(text)
    # the heading goes before the label of the row it is printed beside (a row of its group), and the
    # numbers under it to the row below, not to the heading
    assert rows[2] == ("（五）不予处理/3.要求提供公开出版物", ["0", "0", "0", "0"])
    assert rows[3] == ("4.无正当理由大量反复申请", ["0", "0", "0", "0"])
    assert rows[4] == ("三、本/年度办/5.要求行政机关确认或重", ["2", "0", "0", "2"])
    assert rows[5] == ("新出具已获取信息", [])  # (read by the next stages as fragments)


def test_columns_counted_in_display_width_when_a_cjk_character_takes_two():
    # a text browser: the numbers line up on screen, not in characters
    text = """\
名称                              甲    乙    丙
一、本年新收政府信息公开申请数量  12     3    15
二、上年结转                       1     0     1
三、本年度办理结果
（一）予以公开                                 7
                                   6     1
"""
    lines = lines_of(text)
    assert counts_wide(lines)
    rows = [([s.text for _, s in r.texts], [s.text for _, s in r.values]) for r in gather_rows(lines)]
    assert rows[-1] == (["（一）予以公开"], ["7", "6", "1"])  # one row: 6 and 1 fill the columns 7 leaves
    assert [t.text for t in tokenize_columns(lines)][-3:] == ["6", "1", "7"]  # in column order


def test_a_heading_piece_and_a_label_one_space_apart_are_two_segments():
    # pdftotext: "无法提 2.没有现成信息需要另行制" — the label opens a row though it does not open the line
    text = HEAD + """\
          1.本机关不掌握相关政府信
                                       196        12         1   225
                 息
    （四）
    无法提 2.没有现成信息需要另行制
                                        18         1         0    19
     供         作
"""
    rows = _rows(text)
    assert rows[2] == ("（四）/1.本机关不掌握相关政府信", ["196", "12", "1", "225"])
    assert rows[3] == ("息/无法提/供/2.没有现成信息需要另行制", ["18", "1", "0", "19"])


def test_a_label_run_into_its_numbers_after_one_space_is_split_from_them():
    text = HEAD + "2.其他法律行政法规禁止公开 30      1         0    31\n"
    assert _rows(text)[-1] == ("2.其他法律行政法规禁止公开", ["30", "1", "0", "31"])


def test_offsets_point_at_the_printed_characters():
    lines = lines_of(HEAD)
    toks = tokenize_columns(lines)
    twelve = next(t for t in toks if t.text == "12")
    assert HEAD[twelve.start:twelve.end] == "12" and twelve.line == 2 and twelve.value.value == 12


def test_a_zero_printed_against_the_next_cell_is_two_cells():
    # pdftotext -layout on narrow columns: "0   02" is other_org 0 and total 2, with no space between them
    text = HEAD + "（一）予以公开                           2         0    02\n"
    assert _rows(text)[-1] == ("（一）予以公开", ["2", "0", "0", "2"])
    assert _rows(HEAD + "（七）总计                              10         0    0.5\n")[-1][1] == ["10", "0", "0.5"]


def test_text_right_of_a_rows_numbers_is_no_part_of_its_label():
    text = """\
信息内容              本年新制作数量  本年新公开数量  对外公开总数量
规章                               0               0               0
规范性文件                         1               2               3      第二十条第（五）项
信息内容              上一年项目数量  本年增/减       处理决定数量
"""
    rows = _rows(text)
    assert ("规范性文件", ["1", "2", "3"]) in rows
    assert not any("规范性文件" in label and "第二十条" in label for label, _ in rows)


def test_a_label_glued_to_its_rows_first_number_lets_it_go():
    text = HEAD + """\
5.要求行政机关确认或重新出具0         0         0     0
（六）其他处理                          0         0         0     0
"""
    rows = _rows(text)
    assert ("5.要求行政机关确认或重新出具", ["0", "0", "0", "0"]) in rows


def test_sorted_words_a_table_two_label_starts_its_row_and_a_headings_character_leaves_the_number():
    # (PyMuPDF sort=True: 行政规范性文件's numbers a column right of 规章's; the 结 of 办理结果 glued after "8")
    from tests.pipeline.tables.lines import lines_of
    from xxgk.pipeline.tables.columns import gather_rows
    from xxgk.pipeline.tables.tokens import Line

    text = ("信息内容             本年制发件数   本年废止件数  现行有效件数\n"
            "规章                         1            0          11\n\n\n"
            "行政规范性文件                         8            26         66\n")
    rows = gather_rows(lines_of(text))
    assert [[s.text for _, s in r.values] for r in rows if r.values] == [["1", "0", "11"], ["8", "26", "66"]]
    row = gather_rows([Line(0, "          5.属于三类内部事务信息           7         1         0          0    8结", 1)])
    assert [s.text for _, s in row[0].values][-1] == "8"


def test_numbers_wrapped_in_narrow_cells_around_the_rows_line_stay_with_their_row():
    """Word's narrow number columns (LibreOffice's PDF through ``pdftotext -layout``): 187 prints 18 on the line
    above the row and 7 below, between them the row's other numbers; the upper halves had gone to the row
    before (a header, unmatched, dropped) and the row read 7 | 3 | 0 | 7 as if whole. They stay with their row,
    which prints more numbers than cells (refused by the later stages)."""
    text = """\
                                   自然人  商业企业  科研机构  总计
                                     18                          21
一、本年新收政府信息公开申请数量               3         0
                                     7                            0
二、上年结转政府信息公开申请数量        1         0         0     1
"""
    rows = _rows(text)
    label, values = rows[-2]
    assert label.endswith("一、本年新收政府信息公开申请数量") and sorted(values) == ["0", "0", "18", "21", "3", "7"]
    assert rows[-1] == ("二、上年结转政府信息公开申请数量", ["1", "0", "0", "1"])


# a sparse table 三 as pdftotext -layout prints a Word table whose blank cells are empty: most rows bare labels,
# the others print only the columns that hold a number
SPARSE = T3_HEADING + """
一、本年新收政府信息公开申请数量                6    1                        7
二、上年结转政府信息公开申请数量                                              0
      （一）予以公开                   3    1                        4
             1.属于国家秘密
             2.其他法律行政法规禁止公开
             1.本机关不掌握相关政府信息     2                             2
      （五）不 3.要求提供公开出版物
      予处理  4.无正当理由大量反复申请
             5.要求行政机关确认或重新出具已
             获取信息
      （六）其他处理
      （七）总计                     6    1                        7
四、结转下年度继续办理                                                   0
"""


def _placed(text: str, leaves: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    return [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
            for r in assemble(tokenize_columns(lines_of(text), leaves=leaves))]


def test_a_sparse_table_is_layout_text_by_its_aligned_numbers():
    assert is_layout_text(lines_of(SPARSE))
    # (the same rows one cell a line: no layout)
    assert not is_layout_text(lines_of("自然人\n商业企业\n总计\n一、本年新收\n6\n1\n7\n二、上年结转\n0\n1.属于国家秘密\n"))


def test_each_number_goes_to_the_column_it_stands_under_and_the_others_are_blank():
    placed = _placed(SPARSE, LEAVES["t3"])
    assert placed[0][0].endswith("/一、本年新收政府信息公开申请数量")  # (after the heading's words)
    rows = dict(placed[1:])
    assert placed[0][1] == ["6", "1", "", "", "", "", "7"]
    assert rows["二、上年结转政府信息公开申请数量"] == ["", "", "", "", "", "", "0"]
    assert rows["1.本机关不掌握相关政府信息"] == ["2", "", "", "", "", "", "2"]
    assert rows["2.其他法律行政法规禁止公开"] == [""] * 7  # (a numbered row printing nothing: all blank)
    assert rows["予处理/4.无正当理由大量反复申请"] == [""] * 7
    # the 2019 row （六）其他处理 printing nothing, right before （七）: a row of its own, not a floating heading
    assert rows["（六）其他处理"] == [""] * 7
    assert rows["（七）总计"] == ["6", "1", "", "", "", "", "7"]


def test_without_the_table_names_or_a_full_heading_rows_keep_what_they_print():
    assert _placed(SPARSE, ())[0][1] == ["6", "1", "7"]
    no_total = SPARSE.replace("总计\n", "\n", 1)
    assert _placed(no_total, LEAVES["t3"])[0][1] == ["6", "1", "7"]


def test_a_number_between_two_columns_leaves_its_row_unplaced():
    straddling = SPARSE.replace("（一）予以公开                   3    1", "（一）予以公开                      12 1")
    placed = _placed(straddling, LEAVES["t3"])
    assert dict(placed)["（一）予以公开"] == ["12", "1", "4"]  # (12 stands across 自然人's and 商业企业's bands)
    assert placed[0][1] == ["6", "1", "", "", "", "", "7"]


T4 = """\
          行政复议                                 行政诉讼
                                未经复议直接起诉                  复议后起诉
结果   结果   其他     尚未
                      总计   结果   结果   其他   尚未        结果   结果   其他   尚未
维持   纠正   结果     审结                            总计                       总计
                           维持   纠正   结果   审结        维持   纠正   结果   审结

                      2                        0                        1
"""


def test_a_table_of_one_row_of_numbers_is_told_for_layout_text_by_its_heading():
    assert not is_layout_text(lines_of(T4))
    assert heads_columns(lines_of(T4), LEAVES["t4"])
    assert not heads_columns(lines_of(T4), ())
    values = [t.text for t in tokenize_columns(lines_of(T4), leaves=LEAVES["t4"]) if t.value is not None]
    assert values == ["", "", "", "", "2", "", "", "", "", "0", "", "", "", "", "1"]


def test_rows_on_a_later_page_keep_what_they_print():
    # page 2 (after the converter's form feed) starts further left: its numbers under other columns' headings
    page2 = "\x0c      （七）总计                6    1                   7\n"
    raw = SPARSE.split("      （七）总计")[0] + page2
    text = raw.replace("\x0c", "\n")  # (normalised: a form feed is a line break; the original keeps it)
    lines = lines_of(text)

    def original(start: int, end: int) -> tuple[str, list[int]]:
        return raw[start:end], list(range(end - start + 1))

    assert pages(lines, original)[lines[-2].number] == 1 and pages(lines, None)[lines[-2].number] == 0
    rows = [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
            for r in assemble(tokenize_columns(lines, original, leaves=LEAVES["t3"]))]
    assert rows[-1] == ("（七）总计", ["6", "1", "7"])
    assert rows[0][1] == ["6", "1", "", "", "", "", "7"]  # (page 1's rows as before)
    assert all(t.by_position for t in tokenize_columns(lines, original, leaves=LEAVES["t3"])
               if t.value is not None and t.line == 8)


def test_a_later_page_that_repeats_the_heading_is_read_by_its_own():
    # Word's repeated header rows: page 2 prints the heading again, at its own left edge (4 columns further right)
    heading = SPARSE.split("一、本年新收")[0]
    page2 = "\x0c" + "\n".join("    " + ln for ln in heading.rstrip("\n").split("\n")) + \
        "\n          （七）总计                     6    1                        7\n"
    raw = SPARSE.split("      （七）总计")[0] + page2
    lines = lines_of(raw.replace("\x0c", "\n"))

    def original(start: int, end: int) -> tuple[str, list[int]]:
        return raw[start:end], list(range(end - start + 1))

    rows = [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
            for r in assemble(tokenize_columns(lines, original, leaves=LEAVES["t3"]))]
    assert rows[-1][0].endswith("（七）总计") and rows[-1][1] == ["6", "1", "", "", "", "", "7"]


def test_the_heading_printed_again_on_a_later_page_is_no_label():
    # page 2 repeats the heading; its words (其他, 总计 …) must not run into the label of the row before the break
    heading = SPARSE.split("一、本年新收")[0]
    page2 = "\x0c" + heading + "             3.其他\n      （七）总计                     6    1                        7\n"
    raw = SPARSE.split("      （六）其他处理")[0] + page2
    lines = lines_of(raw.replace("\x0c", "\n"))

    def original(start: int, end: int) -> tuple[str, list[int]]:
        return raw[start:end], list(range(end - start + 1))

    rows = [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
            for r in assemble(tokenize_columns(lines, original, leaves=LEAVES["t3"]))]
    assert ("5.要求行政机关确认或重新出具已/获取信息", [""] * 7) in rows  # (no heading words after its label)
    assert rows[-2:] == [("3.其他", [""] * 7), ("（七）总计", ["6", "1", "", "", "", "", "7"])]


def test_a_heading_printed_again_with_no_form_feed_before_it_starts_a_page():
    # the pages joined by a line break (pdfplumber page by page, a crawler that drops form feeds): the repeated
    # heading alone says that a page starts, at its own left edge (4 columns further right)
    heading = SPARSE.split("一、本年新收")[0]
    again = "\n".join("    " + ln for ln in heading.rstrip("\n").split("\n")) + "\n"
    text = SPARSE.split("      （六）其他处理")[0] + again + \
        "                 3.其他\n          （七）总计                     6    1                        7\n"
    rows = [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
            for r in assemble(tokenize_columns(lines_of(text), leaves=LEAVES["t3"]))]
    assert ("5.要求行政机关确认或重新出具已/获取信息", [""] * 7) in rows  # (no heading words after its label)
    assert rows[-2:] == [("3.其他", [""] * 7), ("（七）总计", ["6", "1", "", "", "", "", "7"])]
    # (the same rows 4 columns further right without the heading printed again: they stand off the first
    # heading's places, and keep what they print)
    bare = SPARSE.split("      （六）其他处理")[0] + \
        "                 3.其他\n          （七）总计                     6    1                        7\n"
    assert [t.text for r in assemble(tokenize_columns(lines_of(bare), leaves=LEAVES["t3"]))[-1:]
            for t in r.values] == ["6", "1", "7"]


def test_a_running_header_above_each_repeated_heading_starts_its_page():
    # the agency's name at the top of every page, the pages joined with no form feed: above two repeated headings
    # it is a running header, no part of the label before the break
    heading = SPARSE.split("一、本年新收")[0]
    header = "                宁州市东城区解放路街道办事处\n"
    rows = SPARSE.split("\n")
    cut1 = next(i for i, ln in enumerate(rows) if "1.本机关不掌握" in ln)
    cut2 = next(i for i, ln in enumerate(rows) if "5.要求行政机关确认" in ln)
    text = "\n".join(rows[:cut1]) + "\n" + header + heading + "\n".join(rows[cut1:cut2]) + "\n" + header + heading + \
        "\n".join(rows[cut2:])
    placed = [("/".join(t.text for t in r.fragments), [t.text for t in r.values])
              for r in assemble(tokenize_columns(lines_of(text), leaves=LEAVES["t3"]))]
    labels = [label for label, _ in placed]
    assert "2.其他法律行政法规禁止公开" in labels and not any("宁州市" in label for label in labels[1:])
    assert ("1.本机关不掌握相关政府信息", ["2", "", "", "", "", "", "2"]) in placed


def test_a_page_footer_above_table_fours_heading_is_no_line_of_numbers():
    # the section's heading at the foot of a page, the table on the next: the page count between them
    assert heads_columns(lines_of("                   第 6 页 共 8 页\n" + T4), LEAVES["t4"])


def _at(*pieces: tuple[int, str]) -> str:
    """A line of layout text: each piece at its column (characters counted, as pdftotext counts them)."""
    line = ""
    for col, text in pieces:
        line = line.ljust(col) + text
    return line


_PLACES = (26, 32, 38, 44, 50, 56)  # (the six applicants' columns; 总计 at 62)
RAISED = "\n".join([
    _at((38, "申请人情况")), _at((32, "法人或其他组织")),
    _at((26, "自然"), (38, "科研"), (44, "社会"), (50, "法律")),
    _at((32, "商业"), (62, "总计")),
    _at((26, "人"), (32, "企业"), (38, "机构"), (44, "公益"), (50, "服务"), (56, "其他")),
    _at((44, "组织"), (50, "机构")),
    _at((62, "456")),
    _at((0, "一、本年新收政府信息公开申请数量"), *zip(_PLACES, ("412", "23", "0", "2", "15", "4"), strict=True)),
    _at((62, "19")),
    _at((0, "二、上年结转政府信息公开申请数量"), *zip(_PLACES, ("18", "1", "0", "0", "0", "0"), strict=True)),
    _at((62, "136")),
    _at((6, "（一）予以公开"), *zip(_PLACES, ("121", "8", "0", "1", "5", "1"), strict=True)),
]) + "\n"


def _rows_of(text: str) -> list[tuple[str, list[str], bool]]:
    tokens = tokenize_columns(lines_of(text), leaves=LEAVES["t3"])
    return [("/".join(t.text for t in r.fragments), [t.text for t in r.values],
             any(t.by_position for t in tokens if t.value is not None and t.group == r.values[0].group))
            for r in assemble(tokens) if r.values]


def test_a_column_set_a_line_above_its_rows_is_read_with_the_row_below():
    # (the 总计 cells on a baseline of their own: LibreOffice's PDF of a Word table, a font substituted)
    rows = _rows_of(RAISED)
    assert [(label[-8:], values) for label, values, _ in rows] == [
        ("信息公开申请数量", ["412", "23", "0", "2", "15", "4", "456"]),
        ("信息公开申请数量", ["18", "1", "0", "0", "0", "0", "19"]),
        ("（一）予以公开", ["121", "8", "0", "1", "5", "1", "136"])]
    assert all(inferred for _, _, inferred in rows)  # (admitted only as their identities hold)


def test_a_number_alone_below_its_row_or_a_column_its_rows_print_in_is_no_raised_column():
    def first_row(text: str) -> tuple[list[str], bool]:
        return next((values, inferred) for label, values, inferred in _rows_of(text)
                    if label.endswith("本年新收政府信息公开申请数量"))

    assert first_row(RAISED) == (["412", "23", "0", "2", "15", "4", "456"], True)
    # the first number below the first row's line: read with it by the usual rules, which nothing here overrides
    lines = RAISED.split("\n")
    assert first_row("\n".join([*lines[:6], lines[7], lines[6], *lines[8:]])) == (
        ["412", "23", "0", "2", "15", "4", "456"], False)
    # a row printing its number in that column on its own label line: no column set apart (the lone numbers left
    # to the usual rules: the first row overfull, refused later)
    values, inferred = first_row("\n".join([*lines[:10], lines[11] + "     136"]))
    assert not inferred and len(values) > 7


def _wrapped(top: str, rest: str) -> str:
    """RAISED's heading over a first row whose 自然人 and 总计 numbers wrap in their cells: ``top`` above the row's
    line, ``rest`` below it."""
    heading = RAISED.split("\n")[:6]
    first = zip(_PLACES[1:], ("53", "0", "0", "61", "4"), strict=True)
    second = zip([*_PLACES, 62], ("34", "0", "0", "0", "0", "0", "34"), strict=True)
    return "\n".join([*heading, _at((26, top), (62, "311")), _at((0, "一、本年新收政府信息公开申请数量"), *first),
                      _at((26, rest), (62, "9")), _at((0, "二、上年结转政府信息公开申请数量"), *second)]) + "\n"


def test_a_number_wrapped_in_its_narrow_cell_is_read_whole_from_its_pieces():
    # (szfgs2024's own Word file: 3001 prints 300 above the row's line and 1 below it, 3119 as 311 / 9)
    text = _wrapped("300", "1")
    tokens = tokenize_columns(lines_of(text), leaves=LEAVES["t3"])
    first = [t for t in tokens if t.value is not None and t.line <= 8]
    assert [t.text for t in first] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert all(t.by_position for t in first)  # (placed by inference: admitted only as its identities hold)
    whole = first[0]
    assert whole.pieces is not None and [text[a:b] for a, b in whole.pieces] == ["300", "1"]
    assert [t.text for t in tokens if t.value is not None and t.line > 9] == ["34", "0", "0", "0", "0", "0", "34"]


def test_pieces_that_cannot_be_one_number_are_never_joined():
    # a lower piece longer than the upper (a wrap fills the first line), an upper piece opening with 0
    for top, rest in (("3", "001"), ("0", "1")):
        first = [t.text for t in tokenize_columns(lines_of(_wrapped(top, rest)), leaves=LEAVES["t3"])
                 if t.value is not None and t.line <= 8]
        assert top in first and "3119" not in first  # (the row stays overfull: refused later)


def test_numbers_wrapped_below_a_row_whose_first_line_looks_whole_make_it_overfull():
    # ps2ascii squeezes every gap to one space: 187 and 210 wrapped in narrow cells (18 / 7, 21 / 0) leave the
    # row's first line with seven numbers, and their rest on a line between two rows that print in its columns
    text = HEAD + """\
一、本年新收政府信息公开申请数量                        18 11 1 0 9 2 21
                                            7             0
二、上年结转政府信息公开申请数量                        6 1 0 0 0 0 7
"""
    rows = dict(_rows(text))
    # (nine numbers for seven cells, in column order: the row is refused, the wrapped digits never dropped)
    assert sorted(rows["一、本年新收政府信息公开申请数量"]) == sorted(["18", "11", "1", "0", "9", "2", "21", "7", "0"])
    assert rows["二、上年结转政府信息公开申请数量"] == ["6", "1", "0", "0", "0", "0", "7"]
