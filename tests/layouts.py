"""Re-print a tab-layout report (seeds 000–002) in the other text layouts, for the same-values tests.

Each function keeps headings and narrative lines as they are and rewrites only the table cells:
``to_pipe_rows`` (web copy: one table row per line, cells ending with " |"), ``to_plain`` (one cell per
line, blank cells as NBSP-only lines, no merged-cell placeholders, like seed 003), ``to_pdf_rows``
(PDF text: a row's label and numbers on one line separated by spaces; blank cells vanish).
"""

from __future__ import annotations


def tab_groups(text: str) -> list[tuple[str, object]]:
    """[("line", text)] for non-table lines and [("row", [cells])] for each tab row group."""
    out: list[tuple[str, object]] = []
    cells: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            if cells is None:
                cells = []
            cells.extend(line[1:].split("\t"))
        elif line.strip() and cells is not None:
            cells[-1] += line.strip()  # header continuation ("本年新" + "制作数量")
        else:
            if cells is not None:
                out.append(("row", cells))
                cells = None
            out.append(("line", line))
    if cells is not None:
        out.append(("row", cells))
    return out


def _blank(c: str) -> bool:
    return not c.strip()


def _drop_placeholders(cells: list[str]) -> list[str]:
    i = 0
    while i < len(cells) and _blank(cells[i]):
        i += 1
    if i < len(cells) and not _is_number(cells[i].strip()):  # blanks before a label: placeholders
        return cells[i:]
    return cells


def to_pipe_rows(text: str) -> str:
    lines = []
    for kind, item in tab_groups(text):
        if kind == "line":
            lines.append(item)
        else:
            lines.append(" | ".join(c.strip() for c in item) + " |")
    return "\n".join(lines)


def to_plain(text: str) -> str:
    lines = []
    for kind, item in tab_groups(text):
        if kind == "line":
            if item.strip():
                lines.append(item)
        else:
            for c in _drop_placeholders(item):
                lines.append(c.strip() if not _blank(c) else "\u00a0")
    return "\n".join(lines)


def to_pdf_rows(text: str) -> str:
    lines = []
    for kind, item in tab_groups(text):
        if kind == "line":
            if item.strip():
                lines.append(item)
            continue
        cells = [c.strip() for c in item if not _blank(c)]
        labels = [c for c in cells if not _is_number(c)]
        numbers = [c for c in cells if _is_number(c)]
        for lab in labels[:-1]:
            lines.append(lab)
        lines.append(" ".join(([labels[-1]] if labels else []) + numbers))
    return "\n".join(ln for ln in lines if ln.strip())


def _is_number(c: str) -> bool:
    s = c.replace("万元", "").replace("元", "").lstrip("+-")
    return s.replace(".", "", 1).isdigit()


def _leading_blanks(cells: list[str]) -> int:
    i = 0
    while i < len(cells) and _blank(cells[i]):
        i += 1
    return i if i < len(cells) and not _is_number(cells[i].strip()) else 0


def to_html(text: str, *, title_outside: bool = True, charset: str | None = "utf-8") -> str:
    """A saved government web page: site navigation and footer around the report, the title in an <h1>
    above the content block, every table a real <table> whose merged cells carry rowspan (the empty
    placeholder cells of the Word export become the rowspan of the label above them)."""
    from html import escape

    items = tab_groups(text)
    body: list[str] = []
    title = None
    i = 0
    while i < len(items):
        kind, item = items[i]
        if kind == "line":
            s = item.strip()
            if s and title is None and title_outside and "报告" in s and len(s) < 40 and not body:
                title = s
            elif s:
                body.append(f"<p>{escape(s)}</p>")
            i += 1
            continue
        rows = []
        while i < len(items) and (items[i][0] == "row" or not str(items[i][1]).strip()):
            if items[i][0] == "row":
                rows.append(items[i][1])
            i += 1
        body.append(_html_table(rows))
    head = f'<meta charset="{charset}">' if charset else ""
    nav = ('<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; '
           '<a href="/ndbg">政府信息公开年报</a></div>')
    footer = '<div class="footer">主办单位：某某人民政府办公室 ICP备00000000号 联系电话：0000-0000000</div>'
    h1 = f'<h1 class="title">{escape(title)}</h1>' if title else ""
    return (f"<!DOCTYPE html>\n<html><head>{head}<title>{escape(title or '年度报告')}</title>"
            "<script>var x = '一、总体情况';</script></head>\n<body>"
            f"{nav}\n<div class=\"article\">{h1}<div class=\"content\">\n" + "\n".join(body)
            + f"\n</div></div>\n{footer}\n</body></html>\n")


def _html_table(rows: list[list[str]]) -> str:
    from html import escape

    lead = [_leading_blanks(r) for r in rows]
    out = ['<table border="1" cellspacing="0">']
    for ri, cells in enumerate(rows):
        tds = []
        for ci, c in enumerate(cells[lead[ri]:], start=lead[ri]):
            span = 1
            if not _blank(c) and not _is_number(c.strip()):
                while ri + span < len(rows) and lead[ri + span] > ci:
                    span += 1
            attr = f' rowspan="{span}"' if span > 1 else ""
            txt = escape(c.strip()).replace("\n", "<br/>") if not _blank(c) else "&nbsp;"
            tds.append(f"<td{attr}>{txt}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def run_together(pdf_text: str) -> str:
    """Crawled web text: every table row's cells glued to its label ("…申请数量15130000154"), and table
    四 as one digit string. Works on PDF-style rows (label and numbers separated by spaces)."""
    import re

    out = []
    for line in pdf_text.replace("\r\n", "\n").split("\n"):
        m = re.match(r"^(.*?[^\d\s.])?\s*((?:\d+\s+)+\d+)\s*$", line)
        if m and len(m.group(2).split()) >= 2:
            out.append((m.group(1) or "") + "".join(m.group(2).split()))
        else:
            out.append(line)
    return "\n".join(out)
