"""The header lines crawler archives and CMS pages put above an article (``标题:…``, ``发布机构:…``, ``发布时间:…``),
or a page's information box printed as a table row: read for the report's title and publisher, and taken out of
the lines that may hold its title (``pipeline.meta``)."""

from __future__ import annotations

import re

from xxgk.core.text import squash

# header lines crawler archives put above the article: "标题:…", "发布机构:…", "发布时间:…"
_HEADER_NAMES = ("标题|题目|文章标题|信息名称|名称|发布机构|发文机关|发布单位|发文单位|发布部门|"
                 "发布时间|发布日期|发文日期|成文日期|索引号|来源|信息来源|分类|主题分类|文号|"
                 # (a Markdown file's front matter from the page's <title> and <meta>: html-to-markdown)
                 "meta-ArticleTitle|ArticleTitle|meta-title|meta-og:title|og:title|title")
_HEADER = re.compile(r"^\s*(?P<name>" + _HEADER_NAMES + r")\s*[:：]\s*(?P<value>.*?)\s*$")
_HEADER_KEYS = {"标题": "title", "题目": "title", "文章标题": "title", "信息名称": "title", "名称": "title",
                "meta-ArticleTitle": "title", "ArticleTitle": "title", "meta-title": "title",
                "meta-og:title": "title", "og:title": "title", "title": "title",
                "发布机构": "agency", "发文机关": "agency", "发布单位": "agency", "发文单位": "agency", "发布部门": "agency"}


# cells of a page's information box on one line, as converters print a table row: pipes, box drawing, tabs
_CELL_SEP = re.compile(r"[|│┃║\t]")
# or its fields one after another between spaces ("索引号： … 分类： … 发布机构： 云江省生态环境厅 发文日期： …")
_NEXT_FIELD = re.compile(r"\s+(?=(?:" + _HEADER_NAMES + r")\s*[:：])")


def _header_fields(line: str) -> list[tuple[str, str]]:
    """(name, value) of every header field on a line: the whole line (``发布机构:XX局``), or the cells of an
    information box's row (``发布机构：| XX局| 发文日期：| 2023-01-19``), a name's value in its own cell or
    the next one."""
    cells = [c.strip() for cell in _CELL_SEP.split(line) for c in _NEXT_FIELD.split(cell)]
    cells = [c for c in cells if c]
    out = []
    for i, cell in enumerate(cells):
        m = _HEADER.match(cell)
        if m is None:
            continue
        value = m.group("value")
        if not value and i + 1 < len(cells) and not cells[i + 1].endswith((":", "：")):
            value = cells[i + 1]  # (a cell ending in a colon is the next field's name)
        out.append((m.group("name"), value))
    return out


def crawler_headers(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """({"title": …, "agency": …}, the other lines): the header lines a crawler archive puts above the
    article (``标题:``, ``发布机构:``, ``发布时间:`` …) or a page's information box printed as a table row,
    taken out of the lines that may hold the title."""
    found: dict[str, str] = {}
    rest = []
    taken = -1  # (a line taken as the value of the field named on the line before)
    for i, ln in enumerate(lines):
        if i == taken:
            continue
        fields = _header_fields(ln)
        if not fields:
            rest.append(ln)
            continue
        if len(fields) == 1 and not fields[0][1]:  # "发布机构：" alone, its value on the next line (a box's cells
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)  # a line each)
            if nxt is not None and not _header_fields(lines[nxt]):
                fields, taken = [(fields[0][0], lines[nxt].strip())], nxt
        for name, value in fields:
            key = _HEADER_KEYS.get(name)
            if key and value and key not in found:
                found[key] = squash(value)
    return found, rest
