"""A crawler's JSON record of a report page (``readers.crawl_record``): the report read from its body field,
as markup or text, under its title; a file of several records refused, saying so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import xxgk
from xxgk.core.errors import NotAReportError
from xxgk.readers import read_bytes, sniff
from xxgk.readers.crawl_record import body_of

ROOT = Path(__file__).resolve().parents[2]
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"
PAGES = {"001_7b4b25fcf59f7d61.record.jsonl": ROOT / "tests" / "fixtures" / "formats" / "001_7b4b25fcf59f7d61.utf8.html",
         "v07_yjsthjt2022_html.record.json": ROOT / "eval" / "reports" / "v07_yjsthjt2022_html.html",
         "v01_nzjtj2019_html.record.json": ROOT / "eval" / "reports" / "v01_nzjtj2019_html.html"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_record_reads_as_the_page_it_was_saved_from(name: str) -> None:
    record, page = xxgk.extract_file(DAMAGED / name), xxgk.extract_file(PAGES[name])
    assert record.format == "json" and any(n.code == "json_record" for n in record.notes)
    assert record.values() == page.values()
    assert sum(v is not None for v in record.values().values()) >= 50
    assert record.status == page.status
    assert record.meta.year == page.meta.year


def test_an_escaped_record_is_read_from_its_body_field_under_its_title() -> None:
    text = (ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt").read_text(encoding="utf-8")
    rec = {"url": "http://x.gov.cn/a.html", "title": "宁海县统计局2019年政府信息公开工作年度报告",
           "publisher": "宁海县统计局", "content": text, "summary": "一、总体情况 二、主动公开政府信息情况"}
    data = json.dumps(rec).encode("ascii")  # (every CJK character \\u-escaped, as Scrapy writes it)
    assert sniff(data) == "json"
    doc = read_bytes(data, "a.json")
    assert doc.text.startswith("标题：宁海县统计局2019年政府信息公开工作年度报告\n发布机构：宁海县统计局\n")
    assert "field 'content'" in doc.notes[-1][1]  # (the body-named field, not the short summary)
    report = xxgk.extract_text(doc.text)
    assert report.meta.agency == "宁海县统计局" and report.value("t2.rules.total_published") == 11


def test_the_body_is_found_in_a_nested_field() -> None:
    report = "一、总体情况\n…\n二、主动公开政府信息情况\n…"
    assert body_of({"data": {"detail": {"zw": report}}, "title": "x"}) == ("data.detail.zw", report)
    assert body_of({"title": "一、总体情况", "content": "no report here"}) is None


def test_a_file_of_several_records_is_refused_naming_their_count() -> None:
    text = (ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt").read_text(encoding="utf-8")
    lines = "".join(json.dumps({"title": f"报告{i}", "content": text}) + "\n" for i in range(3))
    with pytest.raises(NotAReportError, match=r"a JSON file of 3 records, one report per file.*报告0; 报告1"):
        read_bytes(lines.encode("utf-8"), "feed.jsonl")


def test_a_record_without_a_report_is_not_a_report_and_a_brace_alone_is_text() -> None:
    with pytest.raises(NotAReportError, match="JSON record with no report"):
        read_bytes(json.dumps({"title": "通知", "content": "关于召开会议的通知"}).encode(), "n.json")
    doc = read_bytes("{附件一}\n一、总体情况\n".encode(), "t.txt")  # (opens with a brace, is no JSON)
    assert doc.format == "txt" and doc.text.startswith("{附件一}")


def test_a_body_the_crawler_read_as_latin1_is_read_from_its_bytes_again() -> None:
    text = (ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt").read_text(encoding="utf-8")
    rec = {"title": "report", "content": text.encode("gb18030").decode("latin-1")}
    report = xxgk.extract_text(read_bytes(json.dumps(rec).encode("ascii"), "a.json").text)
    assert report.value("t2.rules.total_published") == 11


def test_a_scrapers_csv_export_of_one_record_is_read_from_its_body_column() -> None:
    import csv
    import io

    text = (ROOT / "eval" / "reports" / "003_ba0fe670444f6260.txt").read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out).writerows([["标题", "正文"], ["报告", text]])
    report = xxgk.extract_text(read_bytes(out.getvalue().encode("utf-8"), "a.csv").text)
    assert report.meta.agency == "宁波市镇海区综合行政执法局"  # (not '报告,"宁波市…')
    page = xxgk.extract_file(ROOT / "eval" / "reports" / "003_ba0fe670444f6260.txt")
    assert report.values() == page.values()
    out = io.StringIO()
    csv.writer(out).writerows([["title", "content"], ["a", text], ["b", text]])
    with pytest.raises(NotAReportError, match="a CSV file of 2 records"):
        read_bytes(out.getvalue().encode("utf-8"), "feed.csv")
    # a report whose first line has commas, and a table saved as CSV, are no export of records
    assert read_bytes("规章,0,1,11\n二、主动公开政府信息情况\n".encode(), "t.txt").format == "txt"


def test_a_body_saved_as_a_list_of_paragraphs_is_read_as_its_lines() -> None:
    text = (ROOT / "eval" / "reports" / "003_ba0fe670444f6260.txt").read_text(encoding="utf-8")
    rec = {"title": "报告", "content": text.split("\n")}  # (css("p::text").getall())
    doc = read_bytes(json.dumps(rec, ensure_ascii=False).encode("utf-8"), "a.json")
    assert "field 'content'" in doc.notes[-1][1]
    page = xxgk.extract_file(ROOT / "eval" / "reports" / "003_ba0fe670444f6260.txt")
    assert xxgk.extract_text(doc.text).values() == page.values()


def test_a_record_nested_deeper_than_python_recurses_is_not_a_report() -> None:
    deep = b'{"a":' * 200_000 + b"1" + b"}" * 200_000
    assert read_bytes(deep, "deep.json").format == "txt"  # (no JSON of records: read as text, no crash)
    nested = b'{"a":' * 900 + json.dumps({"content": "x"}).encode() + b"}" * 900
    with pytest.raises(NotAReportError):
        read_bytes(nested, "nested.json")
