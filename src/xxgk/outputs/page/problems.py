"""The page's section on 存在的主要问题 (problems.csv): problems by category, by category × year and × level,
the most frequent phrasings per category, and whether an agency's problems of last year reappear."""

from __future__ import annotations

from collections import Counter

from xxgk.core.narrative import ProblemCategory
from xxgk.outputs.page.charts import Bar, esc, figure, hbar_chart, table
from xxgk.outputs.problems import ProblemStats

MAX_GROUPS = 60  # rows of a category × group table


def _label(cat: str) -> str:
    return ProblemCategory[cat].value if cat in ProblemCategory.__members__ else cat


def _share(naming: int, read: int) -> str:
    return f"{100 * naming / read:.1f}%" if read else "—"


def section_problems(p: ProblemStats) -> str:
    head = ("<section id=\"problems\"><h2>七、存在的主要问题 <small>Problems reported in section 五 (problems.csv, "
            "read by rules)</small></h2>")
    read = sum(p.reports.values())
    if not read:
        return head + "<p class=\"muted\">无 · no section 五 was read.</p></section>"
    overall = p.by()
    bars = [Bar(_label(k[0]), k[0], items, f"{_share(naming, read)} of reports · {naming:,} 份")
            for k, items, naming, _ in sorted(overall, key=lambda r: -r[1])]
    chart = hbar_chart("problems", "问题类别（问题条数；提及该类问题的报告占比） · Problems by category", bars)
    parts = [head, f"<p>{read:,} 份报告读出第五部分 · reports with section 五 read; {p.unread:,} without it.</p>",
             figure(chart)]
    for title, dims, names in (("按年度 · by year", (2,), ("年度 year",)),
                               ("按层级 · by level", (0,), ("层级 level",)),
                               ("按地区与年度 · by region and year", (1, 2), ("地区 region", "年度 year"))):
        rows = [(*k[:-1], _label(k[-1]), items, naming, _share(naming, n_read))
                for k, items, naming, n_read in p.by(*dims)][:MAX_GROUPS]
        parts.append(f"<h3>{esc(title)}</h3>" + table(
            [*names, "类别 category", "问题条数 items", "报告数 reports", "占比 share of reports read"], rows,
            numeric=range(len(names) + 1, len(names) + 4)))
    phr = [(_label(k[0]), text, n) for k, _, _, _ in sorted(overall, key=lambda r: -r[1])
           for text, n in p.top_phrasings(k[0])]
    parts.append("<h3>常见表述 · Most frequent phrasings per category</h3>"
                 + table(["类别 category", "表述 statement", "次数 times"], phr, numeric=(2,)))
    pairs, again, cats = p.recurrence()
    rec: Counter[str] = cats
    parts.append("<h3>上年问题是否再现 · Do last year's problems reappear?</h3>"
                 f"<p>{pairs:,} 组相邻年度（同一机关）· agency-year pairs with the year before; in {again:,} "
                 f"({_share(again, pairs)}) a category of last year's problems appears again.</p>"
                 + (table(["类别 category", "再现次数 pairs where it reappears"],
                          [(_label(c), n) for c, n in rec.most_common()], numeric=(1,)) if rec else ""))
    return "".join(parts) + "</section>"
