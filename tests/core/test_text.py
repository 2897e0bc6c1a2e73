"""Normalisation: offsets back to the original, blank-cell characters, marks and annotations left out."""

from __future__ import annotations

from xxgk.core.text import norm, normalize, without_emphasis


def test_nfkc_quotes_brackets_and_spaces():
    assert norm("（一）予以公开") == "(一)予以公开"
    assert norm("３．危及“三安全一稳定”") == "3.危及\"三安全一稳定\""
    assert norm("\u3000\u30000") == "  0"
    assert norm("\u00a0") == " "
    assert norm("−5") == "-5"


def test_lines_are_preserved_and_nbsp_lines_are_not_empty():
    nt = normalize("a\n\u00a0\n\nb")
    assert nt.text.split("\n") == ["a", " ", "", "b"]
    assert nt.line_of(nt.text.index("b")) == 4


def test_offsets_map_back_after_removals_and_expansions():
    raw = "[bookmark: _GoBack]2020年…宁河镇\r\n（七）总计\t30"
    nt = normalize(raw)
    assert "[bookmark" not in nt.text and "\r" not in nt.text
    i = nt.text.index("宁河镇")
    assert raw[nt.to_raw(i) : nt.to_raw_end(i + 3)] == "宁河镇"
    j = nt.text.index("30")
    assert raw[nt.to_raw(j) : nt.to_raw_end(j + 2)] == "30"
    k = nt.text.index("(七)")
    assert raw[nt.to_raw(k) : nt.to_raw_end(k + 5)] == "（七）总计"


def test_identity_map_when_nothing_changes_length():
    nt = normalize("规章\t0\n")
    assert nt._map is None and nt.to_raw(3) == 3


def test_page_numbers_inside_a_line_are_blanked_only_when_they_count_up():
    from xxgk.core.text import normalize, without_page_numbers

    flat = "四、结转 3 0 0 - 4 - 2.没有现成信息 3 0 3 - 5 - 其他"
    nt = without_page_numbers(normalize(flat))
    assert len(nt.text) == len(flat) and "- 4 -" not in nt.text and "- 5 -" not in nt.text
    assert nt.text.split() == "四、结转 3 0 0 2.没有现成信息 3 0 3 其他".split()
    for kept in ("行 1 - 4 - 2 行", "行 - 4 - 行 - 9 - 行"):  # a lone marker; markers that do not count up
        assert without_page_numbers(normalize(kept)).text == normalize(kept).text
    on_its_own = "行政许可 5\n- 4 -\n行政处罚 6\n- 5 -\n"  # whole lines: left to the line tokenizers
    assert without_page_numbers(normalize(on_its_own)).text == normalize(on_its_own).text


def test_html_character_references_left_in_text_read_as_their_characters_with_their_whole_span():
    from xxgk.core.text import normalize

    raw = "行政许可&nbsp;12&#12288;&#51;&gt;&unknownname;\r\n规章"
    nt = normalize(raw)
    assert nt.text == "行政许可 12 3>&unknownname;\n规章"
    i = nt.text.index("3")  # (a digit written as a reference: its raw text is the reference)
    assert raw[nt.to_raw(i) : nt.to_raw_end(i + 1)] == "&#51;"
    j = nt.text.index(" ")
    assert raw[nt.to_raw(j) : nt.to_raw_end(j + 1)] == "&nbsp;"
    k = nt.text.index("规")
    assert raw[nt.to_raw(k) : nt.to_raw_end(k + 2)] == "规章"
    assert normalize("AT&T; R&D").text == "AT&T; R&D"  # (no reference HTML knows: as written)


def test_markdown_backslash_escapes_are_read_without_the_backslash_keeping_the_offsets():
    from xxgk.core.text import normalize

    raw = "| 行政许可 | 46 | \\+3 | 12856 |\n| 1\\.属于国家秘密 | \\- | 542\\.16 |\n"
    nt = normalize(raw)
    assert nt.text == "| 行政许可 | 46 | +3 | 12856 |\n| 1.属于国家秘密 | - | 542.16 |\n"
    i = nt.text.index("+3")
    assert raw[nt.to_raw(i) : nt.to_raw_end(i + 2)] == "\\+3"
    j = nt.text.index("542.16")
    assert raw[nt.to_raw(j) : nt.to_raw_end(j + 6)] == "542\\.16"
    assert normalize("C:\\path\\-file").text == "C:\\path\\-file"  # (one escape-like pair: not Markdown)


def test_strong_emphasis_inside_a_line_is_blanked_and_offsets_stay():
    line = "| 情况。 **二、主动公开政府信息情况** **三、收到和处理政府信息公开申请情况** | **12** |"
    nt = without_emphasis(normalize(line))
    assert nt.text == line.replace("**", "  ") and len(nt.text) == len(line)
    assert nt.raw[nt.to_raw(nt.text.index("二")):].startswith("二、主动公开")
    for kept in ["## **三、收到和处理政府信息公开申请情况**", "**一、总体情况**", "本年度收费____元，** 未",
                 "a ** b ** c"]:  # (emphasis opening its line is the heading finder's; lone marks stay)
        assert without_emphasis(normalize(kept)).text == normalize(kept).text


def test_the_horizontal_bar_of_a_gb2312_decoding_is_a_dash():
    # (Python's gb2312 codec decodes the dash A1AA as U+2015, gbk and browsers as U+2014)
    raw = b"3\xa1\xaa\xa1\xaa3".decode("gb2312")
    nt = normalize(raw)
    assert raw == "3\u2015\u20153" and nt.text == "3——3" and nt.raw == raw


def test_cjk_radicals_a_pdf_font_names_read_as_their_characters():
    # pdfium / pdfminer pass on the radical a font's ToUnicode names for a glyph that is one
    raw = "⼀、总体情况\n清溪县⼈⺠政府⻔户⽹站、⻚⾯"
    nt = normalize(raw)
    assert nt.text == "一、总体情况\n清溪县人民政府门户网站、页面"
    assert len(nt.text) == len(raw) and nt.to_raw(nt.text.index("民")) == raw.index("⺠")
    # component radicals that are no character as written stay as they are
    assert norm("⺮⻌") == "⺮⻌"


def test_markdown_quote_marks_and_hard_breaks_are_blanked_in_place():
    from xxgk.core.text import without_markdown_marks

    raw = "> 淮安市人民政府\\\n> 2024 年报告\n>\n| > 规章 | 0 |\n"
    nt = without_markdown_marks(normalize(raw))
    assert nt.text == "  淮安市人民政府 \n  2024 年报告\n \n|   规章 | 0 |\n" and len(nt.text) == len(raw)
    # one quote mark alone ("> 3" in a sentence, a comparison) is left as printed
    once = normalize("申请数量 > 3 件\n")
    assert without_markdown_marks(once).text == once.text


def test_link_marks_are_blanked_and_their_text_kept():
    from xxgk.core.text import markdown_marks_blanked

    for raw in ("[首页](../../) > [政务公开](../../zwgk) >", "[[../../][首页]] > [[../../zwgk][政务公开]] >",
                "link:../../[首页] > link:../../zwgk[政务公开] >"):
        out = markdown_marks_blanked(raw)
        assert len(out) == len(raw) and out.split() == ["首页", ">", "政务公开", ">"], raw
    assert markdown_marks_blanked("见附件[1]。") == "见附件[1]。"  # (brackets with no target: as printed)


def test_readings_annotated_after_characters_are_left_out_keeping_offsets():
    # (spam mirrors of government pages: 公(gong)开, 國務(wù)院, zhuyin; three or more make a text so annotated)
    raw = "宁波(bō)市镇海区\n2020年政府信息公开工作年度报告(gào)\n公(gong2)开 政(ㄓㄥˋ)府 第(一)项 (a) x(b)"
    nt = normalize(raw)
    assert nt.text == "宁波市镇海区\n2020年政府信息公开工作年度报告\n公开 政府 第(一)项 (a) x(b)"
    assert nt.annotations == 4
    assert raw[nt.to_raw(nt.text.index("市"))] == "市" and raw[nt.to_raw(nt.text.index("开"))] == "开"
    one = normalize("规章(a)与规范性文件(b)")  # (fewer than three: no annotations, nothing left out)
    assert one.text == "规章(a)与规范性文件(b)" and one.annotations == 0
    words = "下载(app)微信(wechat)苹果(ios)邮件(email)"  # (no pinyin syllables: English words stay)
    assert normalize(raw + words).text.endswith(words)


def test_an_annotated_report_reads_its_agency_and_tables():
    import xxgk
    from tests.conftest import FIXTURES

    r = xxgk.extract(FIXTURES / "damaged" / "v05_qxwjj2021_pipe.annotated.txt")
    assert r.meta.agency == "清溪县卫生健康局" and r.status == xxgk.Status.accepted
    assert any(n.code == "annotations_removed" for n in r.notes)


def test_table_rows_printed_as_lists_read_as_tab_separated_rows_keeping_offsets():
    from xxgk.core.text import without_list_marks

    rows = ["['规章', '0', '1', '11']"] * 4 + ['["3.危及“三安全一稳定”", "5", null]', "[None, '科研\\n机构', '']"]
    nt = without_list_marks(normalize("\n".join(rows)))
    lines = nt.text.split("\n")
    assert [c.strip() for c in lines[0].split("\t")] == ["规章", "0", "1", "11"]
    assert [c.strip() for c in lines[4].split("\t")] == ['3.危及"三安全一稳定"', "5", ""]
    assert [c.strip() for c in lines[5].split("\t")] == ["", "科研  机构", ""]
    assert len(nt.text) == len(nt.raw)  # (same length: every offset stays)
    few = normalize("\n".join(rows[:4]))  # (fewer than five list rows: a text's own brackets stay)
    assert without_list_marks(few).text == few.text



def test_an_entity_escaped_once_more_is_read_as_its_character_its_offsets_kept():
    # (a crawler or a CMS that escaped a text already escaped: a blank cell's &nbsp; stored as &amp;nbsp;)
    raw = "规章&amp;nbsp;12&amp;amp;#160;R&amp;D"
    nt = normalize(raw)
    assert nt.text == "规章 12 R&D"
    assert [raw[nt.to_raw(i) : nt.to_raw_end(i + 1)] for i in (2, 5, 7)] == ["&amp;nbsp;", "&amp;amp;#160;", "&amp;"]
