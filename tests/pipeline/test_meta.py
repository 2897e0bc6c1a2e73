"""The title and the agency read from the lines above the first section heading (``xxgk.pipeline.meta``)."""

from __future__ import annotations

import pytest

from xxgk.pipeline.meta import detect_meta


@pytest.mark.parametrize(("above", "agency"), [
    ("洪泽区人民政府", "洪泽区人民政府"),  # a government on the line above the title
    ("宁海县交通运输局", "宁海县交通运输局"),  # a department
    ("大源镇", "大源镇"),  # a township
    ("中国人民银行宁波市中心支行", "中国人民银行宁波市中心支行"),  # a body the level rules do not know, in a place
])
def test_the_line_above_a_title_without_an_agency_names_the_agency(above, agency):
    meta = detect_meta([above, "2023年政府信息公开工作年度报告"], "", "", "")
    assert meta.agency == agency and meta.title == above + "2023年政府信息公开工作年度报告"


def test_a_title_whose_year_stands_on_a_line_of_its_own_keeps_its_agency():
    # (PyMuPDF keeping every span a line: "宁波市镇海区综合行政执法局" / "2020" / " 年政府信息公开工作年度报告")
    meta = detect_meta(["宁波市镇海区综合行政执法局", "2020", " 年政府信息公开工作年度报告"], "", "", "")
    assert meta.agency == "宁波市镇海区综合行政执法局" and meta.year == 2020
    # (a number on a line of its own that is no year is no part of the title)
    assert detect_meta(["宁波市镇海区综合行政执法局", "12", " 年政府信息公开工作年度报告"], "", "", "").agency is None


@pytest.mark.parametrize("above", ["信息公开目录", "首页>政务公开", "返回顶部", "打印本页"])
def test_a_menu_or_sidebar_line_above_the_title_is_not_the_agency(above):
    # (a web page's last menu line, or a framed Word file's sidebar: before, "信息公开目录" became the agency)
    meta = detect_meta([above, "2023年政府信息公开工作年度报告"], "", "", "")
    assert meta.agency is None and meta.title == "2023年政府信息公开工作年度报告"


def test_an_information_box_printed_as_a_table_row_gives_its_fields_cell_by_cell():
    from xxgk.pipeline.headers import crawler_headers

    found, rest = crawler_headers(["索引号：| 1153000000000000XY/2023-00012| 分类：| 政府信息公开年报",
                                   "发布机构：| 云江省生态环境厅| 发文日期：| 2023-01-19",
                                   "| 名称： | 云江省生态环境厅2022年政府信息公开工作年度报告 |  |  |",
                                   "云江省生态环境厅2022年政府信息公开工作年度报告"])
    assert found == {"agency": "云江省生态环境厅", "title": "云江省生态环境厅2022年政府信息公开工作年度报告"}
    assert rest == ["云江省生态环境厅2022年政府信息公开工作年度报告"]
    assert crawler_headers(["发布机构:宁海县农业农村局"])[0] == {"agency": "宁海县农业农村局"}
    assert crawler_headers(["发布机构：| 发文日期：| 2023-01-19"])[0] == {}  # (no value: the next cell is a name)


def test_a_title_in_a_markdown_table_cell_after_a_long_menu_is_read_without_its_bars():
    # a page laid out in a table through markitdown or trafilatura: the menu is one long line, the title a cell
    menu = "| [网站首页](/) | [政务公开](/zwgk/) | [办事服务](/bsfw/) | [互动交流](/hdjl/) | [走进清溪](/zjqx/) |"
    lines = ["|  |", "| --- |", "| 清溪县人民政府门户网站 |", menu, "| 您的位置：[首页](/) >> [政务公开](/zwgk/) |",
             "|  |", "| --- |", "| 清溪县人民政府2024年政府信息公开工作年度报告 |"]
    meta = detect_meta(lines, "", "", "")
    assert meta.title == "清溪县人民政府2024年政府信息公开工作年度报告" and meta.agency == "清溪县人民政府"
    assert detect_meta(["|清溪县人民政府2024年政府信息公开工作年度报告"], "", "", "").agency == "清溪县人民政府"
    # a title spread over a table's cells, wrapped onto the next line (markitdown on a PDF)
    spread = ["| 宁州市自然资源和规划局 |     | 2023 | 年政府信息公开工 |     |",
              "| ----------- | --- | ---- | -------- | --- |", "作年度报告"]
    meta = detect_meta(spread, "", "", "")
    assert (meta.title, meta.agency) == ("宁州市自然资源和规划局2023年政府信息公开工作年度报告", "宁州市自然资源和规划局")


def test_a_sites_list_of_its_reports_above_the_article_gives_the_title_the_body_agrees_with():
    sidebar = ["信息公开年报", "宁河镇2021年政府信息公开工作年度报告", "宁河镇2019年政府信息公开工作年度报告"]
    section1 = "2020年，我镇政府信息公开工作……本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"
    meta = detect_meta([*sidebar, "宁河镇2020年政府信息公开工作年度报告"], "", section1, section1)
    assert (meta.year, meta.year_source, meta.title) == (2020, "title", "宁河镇2020年政府信息公开工作年度报告")
    # the body agrees with none of the listed titles: no title, no year (never the first listed one)
    meta = detect_meta(sidebar, "", section1, section1)
    assert meta.year is None and meta.title is None and "2021, 2019" in (meta.year_reason or "")
    # one title with a wrapped line is one title, not a list
    meta = detect_meta(["富阳区大源镇2019年政府信息公开工作", "年度报告"], "", "", "")
    assert meta.year == 2019 and meta.title == "富阳区大源镇2019年政府信息公开工作年度报告"


def test_a_banner_above_a_title_without_its_agency_is_no_agency_when_the_body_says_otherwise():
    title = "2019年政府信息公开工作年度报告"
    section1 = "2019年我局对政府信息公开工作高度重视。今年我局主动公开政府信息1409条。"
    meta = detect_meta(["宁海县人民政府", title], "", section1, section1)  # (我局 under a 人民政府)
    assert meta.agency is None and meta.title == title
    opening = "2019年，宁州市交通运输局在市委、市政府的坚强领导下，认真贯彻《条例》。"
    meta = detect_meta(["宁州市人民政府", title], "", opening, opening)  # (another body opens section 一)
    assert meta.agency == "宁州市交通运输局" and meta.agency_source == "first_sentence"
    assert detect_meta(["宁州市人民政府门户网站", title], "", "", "").agency is None  # (a site's name)
    # the government's own report, as it says so: the line above is its agency
    own = "2023年，我区坚持以习近平新时代中国特色社会主义思想为指导。我区主动公开政府信息。"
    assert detect_meta(["洪泽区人民政府", "2023年政府信息公开工作年度报告"], "", own, own).agency == "洪泽区人民政府"


def test_a_publisher_the_body_contradicts_is_no_agency():
    section1 = "2019年我局对政府信息公开工作高度重视。今年我局主动公开政府信息1409条。"
    lines = ["发布机构：宁海县人民政府办公室", "2019年政府信息公开工作年度报告"]
    assert detect_meta(lines, "", section1, section1).agency is None  # (我局, published by the 办公室)
    lines = ["发布机构：宁海县统计局", "2019年政府信息公开工作年度报告"]
    assert detect_meta(lines, "", section1, section1).agency == "宁海县统计局"


@pytest.mark.parametrize("title", ["宁州市交通运输局关于2022年度政府信息公开工作的年度报告",
                                   "宁州市交通运输局2022年度政府信息公开年报",
                                   "宁州市交通运输局2022年度政府信息公开工作情况报告"])
def test_titles_that_vary_the_templates_words_are_titles(title):
    meta = detect_meta([title], "", "", "")
    assert (meta.agency, meta.year, meta.year_source) == ("宁州市交通运输局", 2022, "title")


def test_a_sentence_that_names_the_report_is_no_title():
    meta = detect_meta(["现将本局2022年度政府信息公开工作情况报告如下:"], "", "", "")
    assert meta.title is None and meta.agency is None


def test_an_opening_subject_the_body_calls_otherwise_is_no_agency():
    section1 = "2022年，市政府办公室认真贯彻落实《条例》，我局积极推进，我局主动公开。"
    assert detect_meta(["2022年政府信息公开工作年度报告"], "", section1, section1).agency is None


@pytest.mark.parametrize("title", ["【宁州市交通运输局】2022年政府信息公开工作年度报告",
                                   "附件:宁州市交通运输局2022年政府信息公开工作年度报告",
                                   "附件1宁州市交通运输局2022年政府信息公开工作年度报告"])
def test_what_a_title_prints_around_the_agency_is_no_part_of_it(title):
    assert detect_meta([title], "", "", "").agency == "宁州市交通运输局"


def test_the_years_of_a_law_or_a_quoted_title_are_not_the_reports():
    for s1 in ["根据《中华人民共和国政府信息公开条例》(2019年修订)规定，编制本报告。2022年，我局主动公开。",
               "新修订的《条例》于2019年5月15日起施行。2019年5月15日起施行的新条例。2022年，我局主动公开。"]:
        meta = detect_meta(["宁州市交通运输局政府信息公开工作年度报告"], "", s1, s1)
        assert (meta.year, meta.year_source) == (2022, "body_frequency")


def test_a_report_without_its_title_takes_the_agency_that_signs_it():
    # (a CMS content field, a readability extract: from section 一 to the signature at the end)
    section1 = "本报告根据《条例》要求编制。"
    body = "一、总体情况\n" + section1 + "\n六、其他需要报告的事项\n无。\n清溪县王庄镇人民政府\n2021年1月25日\n"
    meta = detect_meta([], "", section1, body)
    assert (meta.agency, meta.agency_source, meta.level) == ("清溪县王庄镇人民政府", "signature", "乡镇")
    run_on = "…无其他需要报告的事项。云江省生态环境厅二〇二三年一月十九日"  # (a one-line scrape)
    assert detect_meta([], "", section1, run_on).agency == "云江省生态环境厅"
    # the fuller name of the body section 一 opens with
    opening = "2021年，县卫生健康局认真贯彻落实《条例》。"
    meta = detect_meta([], "", opening, opening + "\n清溪县卫生健康局\n2022年1月21日")
    assert (meta.agency, meta.agency_source) == ("清溪县卫生健康局", "signature")
    # a site's name over a date, a date alone, a footer after the signature: no agency from them
    for tail in ["\n清溪县人民政府门户网站\n2023年1月19日", "\n2020年1月20日",
                 "\n清溪县商务局\n2022年1月21日\n网站地图 联系我们"]:
        assert detect_meta([], "", section1, "无。" + tail).agency is None
    # a signature that section 一 contradicts (我局 twice under a 人民政府) is not taken
    mine = "2019年我局对政府信息公开工作高度重视。今年我局主动公开政府信息1409条。"
    assert detect_meta([], "", mine, mine + "\n宁海县人民政府\n2020年1月20日").agency is None


def test_a_menu_an_item_a_line_and_an_information_box_between_spaces_hide_no_title():
    # (unstructured's elements of a whole page, inscriptis: the menu above the title, the box's fields on one line)
    head = ["云江省生态环境厅", "首页", "新闻中心", "政务公开", "政务服务", "公众参与", "环境质量",
            "索引号： 1153/2023-00012 分类： 政府信息公开年报 发布机构： 云江省生态环境厅 发文日期： 2023-01-19",
            "云江省生态环境厅2022年政府信息公开工作年度报告"]
    meta = detect_meta(head, "", "", "")
    assert (meta.agency, meta.title) == ("云江省生态环境厅", "云江省生态环境厅2022年政府信息公开工作年度报告")
    meta = detect_meta([h for h in head if not h.startswith("索引号")], "", "", "")
    assert (meta.agency, meta.agency_source, meta.year) == ("云江省生态环境厅", "title", 2022)
    # two short lines are no menu: an agency over its title
    meta = detect_meta(["宁河镇", "2020年政府信息公开", "工作年度报告"], "", "", "")
    assert meta.title is not None and "宁河镇" in (meta.agency or "")


def test_a_front_matter_from_the_pages_title_gives_the_title_without_the_sites_name():
    # (html-to-markdown: a YAML block from <title> and <meta> over the page's Markdown)
    head = ["---", "meta-SiteName: 宁州市交通运输局",
            "title: 宁州市交通运输局2019年政府信息公开工作年度报告_宁州市交通运输局", "---",
            "欢迎访问宁州市交通运输局网站！"]
    meta = detect_meta(head, "", "", "")
    assert (meta.agency, meta.title) == ("宁州市交通运输局", "宁州市交通运输局2019年政府信息公开工作年度报告")
    page_title = "og:title: 云江省生态环境厅2022年政府信息公开工作年度报告-云江省生态环境厅"
    meta = detect_meta(["---", page_title, "---"], "", "", "")
    assert meta.title == "云江省生态环境厅2022年政府信息公开工作年度报告"


def test_a_breadcrumb_a_crumb_a_line_is_no_title():
    # (get_text("\n", strip=True) of a whole page: the last crumb "政府信息公开年报" had been taken for the title)
    head = ["年度报告", "首页", ">", "政务公开", ">", "政府信息公开年报", "宁波市镇海区综合行政执法局",
            "2020年政府信息公开工作年度报告"]
    m = detect_meta(head, "\n".join(head), "", "\n".join(head))
    assert (m.agency, m.year) == ("宁波市镇海区综合行政执法局", 2020)


def test_an_information_box_a_cell_a_line_gives_its_fields():
    # (a page's information box with its names and values on lines of their own: 分类's value is no title)
    head = ["首页", "新闻中心", "政务公开", "索引号：", "1153000000000000XY/2023-00012", "分类：", "政府信息公开年报",
            "发布机构：", "云江省生态环境厅", "发文日期：", "2023-01-19", "名称：",
            "云江省生态环境厅2022年政府信息公开工作年度报告"]
    m = detect_meta(head, "\n".join(head), "", "\n".join(head))
    assert (m.agency, m.title) == ("云江省生态环境厅", "云江省生态环境厅2022年政府信息公开工作年度报告")


def test_a_title_between_spaces_in_a_page_joined_onto_one_line():
    # (get_text(" ", strip=True) of a whole page: breadcrumb, title, first sentence on one line)
    line = ("年度报告 首页 > 政务公开 > 政府信息公开年报 富阳区大源镇2019年政府信息公开工作 年度报告 根据《条例》要求，"
            "编制本年度报告。")
    m = detect_meta([line], line, "", line)
    assert (m.agency, m.year, m.year_source) == ("富阳区大源镇", 2019, "title")
    prose = "现将宁州市交通运输局2019年政府信息公开工作年度报告。"  # (a sentence that names a report: no title)
    assert detect_meta([prose], prose, "", prose).title is None
    listed = ("首页 > 年报 宁州市交通运输局2019年政府信息公开工作年度报告 宁州市教育局2019年政府信息公开工作年度报告 "
              "根据《条例》要求编制本报告。")  # (a list of reports on the line: which is this one is not told)
    assert detect_meta([listed], listed, "", listed).title is None


def test_a_breadcrumbs_last_crumb_wrapped_onto_its_own_line_is_no_title():
    from xxgk.pipeline.meta import title_block

    lines = ["首页  >  政务公开  >", "政府信息公开年报", "", "宁波市镇海区综合行政执法局", "2020年政府信息公开工作年度报告"]
    assert title_block(lines) == ["宁波市镇海区综合行政执法局", "2020年政府信息公开工作年度报告"]


def test_a_sentences_opening_or_a_years_remnant_is_no_agency():
    from xxgk.pipeline.meta import _agency_from_title, _opening_subject

    # (the year's digits set on a line of their own by a PDF: 年宁河镇…)
    assert _agency_from_title("年宁河镇政府信息公开工作年度报告") is None
    assert _opening_subject("今年以来我局认真贯彻落实《中华人民共和国政府信息公开条例》。") is None


# ---- the ways agencies title, open and sign a report (family meta-words; each case was read wrong before)


@pytest.mark.parametrize(("title", "agency", "year"), [
    ("清溪县卫生健康局二0二一年政府信息公开工作年度报告", "清溪县卫生健康局", 2021),  # (Word's ASCII zero)
    ("二0二0年宁河镇政府信息公开工作年度报告", "宁河镇", 2020),
    ("二〇二三年宁河镇政府信息公开工作年度报告", "宁河镇", 2023),
])
def test_a_year_in_chinese_numerals_with_an_ascii_zero_is_the_title_year(title, agency, year):
    meta = detect_meta([title], "", "", "")
    assert (meta.agency, meta.year, meta.year_source) == (agency, year, "title")


@pytest.mark.parametrize(("title", "agency"), [
    ("清溪县卫生健康局关于公布2021年政府信息公开工作年度报告的公告", "清溪县卫生健康局"),
    ("宁州市北塘区人民政府办公室关于印发宁州市北塘区人民政府2023年政府信息公开工作年度报告的通知", "宁州市北塘区人民政府"),
    ("宁海县交通运输局关于2022年度政府信息公开工作的年度报告", "宁海县交通运输局"),
])
def test_a_notice_around_the_title_gives_the_body_it_names_else_its_issuer(title, agency):
    assert detect_meta([title], "", "", "").agency == agency


def test_a_publication_date_before_a_title_is_no_title_year():
    title = "2022年01月21日　清溪县卫生健康局政府信息公开工作年度报告"
    s1 = "2021年,县卫生健康局认真贯彻。2021年全年公开信息512条。"
    meta = detect_meta([title], "", s1, s1)
    assert (meta.agency, meta.year, meta.year_source) == ("清溪县卫生健康局", 2021, "body_frequency")
    assert meta.title == "清溪县卫生健康局政府信息公开工作年度报告"


def test_a_title_year_and_a_statistics_period_that_differ_are_settled_by_section_one():
    """A title or a preamble copied from last year's file (or a title naming the year of publication): the one
    section 一's own text agrees with is taken, the conflict said; neither, no year."""
    period = "本报告所列数据统计期限自2020年1月1日起至2020年12月31日止。"
    s1 = "2020年，王庄镇认真贯彻条例。2020年全年公开信息512条。"
    meta = detect_meta(["清溪县王庄镇人民政府2019年政府信息公开工作年度报告"], period, s1, period + s1)
    assert (meta.year, meta.year_source) == (2020, "statistics_period")
    assert "the title says 2019, the statistics period 2020: the period taken" in meta.year_reason
    stale = period.replace("2020", "2019")  # (the preamble last year's, the title this year's)
    meta = detect_meta(["清溪县王庄镇人民政府2020年政府信息公开工作年度报告"], stale, s1, stale + s1)
    assert (meta.year, meta.year_source) == (2020, "title") and "the title's taken" in meta.year_reason
    meta = detect_meta(["清溪县王庄镇人民政府2019年政府信息公开工作年度报告"], period, "王庄镇认真贯彻条例。",
                       period + "王庄镇认真贯彻条例。")
    assert meta.year is None and "the text settles nothing" in meta.year_reason
    same = detect_meta(["清溪县王庄镇人民政府2020年政府信息公开工作年度报告"], period, s1, period + s1)
    assert (same.year, same.year_source, same.year_reason) == (2020, "title", None)


@pytest.mark.parametrize(("sentence", "year"), [
    ("2021年,我局将政务公开纳入股室和医疗卫生单位年度考核。", 2021),  # (将 as 把: done that year)
    ("2023年，我区将政务公开工作列入全区绩效考核体系。", 2023),
    ("2022年,我局将继续深化政务公开。", 2021),  # (a plan for the next year)
])
def test_jiang_as_ba_is_no_plan_for_the_next_year(sentence, year):
    s1 = "县卫生健康局认真贯彻条例。" + sentence
    assert detect_meta(["政府信息公开工作年度报告"], "", s1, s1).year == year


@pytest.mark.parametrize("opening", ["2023年，区委区政府高度重视政务公开工作", "2020年，王庄镇党委政府高度重视",
                                     "2021年,县委县政府高度重视卫生健康政务公开工作"])
def test_the_party_committee_and_the_government_together_are_no_agency(opening):
    s1 = opening + "，认真贯彻落实条例。"
    assert detect_meta([], "", s1, s1 + "\n无。").agency is None
    signed = s1 + "\n无其他需要报告的事项。\n宁州市北塘区人民政府\n2024年3月20日"
    assert detect_meta([], "", s1, signed).agency == "宁州市北塘区人民政府"


def test_an_information_box_naming_the_office_that_posted_the_report_is_not_its_agency():
    s1 = "2023年，北塘区人民政府坚持以公开促落实。"
    body = s1 + "\n宁州市北塘区人民政府\n2024年3月20日"
    meta = detect_meta(["发布机构：宁州市北塘区人民政府办公室", "发布日期：2024-03-20"], "", s1, body)
    assert (meta.agency, meta.agency_source) == ("宁州市北塘区人民政府", "signature")
    # (the same body with its region before it is no other body)
    meta = detect_meta(["发布机构：宁州市北塘区人民政府"], "", s1, s1)
    assert (meta.agency, meta.agency_source) == ("宁州市北塘区人民政府", "header")


@pytest.mark.parametrize(("intro", "agency"), [
    ("根据条例规定，现将宁州市北塘区人民政府2023年政府信息公开工作年度报告如下。", "宁州市北塘区人民政府"),
    ("本报告结合宁州市北塘区人民政府2023年工作实际编制。", "宁州市北塘区人民政府"),
    ("2024年3月20日宁州市北塘区人民政府发布。", "宁州市北塘区人民政府"),  # (a date's 日 is no place's)
])
def test_a_verb_or_a_date_before_the_region_is_no_part_of_the_name(intro, agency):
    meta = detect_meta(["北塘区人民政府2023年政府信息公开工作年度报告"], intro, "", intro)
    assert meta.agency == agency


def test_a_running_header_with_last_years_title_is_no_title_nor_the_year_of_section_one():
    """A Word file copied from last year's: its header, last year's title, on every page of the PDF text, inside
    section 一 too (where it tied the year count); the report's own title is the one that stands once."""
    header = "宁州市自然资源和规划局 2022 年政府信息公开工作年度报告"
    s1 = f"2023 年，宁州市自然资源和规划局坚持公开。\n{header}\n（四）平台建设。"
    body = f"{header}\n宁州市自然资源和规划局 2023 年政府信息公开工作年度报告\n{s1}\n{header}\n表格\n{header}\n"
    meta = detect_meta([header, "宁州市自然资源和规划局 2023 年政府信息公开工作年度报告"], "", s1, body)
    assert (meta.year, meta.year_source, meta.agency) == (2023, "title", "宁州市自然资源和规划局")
    # (a running header that is the report's own title stays its title)
    same = detect_meta(["宁州市自然资源和规划局 2023 年政府信息公开工作年度报告"], "", s1,
                       body.replace("2022", "2023"))
    assert (same.year, same.year_source) == (2023, "title")


@pytest.mark.parametrize("tail", [
    "往期推荐\n关于开展政务公开日活动的通知\n来源：云江生态环境\n编辑：李明　审核：王强",  # (a WeChat article's end)
    "相关阅读\n清溪县卫生健康局2020年政府信息公开工作年度报告\n主办：清溪县人民政府办公室　承办：清溪县大数据中心",
    "上一篇：清溪县卫生健康局2020年政府信息公开工作年度报告\n下一篇：清溪县卫生健康局2022年政府信息公开工作年度报告",
])
def test_the_signature_is_read_before_a_pages_tail(tail):
    s1 = "2021年,县卫生健康局认真贯彻条例。"
    body = f"{s1}\n六、其他需要报告的事项\n无。\n清溪县卫生健康局\n2022年1月21日\n{tail}"
    meta = detect_meta([], "", s1, body)
    assert (meta.agency, meta.agency_source) == ("清溪县卫生健康局", "signature")


def test_a_stale_running_header_a_span_a_line_is_no_title():
    # (helper-35: PyMuPDF's spans of a PDF whose running header is last year's title: the header's agency, year
    # and title words each a line, on every page; the title block had stopped before the report's own title ended)
    head = ["云江省人民政府", "2020", " 年政府信息公开工作年度报告",
            "云江省人民政府", "2021", " 年政府信息公开工作年度报", "告"]
    header = "云江省人民政府\n2020\n 年政府信息公开工作年度报告\n"
    body = header + "一、总体情况\n2021 \n年，云江省人民政府……\n" + (header + "正文……\n") * 3 + \
        "统计期限自\n2021 \n年1月1日起至2021年12月31日止。"
    meta = detect_meta(head, "".join(head), "2021年，云江省人民政府……", body)
    assert meta.year == 2021 and meta.agency == "云江省人民政府"
