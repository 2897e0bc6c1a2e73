"""Section 五 (存在的主要问题及改进情况) read by rules: parts (``parts``) → items (``items``) → categories
(``categories``, phrases as data in ``schemas/problem_phrases.json``) → a ``NarrativeSummary`` whose every
item is a verbatim span of the document, with its offsets. No LLM: ``xxgk.llm.summaries`` may do the same
with the LLM, under verification."""

from __future__ import annotations

import re

from xxgk.core.model import Report
from xxgk.core.narrative import ItemKind, NarrativeSummary, SummaryItem
from xxgk.core.text import looks_traditional, markdown_marks_blanked, simplified, without_radicals
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
    simplified ones, a PDF font's CJK radicals as their characters, Markdown's quote marks and hard breaks
    blanked, and in layout text the line breaks inside
    a sentence as spaces (the evidence is always cut from the text as printed)."""
    text = markdown_marks_blanked(without_radicals(text.translate(_BREAKS)))
    text = simplified(text) if looks_traditional(text) else text
    text = _FOOTER_BREAK.sub(_one_break, text)
    boxed = "|" in text and _TABLE_ROW.search(text) is not None
    if boxed:
        text = _TABLE_ROW.sub(_blank_table_row, text)
    # (a text box's wrapped lines, one-cell rows, continue as layout text's do)
    return unwrap_layout(text) if boxed or is_layout(text) else text


#: a page footer: ``- 4 -``, ``第 4 页``, ``第4页共9页``
_FOOTER = r"(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)"
#: a page footer between two lines of text, with the blank lines (and form feed) around it: a page break
_FOOTER_BREAK = re.compile(rf"\n(?:[ \t\u3000\f]*\n)*[ \t\u3000\f]*{_FOOTER}[ \t\u3000\f]*(?=\n|$)(?:\n[ \t\u3000\f]*)*")


#: Markdown table rows in section 五 (a table's rows written after the page's text: ``sections.misplaced_tables``;
#: a text box written as a table of one cell): a separator, a row of two short cells or more, or of two cells or
#: more with a number among them is blanked; a one-cell row keeps its text without its bars
_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$|^[ \t]*\|(?:[^|\n]{0,30}\|){2,}[ \t]*$"
                        r"|^[ \t]*\|(?=[^\n]*\|[ \t]*[+-]?\d[\d,.]*[ \t]*\|)(?:[^|\n]*\|){2,}[ \t]*$"
                        r"|^([ \t]*)\|([^|\n]*)\|([ \t]*)$")


def _blank_table_row(m: re.Match[str]) -> str:
    if m.group(2) is not None:  # (one cell: its text)
        return f"{m.group(1)} {m.group(2)} {m.group(3)}"
    return " " * len(m.group())


def _one_break(m: re.Match[str]) -> str:
    """A page break read as one line break: the footer and the blank lines become spaces."""
    return "\n" + " " * (len(m.group()) - 1)


#: a line of layout text ends in the spaces that pad it to the page's width
_PADDED = re.compile(r"\S {8,}$")
_PAGE_FOOTER = re.compile(rf"^\s*{_FOOTER}\s*$")
_SENTENCE_END = tuple("。！？；：!?;:")
_OPENS_ITEM = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]是|[①②③④⑤⑥⑦⑧⑨⑩])")


def is_layout(text: str) -> bool:
    """Text a PDF-to-text converter wrote in layout mode: most lines padded with spaces to the page's width,
    or indented by the page's left margin in ASCII spaces."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    padded = sum(1 for ln in lines if _PADDED.search(ln))
    margin = sum(1 for ln in lines if ln.startswith("    "))
    return padded >= 0.5 * len(lines) or margin >= 0.6 * len(lines)


def unwrap_layout(text: str) -> str:
    """Layout text with the page's line breaks inside a sentence made spaces, offset for offset: a line that
    does not end a sentence, followed (after blank lines and page footers, which layout mode prints between
    lines) by a line that does not open an item, continues on it."""
    lines = text.split("\n")
    out = list(text)
    pos = [0]
    for ln in lines:
        pos.append(pos[-1] + len(ln) + 1)
    i = 0
    while i < len(lines):
        a = lines[i].rstrip()
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or _PAGE_FOOTER.match(lines[j])):
            j += 1
        if j < len(lines) and len(a.strip()) >= 12 and not a.endswith(_SENTENCE_END) \
                and not _OPENS_ITEM.match(lines[j]):
            for k in range(pos[i] + len(a), pos[j] + len(lines[j]) - len(lines[j].lstrip())):
                out[k] = " "
        i = j
    return "".join(out)


def statement_of(evidence: str) -> str:
    """An item's first clause, as a short statement (≤ 60 characters, cut at a clause boundary)."""
    head = re.split(r"[。；;！!]", evidence, maxsplit=1)[0]
    head = re.sub(r"\s+", "", head).strip(" ：:，,")
    if len(head) <= 60:
        return head
    cut = max(head.rfind(c, 0, 60) for c in "，,、")
    return head[:cut] if cut >= 12 else head[:59] + "…"
