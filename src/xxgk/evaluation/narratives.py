"""The narrative eval: section 五 read by the rules (or the LLM) against hand-labelled gold
(``eval/narratives/<document stem>.json``, items as verbatim spans with a kind and a category).

Matching is by span overlap, one to one: a gold item and a returned item match when their overlap covers at
least half of the longer of the two (whitespace ignored, so a PDF's line breaks do not count); pairs are
taken best first. Precision = matched / returned, recall = matched / gold, over all documents; category
accuracy = matched pairs with the gold's category / matched pairs; the kind confusion counts matched pairs by
(gold kind, returned kind) — a measure returned as a problem is ``measure→problem``.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from xxgk.api import extract_file
from xxgk.core.errors import XxgkError
from xxgk.core.llm_record import LLMUsage
from xxgk.core.model import Report
from xxgk.core.narrative import ItemKind, NarrativeSummary, ProblemCategory
from xxgk.llm.run import for_each, run_sync
from xxgk.llm.settings import LLMSettings
from xxgk.llm.summaries import summarize
from xxgk.pipeline.problems import matchable, read_problems

MATCH = 0.5  # overlap / longer span


class GoldItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ItemKind
    text: str = Field(description="a verbatim span of the document (whitespace may differ)")
    category: ProblemCategory = Field(description="the taxonomy key (late, incomplete, …)")

    @field_validator("category", mode="before")
    @classmethod
    def _by_key(cls, v: Any) -> Any:
        return ProblemCategory[v] if isinstance(v, str) and v in ProblemCategory.__members__ else v


class NarrativeGold(BaseModel):
    """One document's hand-labelled section 五."""

    model_config = ConfigDict(extra="forbid")

    document: str
    labelled_by: str = "reading"
    section_found: bool = True
    heading: str | None = None
    no_problems: bool = False
    items: list[GoldItem] = Field(default_factory=list)
    remarks: str = ""


def load_narrative_gold(path: Path) -> NarrativeGold:
    return NarrativeGold.model_validate_json(path.read_text(encoding="utf-8"))


# curly quotes as straight ones, one for one: a converter that writes “传帮带” as "传帮带" quotes the same item
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


class _Squeezed:
    """A text without whitespace, with the map back to the original offsets."""

    def __init__(self, text: str) -> None:
        self.index = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) → squeezed offsets."""
        return bisect.bisect_left(self.index, start), bisect.bisect_left(self.index, end)


@dataclass(slots=True)
class NarrativeScore:
    document: str
    gold: str
    method: str = ""
    error: str = ""
    gold_items: int = 0
    returned: int = 0
    matched: int = 0
    category_right: int = 0
    kinds: Counter[str] = field(default_factory=Counter)  # "gold→returned" over matched pairs
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    llm: LLMUsage = field(default_factory=LLMUsage)


def score_summary(report: Report | None, summary: NarrativeSummary | None, gold: NarrativeGold,
                  doc: str, gold_name: str) -> NarrativeScore:
    s = NarrativeScore(document=doc, gold=gold_name, gold_items=len(gold.items))
    if summary is None or report is None:
        s.missed = [g.text[:40] for g in gold.items]
        return s
    s.method, s.llm = summary.method, summary.llm
    returned = summary.items()
    s.returned = len(returned)
    sec = report.sections.get("5")
    if sec is None:
        s.missed = [g.text[:40] for g in gold.items]
        s.spurious = [i.evidence[:40] for _, i in returned]
        return s
    base = sec.start or 0
    sq = _Squeezed(matchable(sec.text).translate(_QUOTES))
    golds: list[tuple[int, int] | None] = []
    for g in gold.items:
        needle = "".join(matchable(g.text).translate(_QUOTES).split())
        at = sq.text.find(needle)
        golds.append((at, at + len(needle)) if at >= 0 and needle else None)
    preds = [sq.span(i.start - base, i.end - base) if i.start is not None and i.end is not None else None
             for _, i in returned]
    pairs = []
    for gi, gs in enumerate(golds):
        for pi, ps in enumerate(preds):
            if gs is None or ps is None:
                continue
            overlap = min(gs[1], ps[1]) - max(gs[0], ps[0])
            longer = max(gs[1] - gs[0], ps[1] - ps[0])
            if longer > 0 and overlap / longer >= MATCH:
                pairs.append((overlap / longer, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        kind, item = returned[pi]
        s.matched += 1
        s.category_right += item.category == gold.items[gi].category
        s.kinds[f"{gold.items[gi].kind.value}→{kind.value}"] += 1
    s.missed = [g.text[:40] for i, g in enumerate(gold.items) if i not in used_g]
    s.spurious = [item.evidence[:40].replace("\n", "") for i, (_, item) in enumerate(returned) if i not in used_p]
    return s


def run_narrative_eval(gold_dir: Path, documents: list[tuple[Path, str]],
                       llm: LLMSettings | None = None) -> list[NarrativeScore]:
    """Score the rules' (or, with ``llm`` active, the LLM's) section 五 on every document with a gold file.
    ``documents``: (document, gold stem) pairs, as ``xxgk.evaluation.score.assign_documents`` gives them."""
    golds = {stem: load_narrative_gold(gold_dir / f"{stem}.json") for _, stem in documents}
    reports: list[tuple[Path, str, Report | None, str]] = []
    for doc, stem in documents:
        try:
            reports.append((doc, stem, extract_file(doc), ""))
        except XxgkError as exc:
            reports.append((doc, stem, None, f"{exc.code}: {exc.reason}"))
    summaries: dict[str, NarrativeSummary] = {}
    live = [r for _, _, r, _ in reports if r is not None]
    if llm is not None and llm.active:
        settings = llm

        def done(s: NarrativeSummary) -> None:
            summaries[s.source] = s

        run_sync(lambda: for_each(settings, live, lambda r, client: summarize(r, client, figures=False), done))
    else:
        summaries = {r.source: read_problems(r) for r in live}
    out = []
    for doc, stem, report, error in reports:
        summary = summaries.get(report.source) if report is not None else None
        s = score_summary(report, summary, golds[stem], doc.as_posix(), f"{stem}.json")
        s.error = error
        out.append(s)
    return out


def narrative_summary(scores: list[NarrativeScore]) -> dict[str, Any]:
    """The figures over all documents, for eval-report.json and the terminal."""
    g = sum(s.gold_items for s in scores)
    r = sum(s.returned for s in scores)
    m = sum(s.matched for s in scores)
    kinds: Counter[str] = Counter()
    usage = LLMUsage()
    for s in scores:
        kinds.update(s.kinds)
        usage.add(s.llm)
    return {
        "documents": len(scores), "gold_items": g, "returned": r, "matched": m,
        "precision": m / r if r else 0.0, "recall": m / g if g else 0.0,
        "category_accuracy": sum(s.category_right for s in scores) / m if m else 0.0,
        "kinds": dict(sorted(kinds.items())),
        "measure_as_problem": kinds.get("measure→problem", 0), "problem_as_measure": kinds.get("problem→measure", 0),
        "methods": dict(Counter(s.method or "none" for s in scores)),
        "llm": {"calls": usage.calls, "prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens},
        "per_document": [{"document": s.document, "gold": s.gold_items, "returned": s.returned, "matched": s.matched,
                          "category_right": s.category_right, "error": s.error, "missed": s.missed,
                          "spurious": s.spurious} for s in scores],
    }


def narrative_gold_dir(gold_dir: Path) -> Path | None:
    """``eval/narratives`` beside ``eval/gold`` when it holds gold files."""
    folder = gold_dir.parent / "narratives"
    return folder if folder.is_dir() and any(folder.glob("*.json")) else None


def dump(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2)
