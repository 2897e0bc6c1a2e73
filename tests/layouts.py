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


def render_from_gold(gold: dict, seed_text: str) -> str:
    """A report in the tab layout (as Word exports it, merged cells as empty placeholder cells) built
    from a gold file's values and the official template's labels, with the seed's own prose: for seeds
    whose layout carries no row groups (003 plain, 004 pipe) to rebuild HTML/DOCX/PDF versions."""
    import re

    def v(x) -> str:
        return "" if x is None else str(x)

    def row(*cells: str) -> str:
        return "\n".join("\t" + c for c in cells) + "\n"

    head_end = seed_text.find("一、总体情况")
    five = seed_text.find("五、存在")
    six = seed_text.find("六、其他需要报告")
    intro = seed_text[: head_end if head_end >= 0 else 0]
    one = seed_text[head_end:].split("\n")[1] if head_end >= 0 else ""
    tail = seed_text[five:] if five >= 0 else ""
    t2, t3, t4 = gold["t2"], gold["t3"], gold["t4"]
    intro = "\n".join(ln.strip() for ln in intro.split("\n") if ln.strip())
    out = [intro + "\n" if intro else "", "一、总体情况\n", one + "\n", "二、主动公开政府信息情况\n"]
    blocks = []
    if gold["meta"]["template"] == "2019":
        subs = [("一", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                 [("规章", "rules"), ("规范性文件", "normative_docs")], ["new_made", "new_published", "total_published"]),
                ("五", ["上一年项目数量", "本年增/减", "处理决定数量"],
                 [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")],
                 ["prev_items", "change", "decisions"]),
                ("六", ["上一年项目数量", "本年增/减", "处理决定数量"],
                 [("行政处罚", "penalty"), ("行政强制", "coercion")], ["prev_items", "change", "decisions"]),
                ("八", ["上一年项目数量", "本年增/减"], [("行政事业性收费", "fees")], ["prev_items", "change"]),
                ("九", ["采购项目数量", "采购总金额"], [("政府集中采购", "procurement")], ["items", "amount"])]
    else:
        subs = [("一", ["本年制发件数", "本年废止件数", "现行有效件数"],
                 [("规章", "rules"), ("行政规范性文件", "normative_docs")], ["issued", "repealed", "in_force"]),
                ("五", ["本年处理决定数量"], [("行政许可", "licensing")], ["decisions"]),
                ("六", ["本年处理决定数量"], [("行政处罚", "penalty"), ("行政强制", "coercion")], ["decisions"]),
                ("八", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fees")], ["amount"])]
    for item, header, rows, cols in subs:
        blocks.append(row(f"第二十条第（{item}）项"))
        blocks.append(row("信息内容", *header))
        for label, key in rows:
            vals = [v(t2[key][c]) for c in cols]
            if key == "procurement" and t2[key].get("amount_unit") and vals[1]:
                vals[1] += t2[key]["amount_unit"]
            blocks.append(row(label, *vals))
    out.append("\n".join(blocks) + "\n")
    out.append("三、收到和处理政府信息公开申请情况\n")
    cols = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
    labels = {
        "new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
        "granted": "（一）予以公开", "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "denied_state_secret": "1.属于国家秘密", "denied_law_forbidden": "2.其他法律行政法规禁止公开",
        "denied_three_safety": "3.危及“三安全一稳定”", "denied_third_party": "4.保护第三方合法权益",
        "denied_internal": "5.属于三类内部事务信息", "denied_process": "6.属于四类过程性信息",
        "denied_enforcement_file": "7.属于行政执法案卷", "denied_admin_query": "8.属于行政查询事项",
        "unable_not_held": "1.本机关不掌握相关政府信息", "unable_need_creation": "2.没有现成信息需要另行制作",
        "unable_unclear": "3.补正后申请内容仍不明确", "not_processed_petition": "1.信访举报投诉类申请",
        "not_processed_duplicate": "2.重复申请", "not_processed_publication": "3.要求提供公开出版物",
        "not_processed_massive": "4.无正当理由大量反复申请",
        "not_processed_confirm": "5.要求行政机关确认或重新出具已获取信息",
        "other": "（六）其他处理",
        "other_overdue_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other_overdue_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other_other": "3.其他", "total": "（七）总计", "carried_forward": "四、结转下年度继续办理",
    }
    groups = {"denied_state_secret": "（三）不予公开", "unable_not_held": "（四）无法提供",
              "not_processed_petition": "（五）不予处理", "other_overdue_correction": "（六）其他处理"}
    t3_rows = [row("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
               row("", "自然人", "法人或其他组织", "总计"),
               row("", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "")]
    first_result = True
    for key in t3:
        vals = [v(t3[key][c]) for c in cols]
        if key in ("new_received", "carried_over", "carried_forward"):
            t3_rows.append(row(labels[key], *vals))
            continue
        lead = ["三、本年度办理结果"] if first_result else [""]
        first_result = False
        if re.match(r"\\d", labels[key]):
            g = groups.get(key)
            t3_rows.append(row(*lead, g if g else "", labels[key], *vals))
        else:
            t3_rows.append(row(*lead, labels[key], *vals))
    out.append("\n".join(t3_rows) + "\n")
    out.append("四、政府信息公开行政复议、行政诉讼情况\n")
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4_vals = [v(t4[g][c]) for g in ("review", "litigation_direct", "litigation_after_review")
               for c in ("upheld", "corrected", "other", "pending", "total")]
    out.append("\n".join([row("行政复议", "行政诉讼"), row(*heads, "未经复议直接起诉", "复议后起诉"),
                          row("", "", "", "", "", *heads, *heads), row(*t4_vals)]) + "\n")
    out.append(tail if tail else ("五、存在的主要问题及改进情况\n无。\n" + (seed_text[six:] if six >= 0 else "")))
    return "".join(out)


def cells_spaced(text: str) -> str:
    """Every table row on one line, its cells separated by a tab ("（一）予以公开\t2\t0\t0\t0\t0\t0\t2"), so
    every cell stays its own token. A row with a blank cell (a line of spaces or no-break spaces) keeps its
    one-cell-per-line form, where the blank still stands in its place. Works on one-cell-per-line rows
    (seed 003, and ``to_pdf_rows`` output)."""
    import re

    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and lines[j] and (not lines[j].strip() or re.fullmatch(r"[+-]?\d+(?:\.\d+)?",
                                                                                      lines[j].strip())):
            j += 1
        cells = lines[i + 1 : j]
        numbers = [c.strip() for c in cells if c.strip()]
        if line.strip() and numbers and len(numbers) == len(cells):
            out.append(line.rstrip() + "\t" + "\t".join(numbers))
        else:
            out.extend(lines[i:j])
        i = j
    return "\n".join(out)


# how some agencies word the rows of table 三 instead of the template (no vocabulary of xxgk knows these)
T3_PARAPHRASES = {
    "本年新收政府信息公开申请数量": "本年度新接到的请求件数",
    "上年结转政府信息公开申请数量": "往年遗留待办件数",
    "予以公开": "同意给予答复件数",
    "部分公开（区分处理的，只计这一情形，不计其他情形）": "区分处理后提供一部分",
    "结转下年度继续办理": "延续至明年办理件数",
}


def paraphrase_labels(text: str, paraphrases: dict[str, str] = T3_PARAPHRASES) -> str:
    """The report with some row labels worded otherwise (numbering kept), as agencies sometimes print them."""
    for old, new in paraphrases.items():
        text = text.replace(old, new)
    return text
