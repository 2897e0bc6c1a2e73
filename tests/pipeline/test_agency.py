"""Agency identity: the printed name kept, a key that matches the same body across years, region and level."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import REPORTS
from xxgk.pipeline.agency import describe_agency, normalize_agency


@pytest.mark.parametrize(
    ("name", "key", "region", "level"),
    [
        ("江苏省淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区", "县"),
        ("淮安市洪泽区政府", "淮安市洪泽区人民政府", "淮安市洪泽区", "县"),  # 政府 = 人民政府
        ("苏州市昆山市人民政府", "昆山市人民政府", "苏州市昆山市", "县"),  # a 市 under a 市 is county level
        ("国家税务总局淮安市税务局", "国家税务总局淮安市税务局", "淮安市", "部门"),  # a vertical branch
        ("宁河镇人民政府", "宁河镇人民政府", "宁河镇", "乡镇"),
        ("北京市朝阳区望京街道办事处", "北京市朝阳区望京街道办事处", "北京市朝阳区望京街道", "乡镇"),
        ("江苏省人民政府办公厅", "江苏省人民政府办公厅", "江苏省", "部门"),
        ("住房和城乡建设局", "住房和城乡建设局", None, "部门"),  # 城乡 is not a township
    ],
)
def test_agency_key_region_and_level(name, key, region, level):
    info = describe_agency(name)
    assert (info.key, info.region, info.level) == (key, region, level)


def test_normalisation_only_removes_spaces_and_keeps_the_office():
    assert normalize_agency(" 洪泽区人民政府\u3000办公室 ") == "洪泽区人民政府办公室"
    assert describe_agency("洪泽区人民政府办公室").key != describe_agency("洪泽区人民政府").key
    assert describe_agency(None) is None


def test_reports_carry_the_agency_identity():
    r = xxgk.extract(REPORTS / "v01_nzjtj2019_html.html")  # the title stands in an <h1> above the content
    assert (r.meta.agency, r.meta.agency_source) == ("宁州市交通运输局", "title")
    assert (r.meta.region, r.meta.level) == ("宁州市", "部门")


def test_markdown_marks_at_an_agencys_edges_are_trimmed():
    # (a hard break's backslash, bold, a heading mark, a table bar left around the line by a converter)
    for printed in ("淮安市人民政府\\", "**淮安市人民政府**", "# 淮安市人民政府", "| 淮安市人民政府 |", "= 淮安市人民政府"):
        assert normalize_agency(printed) == "淮安市人民政府", printed
