"""Section 五 (存在的主要问题及改进情况) read by rules: parts (``parts``) → items (``items``) → categories
(``categories``, phrases as data in ``schemas/problem_phrases.json``) → a ``NarrativeSummary`` whose every
item is a verbatim span of the document, with its offsets. No LLM: ``xxgk.llm.summaries`` may do the same
with the LLM, under verification."""

from __future__ import annotations

import re

from xxgk.core.model import Report
from xxgk.core.narrative import ItemKind, NarrativeSummary, SummaryItem
from xxgk.core.text import looks_traditional, simplified
from xxgk.pipeline.problems.categories import Phrasebook, phrasebook
from xxgk.pipeline.problems.items import NO_PROBLEMS, Span, part_items
from xxgk.pipeline.problems.parts import Part, split_parts

__all__ = ["Part", "Phrasebook", "Span", "matchable", "part_items", "read_problems", "split_parts", "statement_of"]

RULES_MESSAGE = "split and categorised by rules (no LLM)"


def read_problems(report: Report, why: str = "") -> NarrativeSummary:
    """The rules' reading of a report's section 五."""
    out = NarrativeSummary(source=report.source, sha256=report.sha256, agency=report.meta.agency,
                           year=report.meta.year, method="none")
    sec = report.sections.get("5")
    if sec is None or not sec.text.strip():
        out.message = "section 五 not found"
        return out
    text, base = sec.text, sec.start or 0
    work = matchable(text)
    book = phrasebook()
    lists = {ItemKind.problem: out.problems, ItemKind.measure: out.measures,
             ItemKind.prior_problem: out.prior_problems, ItemKind.prior_rectification: out.prior_rectifications}
    for part in split_parts(work, report.meta.year):
        for span in part_items(work, part):
            evidence = text[span.start : span.end]
            lists[part.kind].append(SummaryItem(
                category=book.categorise(work[span.start : span.end], work[span.start : span.title_end]),
                category_method="rules",
                statement=statement_of(evidence), evidence=evidence, start=base + span.start, end=base + span.end))
    out.no_problems = not out.problems and bool(NO_PROBLEMS.search(work))
    out.method = "rules"
    out.message = RULES_MESSAGE + (f" ({why})" if why else "")
    return out


_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\r": "\n", "\x0b": "\n", "\x0c": "\n"})


def matchable(text: str) -> str:
    """The text the rules read, offset for offset: line separators as newlines, traditional characters as
    simplified ones (the evidence is always cut from the text as printed)."""
    text = text.translate(_BREAKS)
    return simplified(text) if looks_traditional(text) else text


def statement_of(evidence: str) -> str:
    """An item's first clause, as a short statement (≤ 60 characters, cut at a clause boundary)."""
    head = re.split(r"[。；;！!]", evidence, maxsplit=1)[0]
    head = re.sub(r"\s+", "", head).strip(" ：:，,")
    if len(head) <= 60:
        return head
    cut = max(head.rfind(c, 0, 60) for c in "，,、")
    return head[:cut] if cut >= 12 else head[:59] + "…"
