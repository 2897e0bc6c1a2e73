"""The sections of the batch page and the page itself (its CSS is ``page.css`` beside this file)."""

from __future__ import annotations

import statistics
from array import array
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from xxgk.outputs.page.charts import (
    Bar,
    column_chart,
    esc,
    figure,
    fmt_int,
    fmt_pct,
    hbar_chart,
    stacked_chart,
    table,
    truncation_note,
)
from xxgk.outputs.page.data import (
    CROSS_NAMES,
    CROSS_SHORT,
    CROSS_SUMMARY_COLUMNS,
    DATASET,
    ENGLISH,
    ERROR_NAMES,
    ERRORS,
    GROUP_OF,
    IDENTITIES,
    LABEL_OF,
    MAX_ROWS,
    NONE,
    OUTCOME_GROUPS,
    QUARANTINE,
    RATE_BINS,
    RESULT_LEAVES,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUSES,
    T4_REVIEW_COLUMNS,
    Stats,
)
from xxgk.outputs.page.problems import section_problems
from xxgk.version import __version__


def _css() -> str:
    return (Path(__file__).parent / "page.css").read_text(encoding="utf-8")


# --- page sections ---------------------------------------------------------------------------------------


def year_key(year: str) -> tuple[int, str]:
    return (0, f"{int(year):06d}") if year.isdigit() else (1, year)


def section_status(stats: Stats) -> str:
    years = sorted({y for _, _, y in stats.by_status}, key=year_key)
    statuses = [*STATUSES, *sorted({s for s, _, _ in stats.by_status} - set(STATUSES))]
    per_year: Counter[tuple[str, str]] = Counter()
    for (s, _, y), n in stats.by_status.items():
        per_year[(s, y)] += n
    series = [(s, STATUS_LABELS.get(s, s), [per_year[(s, y)] for y in years]) for s in statuses
              if any(per_year[(s, y)] for y in years)]
    cats = [y if y != "?" else "未知 unknown" for y in years]
    chart = stacked_chart("status-by-year", "各年度报告状态 · Reports by year and status", cats, series,
                          "报告年度 · report year (meta.year)")
    rows = []
    combos = sorted({(t, y) for _, t, y in stats.by_status}, key=lambda ty: (ty[0], year_key(ty[1])))
    for t, y in combos:
        counts = [stats.by_status[(s, t, y)] for s in statuses]
        rows.append((t if t != "?" else "未知", y if y != "?" else "未知", *(f"{n:,}" for n in counts),
                     f"{sum(counts):,}"))
    totals = [sum(n for (s, _, _), n in stats.by_status.items() if s == st) for st in statuses]
    rows.append(("合计 all", "", *(f"{n:,}" for n in totals), f"{sum(totals):,}"))
    headers = ["模板 template", "年度 year", *(STATUS_LABELS.get(s, s) for s in statuses), "合计 total"]
    numeric = range(2, len(headers))
    return ("<section id=\"status\"><h2>一、报告状态 <small>Status by template and year</small></h2>"
            + "<p class=\"note\">reports.jsonl 与 quarantine.jsonl 中的全部报告；无法读取的文件（errors.jsonl）没有状态。 "
            "All reports of reports.jsonl and quarantine.jsonl; unreadable files (errors.jsonl) have no status.</p>"
            + figure(chart) + table(headers, rows, numeric, "grid totals") + "</section>")


def outcome_bars(stats: Stats, rows: Sequence[str]) -> list[Bar]:
    """One bar per result row: applications summed over reports, share within the rows given, reports citing it."""
    total = sum(stats.outcome_sum[r] for r in rows) or 1
    return [Bar(LABEL_OF[r], ENGLISH.get(r, r), stats.outcome_sum[r],
                f"{100 * stats.outcome_sum[r] / total:.1f}% · {stats.outcome_reports[r]:,} 份")
            for r in rows]


def group_bars(stats: Stats) -> list[Bar]:
    total = sum(stats.outcome_sum.values()) or 1
    bars = []
    for key, label, sub in OUTCOME_GROUPS:
        v = sum(n for r, n in stats.outcome_sum.items() if GROUP_OF.get(r) == key)
        bars.append(Bar(label, sub, v, f"{100 * v / total:.1f}%"))
    return bars


def rate_summary(rates: array, pooled: float | None, excluded: int, what: str) -> list[tuple[str, str]]:
    values = sorted(rates)
    return [
        ("报告数 reports with a rate", f"{len(values):,}"),
        (f"不计 excluded ({what})", f"{excluded:,}"),
        ("合并比率 pooled rate", fmt_pct(pooled)),
        ("中位数 median", fmt_pct(statistics.median(values) if values else None)),
        ("平均 mean of reports", fmt_pct(statistics.fmean(values) if values else None)),
        ("= 0%", f"{sum(1 for v in values if v <= 0):,}"),
        ("= 100%", f"{sum(1 for v in values if v >= 100):,}"),
    ]


def kv_table(pairs: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td class="num">{esc(v)}</td></tr>' for k, v in pairs)
    return f'<table class="kv"><tbody>{rows}</tbody></table>'


def section_outcomes(stats: Stats) -> str:
    n = stats.files[DATASET] - stats.bad_lines[DATASET]
    total = sum(stats.outcome_sum.values())
    pooled = 100 * stats.outcome_sum["granted"] / total if total else None
    definition = (
        "<div class=\"def\"><p><b>定义 Definition.</b> 每份报告的 <b>予以公开率</b> = "
        "<code>t3.granted.total</code> ÷ 表三「三、本年度办理结果」各末级行（（一）予以公开、（二）部分公开、"
        "（三）不予公开 1–8、（四）无法提供 1–3、（五）不予处理 1–5、（六）其他处理，或 2021 模板的（六）1–3）总计列之和。"
        "不用印出的（七）总计（它本身可能有误）。</p>"
        "<p>The <b>granted rate</b> of a report is <code>t3.granted.total</code> divided by the sum of the 总计 "
        "(total) cells of the leaf rows of 三、本年度办理结果 — every result row except the printed （七）总计, "
        "which can itself be wrong. <b>Blanks:</b> a blank, “/”, “—” or “无” cell counts as 0; when a row’s 总计 "
        "cell is blank but applicant-type cells are printed, the row total is the sum of those six cells (the S1 "
        "“total not reported” case). A report whose result rows are all blank or sum to 0 (no application "
        "closed) has no rate and is counted as excluded. The <b>pooled rate</b> is Σ予以公开 ÷ Σ all result rows "
        "over all reports. Computed over the reports of <code>reports.jsonl</code> (the dataset) only; "
        "quarantined reports are left out.</p></div>")
    hist = column_chart("granted-rate-hist", "予以公开率分布 · Distribution of the granted rate", RATE_BINS,
                        [stats.granted_bins[i] for i in range(len(RATE_BINS))],
                        "予以公开率 · granted rate per report (bins: exactly 0, then (0,10] … (90,100])")
    groups = hbar_chart("outcome-groups", "办理结果构成（合计） · Outcomes of all applications closed",
                        group_bars(stats))
    denied = hbar_chart("denied-reasons", "不予公开理由 · Reasons for refusal (（三）不予公开 1–8)",
                        outcome_bars(stats, [r for r in RESULT_LEAVES if GROUP_OF[r] == "denied"]))
    unable = hbar_chart("unable-reasons", "无法提供 · Unable to provide (（四） 1–3)",
                        outcome_bars(stats, [r for r in RESULT_LEAVES if GROUP_OF[r] == "unable"]))
    not_processed = hbar_chart("not-processed-reasons", "不予处理 · Not processed (（五） 1–5)",
                               outcome_bars(stats, [r for r in RESULT_LEAVES if GROUP_OF[r] == "not_processed"]))
    note = ("<p class=\"note\">条形右侧：申请件数合计 · 占本组的比例 · 该项大于 0 的报告份数。 "
            "Right of each bar: applications summed over reports · share within the group · reports with a "
            "non-zero count.</p>")
    return (f"<section id=\"outcomes\"><h2>二、申请办理结果 <small>Outcomes of applications — {n:,} reports in the "
            f"dataset, {fmt_int(total)} results</small></h2>{definition}"
            f"<div class=\"pair\">{figure(hist)}"
            f"{kv_table(rate_summary(stats.granted_rates, pooled, stats.no_outcome, 'no result printed or all 0'))}"
            f"</div>{figure(groups)}{note}{figure(denied)}{figure(unable)}{figure(not_processed)}</section>")


def section_review(stats: Stats) -> str:
    corrected, total = stats.review_pool
    pooled = 100 * corrected / total if total else None
    definition = (
        "<div class=\"def\"><p><b>复议纠错率</b> = <code>t4.review.corrected</code> ÷ <code>t4.review.total</code>"
        "（结果纠正 ÷ 行政复议总计）。<b>Review correction rate</b> = corrected ÷ total of the 行政复议 group of "
        "table 四. A blank 结果纠正 counts as 0; a blank 总计 is replaced by the sum of the four printed result "
        "cells; reports with no review (total blank or 0) have no rate and are counted as excluded. Pooled "
        "rate = Σ纠正 ÷ Σ总计 over the reports that have a rate. Dataset reports only.</p></div>")
    hist = column_chart("review-correction-hist", "复议纠错率分布 · Distribution of the review correction rate",
                        RATE_BINS, [stats.review_bins[i] for i in range(len(RATE_BINS))],
                        "复议纠错率 · correction rate per report (bins: exactly 0, then (0,10] … (90,100])")
    sums = hbar_chart("review-outcomes", "行政复议结果（合计） · Administrative review results, all reports",
                      [Bar(lab, sub, stats.review_sum[k]) for k, lab, sub in T4_REVIEW_COLUMNS])
    return ("<section id=\"review\"><h2>三、行政复议纠错率 <small>Administrative review correction rate</small></h2>"
            f"{definition}<div class=\"pair\">{figure(hist)}"
            f"{kv_table(rate_summary(stats.review_rates, pooled, stats.no_review, 'no review'))}</div>"
            f"{figure(sums)}</section>")


def section_identities(stats: Stats) -> str:
    order = ("rejected", "flagged", "failed", *sorted(set(stats.failing) - {"rejected", "flagged", "failed"}))
    shown = [r for s in order for r in stats.failing.get(s, ())][:MAX_ROWS]
    total = sum(stats.failing_count.values())
    checks = sorted(stats.failing_by_check.items(), key=lambda kv: (-kv[1], kv[0]))
    chart = hbar_chart("identity-failures", "未通过的恒等式（报告份数） · Reports failing each identity",
                       [Bar(f"{k} {IDENTITIES.get(k, ('', ''))[0]}", IDENTITIES.get(k, ("", k))[1], v,
                            "份", STATUS_COLORS["rejected"]) for k, v in checks])
    counts = "、".join(f"{STATUS_LABELS.get(s, s)} {stats.failing_count[s]:,}" for s in order if stats.failing_count[s])
    rows = [(STATUS_LABELS.get(r.status, r.status), r.agency or "（未署名 unnamed）", r.year, r.template,
             " ".join(r.checks) or "—", r.reason, r.source) for r in shown]
    listing = table(["状态", "机关 agency", "年度", "模板", "未通过 checks", "原因 reason", "来源 source"], rows,
                    cls="list", nowrap=(0, 2, 3, 4), muted=(6,)) if rows else NONE
    check_rows = sorted(stats.check_rows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
    check_table = table(["恒等式 id", "结果 outcome", "代码 code", "行数 rows"],
                        [(i, o, c or "—", f"{n:,}") for (i, o, c), n in check_rows], numeric=(3,), cls="grid")
    failed = stats.failed_reasons.most_common(20)
    failed_table = (table(["失败原因 reason (failed)", "份数 reports"], [(k, f"{v:,}") for k, v in failed], numeric=(1,),
                          cls="grid") if failed else "")
    return ("<section id=\"identities\"><h2>四、恒等式未通过 <small>Reports whose identities fail "
            f"(O1 / S1 / S2 / S3) or that could not be parsed</small></h2>"
            f"<p>{total:,} 份报告 · reports: {esc(counts or '无 · none')}</p>"
            f"{figure(chart)}{listing}{truncation_note(len(shown), total)}"
            f"<h3>checks.csv <small>identity-check rows that did not pass, by id / outcome / code</small></h3>"
            f"{check_table if check_rows else NONE}{failed_table}</section>")


def section_cross(stats: Stats) -> str:
    head = "<section id=\"cross\"><h2>五、跨年度核验 <small>Cross-year checks (cross_checks.csv)</small></h2>"
    if not stats.cross_present:
        return head + "<p class=\"muted\">未找到 cross_checks.csv · no cross_checks.csv in this folder.</p></section>"
    items = sorted(stats.cross_by_check.items(), key=lambda kv: (-kv[1], kv[0]))
    chart = hbar_chart("cross-checks", "跨年度核验发现（按检查） · Cross-year findings by check",
                       [Bar(f"{c} {CROSS_NAMES.get(c, ('', ''))[0]}".strip(),
                            " · ".join(x for x in (CROSS_NAMES.get(c, ("", ""))[1], sev) if x), n, "条",
                            STATUS_COLORS["flagged"]) for (c, sev), n in items])
    listing = (generic_table(stats.cross_rows, stats.cross_columns) + truncation_note(len(stats.cross_rows),
                                                                                     stats.cross_count)
               if stats.cross_rows else "")
    summary = ""
    if stats.cross_summary:
        cols = [c for c in CROSS_SUMMARY_COLUMNS if c in stats.cross_columns] or stats.cross_columns
        summary = ("<h3>核验计数 <small>What was compared (summary rows)</small></h3>"
                   + generic_table(stats.cross_summary, cols, exact=True))
    return (head + f"<p>{stats.cross_count:,} 条发现 · findings.</p>{figure(chart)}{listing}{summary}</section>")


def generic_table(rows: Sequence[dict[str, str]], columns: Sequence[str], exact: bool = False) -> str:
    """A listing of CSV rows: the given columns plus any key a row has beyond them, without the columns that are
    empty in every row — or, when ``exact``, the given columns only; short columns on one line, paths small."""
    if exact:
        cols = list(columns)
    else:
        cols = list(columns) + sorted({k for r in rows for k in r} - set(columns))
        cols = [c for c in cols if any(r.get(c) for r in rows)]
    return table(cols, ([r.get(c, "") for c in cols] for r in rows), cls="list",
                 nowrap=[i for i, c in enumerate(cols) if c in CROSS_SHORT],
                 muted=[i for i, c in enumerate(cols) if c.endswith("source")])


def section_errors(stats: Stats) -> str:
    head = "<section id=\"errors\"><h2>六、无法读取的文件 <small>Files that could not be read (errors.jsonl)</small></h2>"
    items = stats.errors.most_common()
    chart = hbar_chart("errors-by-code", "按错误代码 · Unreadable files by error code",
                       [Bar(f"{code} {ERROR_NAMES.get(code, ('', ''))[0]}".strip(), ERROR_NAMES.get(code, ("", ""))[1],
                            n, "个文件", STATUS_COLORS["failed"]) for code, n in items])
    rows = [(code, f"{n:,}", " | ".join(f"{s}: {r}" for s, r in stats.error_examples.get(code, ())))
            for code, n in items]
    listing = (table(["代码 code", "文件 files", "示例 examples"], rows, numeric=(1,), cls="list", muted=(2,)) if rows
               else NONE)
    return head + figure(chart) + listing + "</section>"


def summary_cards(stats: Stats) -> str:
    status: Counter[str] = Counter()
    for (s, _, _), n in stats.by_status.items():
        status[s] += n
    cards = [
        ("数据集 dataset", stats.files[DATASET] - stats.bad_lines[DATASET], "reports.jsonl"),
        ("隔离 quarantine", stats.files[QUARANTINE] - stats.bad_lines[QUARANTINE], "quarantine.jsonl"),
        ("无法读取 unreadable", stats.files[ERRORS] - stats.bad_lines[ERRORS], "errors.jsonl"),
        *((STATUS_LABELS[s], status[s], "reports") for s in STATUSES),
    ]
    html_cards = "".join(f'<div class="card"><div class="n">{n:,}</div><div>{esc(label)}</div>'
                         f'<div class="muted">{esc(sub)}</div></div>' for label, n, sub in cards)
    bad = ", ".join(f"{name}: {n}" for name, n in sorted(stats.bad_lines.items()) if n)
    warn = f'<p class="warn">无法解析的行 · lines that are not JSON objects (skipped): {esc(bad)}</p>' if bad else ""
    return f'<div class="cards">{html_cards}</div>{warn}'




def render_page(stats: Stats, out_dir: Path, generated: datetime | None = None) -> str:
    """The whole page as one string."""
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    nav = "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in (
        ("status", "状态 status"), ("outcomes", "办理结果 outcomes"), ("review", "复议 review"),
        ("identities", "恒等式 identities"), ("cross", "跨年度 cross-year"), ("errors", "错误 errors"),
        ("problems", "问题 problems")))
    body = "".join((
        f"<header><h1>政府信息公开工作年度报告 · 批量提取概览</h1><p>Batch extraction overview of "
        f"<code>{esc(out_dir)}</code> — generated {esc(when)} by xxgk {esc(__version__)}</p><nav>{nav}</nav></header>",
        summary_cards(stats), section_status(stats), section_outcomes(stats), section_review(stats),
        section_identities(stats), section_cross(stats), section_errors(stats), section_problems(stats.problems),
        "<footer>Self-contained page: no script, no external resource. Numbers come from the files of the folder "
        "above; document text is shown escaped.</footer>",
    ))
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN" xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}"/>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
            f"<title>xxgk 批量提取概览 · {esc(out_dir.name or str(out_dir))}</title>"
            f"<style>{_css()}</style></head><body><main>{body}</main></body></html>\n")


