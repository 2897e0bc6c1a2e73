"""Summaries of 五、存在的主要问题及改进情况 and key figures of 一、总体情况 (``xxgk summarize``).

With the LLM: problems and measures categorised on the fixed taxonomy, each with a short statement and a
verbatim evidence quote located in the document; key figures of section 一, each with its quote, checked
against table 三 (a disagreement is a warning). Without it (or when its answer is not
admitted): section 五 read by rules (``xxgk.pipeline.problems``), items and categories, and the record says so.
"""

from __future__ import annotations

from xxgk.core.llm_record import LLMUsage
from xxgk.core.model import Check, CheckOutcome, Report, Section
from xxgk.core.narrative import CATEGORY_DESCRIPTIONS, Figure, FigureName, NarrativeSummary, ProblemCategory, SummaryItem
from xxgk.llm.client import FrozenCacheMiss, LLMClient, LLMError
from xxgk.llm.grounding import GroundingText
from xxgk.llm.prompts import load_prompt
from xxgk.llm.schema import Section1Answer, Section5Answer
from xxgk.pipeline.problems import read_problems


async def summarize(report: Report, client: LLMClient, *, figures: bool = True) -> NarrativeSummary:
    """The LLM summary of one report; falls back to the rules (saying why) when the LLM gives no valid answer."""
    out = _empty(report)
    sec5 = report.sections.get("5")
    if sec5 is None or not sec5.text.strip():
        out.method, out.message = "none", "section 五 not found"
    else:
        prompt = load_prompt("summary_section5")
        cats = "\n".join(f"- {c.value}：{CATEGORY_DESCRIPTIONS[c]}" for c in ProblemCategory)
        messages = prompt.messages(categories=cats, text=sec5.text)
        try:
            res = await client.ask(prompt, messages, Section5Answer, {"text": sec5.text})
            out.llm.add(res.usage)
            answer, error = res.answer, res.error
        except (FrozenCacheMiss, LLMError) as exc:
            out.llm.add(exc.usage or LLMUsage())
            answer, error = None, exc.reason
        if answer is None:
            fallback = read_problems(report, why=f"LLM: {error}")
            out = fallback.model_copy(update={"llm": out.llm, "sha256": out.sha256})
        else:
            g = GroundingText(sec5.text)
            out.problems = [_item(i, g, sec5) for i in answer.problems]
            out.measures = [_item(i, g, sec5) for i in answer.measures]
            out.last_year_rectified = answer.last_year_rectified
            out.method = "llm"
    if figures:
        await _figures(report, client, out)
    return out


def _empty(report: Report) -> NarrativeSummary:
    return NarrativeSummary(source=report.source, agency=report.meta.agency, year=report.meta.year, method="none")


def _item(i, g: GroundingText, sec: Section) -> SummaryItem:
    span = g.find_quote(i.evidence)
    base = sec.start or 0
    return SummaryItem(category=i.category, category_method="llm", statement=i.statement, evidence=i.evidence,
                       start=base + span.start if span else None, end=base + span.end if span else None)


async def _figures(report: Report, client: LLMClient, out: NarrativeSummary) -> None:
    sec1 = report.sections.get("1")
    if sec1 is None or not any(ch.isdigit() for ch in sec1.text):
        out.figures_method = "none"
        return
    prompt = load_prompt("figures_section1")
    names = "\n".join(f"- {f.name}：{f.value}" for f in FigureName)
    try:
        res = await client.ask(prompt, prompt.messages(names=names, text=sec1.text), Section1Answer, {"text": sec1.text})
        out.llm.add(res.usage)
    except (FrozenCacheMiss, LLMError) as exc:
        out.llm.add(exc.usage or LLMUsage())
        out.figures_method = "none"
        out.message = (out.message + "; " if out.message else "") + f"figures: {exc.reason}"
        return
    if res.answer is None:
        out.figures_method = "none"
        out.message = (out.message + "; " if out.message else "") + f"figures: {res.error}"
        return
    g = GroundingText(sec1.text)
    base = sec1.start or 0
    for f in res.answer.figures:
        span = g.find_quote(f.quote)
        out.figures.append(Figure(name=f.name, value=f.value, quote=f.quote,
                                  start=base + span.start if span else None, end=base + span.end if span else None))
    out.figures_method = "llm"
    out.checks = cross_check(report, out.figures)


def cross_check(report: Report, figures: list[Figure]) -> list[Check]:
    """Section 一's applications received against table 三's 本年新收 总计: a warning when they disagree."""
    received = [f for f in figures if f.name == FigureName.applications_received]
    cell = report.cell("t3.new_received.total")
    if not received or cell is None or cell.value is None:
        return []
    said, table = received[0].value, cell.value
    if said == table:
        return []
    return [Check(id="N1", severity="soft", outcome=CheckOutcome.warning, code="narrative_disagrees", table="t3",
                  row="new_received", column="total", equation="section 一 applications received = t3.new_received.total",
                  lhs={"section1.applications_received": said}, rhs={"t3.new_received.total": table},
                  lhs_sum=said, rhs_sum=table,
                  message=f"section 一 says {said} applications received, table 三 本年新收 总计 is {table}")]
