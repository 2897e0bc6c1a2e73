"""A crawler's record of a report page. JSON: ``{"title": …, "url": …, "content": "…"}`` as Scrapy's feed
exporters, spider frameworks and scraping APIs save a page (one object per file, or one line of JSON Lines),
the text often with every CJK character escaped (``\\u653f\\u5e9c``, Scrapy's default) and every line break
an ``\\n``; read as such, it is one line of escapes and no section heading: "not a report". CSV: a scraper's
export with a header row (``title,url,content``) and the report quoted in a cell; read as such, its title
and agency come out with the commas and quotes around them.

The record's report is the string field that holds it (read again from its bytes when the crawler had read
them as Latin-1: see ``core.text.undo_mojibake``): a field named like the body (content, text, 正文 …)
that holds a section heading of the template, else the longest string that holds one. A body that is
markup goes to the HTML reader; plain text is read as it is. The record's title, publishing body and date
(when it has them) are put above it as the header lines a crawler archive prints (``标题：…``,
``发布机构：…``), which the metadata reads. Offsets refer to that rendering (the decoded text), as for a web
page. A file of several records is several reports: refused, saying so.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from xxgk.core.decoding import undo_mojibake
from xxgk.core.errors import NotAReportError

#: names of a record's body field (compared lower-cased, without ``_`` and ``-``)
_BODY_NAMES = ("content", "text", "body", "article", "html", "maintext", "contenttext", "contenthtml",
               "articlecontent", "detail", "zw", "正文", "内容", "全文")
_TITLE_NAMES = ("title", "articletitle", "headline", "name", "标题", "题目")
_AGENCY_NAMES = ("publisher", "agency", "department", "source", "sitename", "author", "发布机构", "发文机关",
                 "来源")
_DATE_NAMES = ("publishtime", "publishdate", "pubdate", "date", "time", "发布时间", "发文日期", "成文日期")
# a section heading of the template (a report's body holds several)
_HEADING = re.compile(r"[一二三四五六]\s*[、.．]\s*"
                      r"(?:总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)")
_MARKUP = re.compile(r"<(?:p|div|table|span|br|td|tr|h[1-6]|section|article)\b", re.I)
MAX_RECORDS_SHOWN = 3


def looks_like_json(head: bytes) -> bool:
    """Whether a file opens as a JSON object (or an array of them): its first character ``{``, or ``[``
    followed by ``{``."""
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return s.startswith(b"{") or (s.startswith(b"[") and s[1:].lstrip().startswith(b"{"))


def records(text: str) -> list[dict[str, Any]] | None:
    """The JSON objects of a file: one object, an array of objects, or JSON Lines; None when the text is no
    such JSON (a report that happens to open with a brace is read as text)."""
    try:
        data = json.loads(text)
    except RecursionError:  # (nested deeper than any record: no JSON of records)
        return None
    except ValueError:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) < 2:
            return None
        try:
            data = [json.loads(ln) for ln in lines]
        except (ValueError, RecursionError):
            return None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list) and data and all(isinstance(d, dict) for d in data):
        return data
    return None


def _key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _strings(obj: Any) -> Iterator[tuple[str, str, str]]:
    """(path, last key, value) of every string in a record, nested objects and arrays included (walked with
    a stack: a record nested however deep is no recursion); an array of strings (a page's paragraphs,
    ``css("p::text").getall()``) is also its lines joined."""
    stack: list[tuple[Any, str]] = [(obj, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k)) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            if len(item) > 1 and all(isinstance(v, str) for v in item):
                yield path, _key(path.rsplit(".", 1)[-1].split("[")[0]), "\n".join(item)
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(item))))
        elif isinstance(item, str):
            yield path, _key(path.rsplit(".", 1)[-1].split("[")[0]), item


def body_of(record: dict[str, Any]) -> tuple[str, str] | None:
    """(field path, text) of the record's report: a body-named field with a section heading of the
    template, else the longest string with one; None when no string holds a report."""
    found = []
    for path, key, s in _strings(record):
        undone = undo_mojibake(s)  # (a body the crawler read as Latin-1 before it wrote the record)
        if undone is not None:
            s = undone[0]
        if len(_HEADING.findall(s)) >= 2:
            found.append((path, key, s))
    if not found:
        return None
    named = [f for f in found if f[1] in _BODY_NAMES]
    path, _, text = max(named or found, key=lambda f: len(f[2]))
    return path, text


def _field(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        for k, v in record.items():
            if _key(str(k)) == name and isinstance(v, str | int) and str(v).strip():
                return " ".join(str(v).split())[:200]
    return None


def render(record: dict[str, Any], source: str | None) -> tuple[str, bool, str]:
    """(text, is_markup, note) of one record: its header lines and its report's text."""
    body = body_of(record)
    if body is None:
        raise NotAReportError("a JSON record with no report in any field (no section heading of the template)",
                              source=source)
    path, text = body
    head = [f"{name}：{value}" for name, value in (("标题", _field(record, _TITLE_NAMES)),
                                                 ("发布机构", _field(record, _AGENCY_NAMES)),
                                                 ("发布时间", _field(record, _DATE_NAMES))) if value]
    markup = bool(_MARKUP.search(text))
    if markup:  # (the header lines as paragraphs before the markup)
        text = "".join(f"<p>{h}</p>" for h in head) + text
    else:
        text = "\n".join([*head, text])
    note = (f"a crawler's record: the report read from its field '{path}' as {'markup' if markup else 'text'}"
            + (f", under its header fields ({', '.join(h.split('：')[0] for h in head)})" if head else ""))
    return text, markup, note


# a CSV export's header row: names only (a body-like one among them), between commas
_CSV_HEADER = re.compile(r"\ufeff?[^,\n\"]{1,40}(?:,[^,\n\"]{1,40}){1,40}\r?\n")


def csv_records(text: str) -> list[dict[str, Any]] | None:
    """The records of a CSV export whose header row names a body field (content, 正文 …), one per data row;
    None when the text is no such export (a report whose first line has commas is read as text)."""
    m = _CSV_HEADER.match(text)
    if m is None:
        return None
    names = [n.strip().lstrip("\ufeff") for n in m.group().split(",")]
    if not any(_key(n) in _BODY_NAMES for n in names) or len(set(names)) != len(names):
        return None
    if csv.field_size_limit() < len(text):  # (a report in one cell is longer than the module's default)
        csv.field_size_limit(len(text) + 1)
    try:
        rows = list(csv.reader(io.StringIO(text[m.end():])))
    except csv.Error:
        return None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows or any(len(r) != len(names) for r in rows):
        return None
    return [dict(zip(names, r, strict=True)) for r in rows]


def one_record(text: str, source: str | None, kind: str = "json") -> dict[str, Any] | None:
    """The file's one record (``kind`` json or csv); None when the file is no such export of records.
    Several: ``NotAReportError``."""
    recs = records(text) if kind == "json" else csv_records(text)
    if recs is None:
        return None
    if len(recs) > 1:
        titles = [t for t in (_field(r, _TITLE_NAMES) for r in recs[:MAX_RECORDS_SHOWN]) if t]
        raise NotAReportError(f"a {kind.upper()} file of {len(recs)} records, one report per file: write each "
                              "record to a file of its own" + (f" ({'; '.join(titles)} …)" if titles else ""), source=source)
    return recs[0]
