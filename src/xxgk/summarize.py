"""``xxgk summarize``: structured summaries of sections 五 (problems and measures) and 一 (key figures).

Writes to ``--out``: ``summaries.jsonl`` (one ``NarrativeSummary`` per report), ``summaries.csv`` (one row per
problem or measure), ``figures.csv`` (one row per section-一 figure, with the table-三 cross-check) and
``summary-errors.jsonl`` (files that could not be read). Opt-in and separate from ``extract`` (spec B, "LLM use").
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .batch import discover, extract_one
from .export import dumps_line, safe_text, write_csv, write_text_atomic
from .llm.narratives import summarize, summarize_by_rules
from .llm.schema import NarrativeSummary
from .llm.settings import LLMSettings, describe
from .model import LLMUsage, Report

ITEM_COLUMNS = ("source", "agency", "year", "method", "part", "n", "category", "statement", "evidence", "start", "end")
FIGURE_COLUMNS = ("source", "agency", "year", "name", "label", "value", "quote", "start", "end", "t3_check")


@dataclass(slots=True)
class SummarizeRun:
    out_dir: Path
    files: int = 0
    by_method: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    usage: LLMUsage = field(default_factory=LLMUsage)
    llm: str = "off"
    outputs: dict[str, int] = field(default_factory=dict)


def run_summarize(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
                  llm: LLMSettings | None = None, figures: bool = True,
                  on_result: Callable[[str, str | None], None] | None = None) -> SummarizeRun:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = discover(paths, exclude=out)
    run = SummarizeRun(out_dir=out, files=len(files))
    reports: list[Report] = []
    for source, path in files:
        res = extract_one(source, path)
        if res.report is None:
            run.errors.append((source, res.reason))
            if on_result:
                on_result(source, res.reason)
        else:
            reports.append(res.report)
    active = llm is not None and llm.active
    run.llm = describe(llm)
    summaries: list[NarrativeSummary] = []

    def done(s: NarrativeSummary) -> None:
        summaries.append(s)
        run.by_method[s.method] += 1
        run.usage.add(s.llm)
        if on_result:
            on_result(s.source, None)

    if active and llm is not None:
        from .llm.run import for_each, run_sync

        settings = llm
        run_sync(lambda: for_each(settings, reports, lambda r, client: summarize(r, client, figures=figures), done))
    else:
        why = "" if llm is None else (llm.problem() or "")
        for r in reports:
            done(summarize_by_rules(r, why))
    summaries.sort(key=lambda s: s.source)
    run.outputs = write_outputs(out, summaries, run.errors)
    return run


def write_outputs(out: Path, summaries: list[NarrativeSummary], errors: list[tuple[str, str]]) -> dict[str, int]:
    write_text_atomic(out / "summaries.jsonl", "".join(dumps_line(s.model_dump(mode="json")) + "\n" for s in summaries))
    items, figs = [], []
    for s in summaries:
        common = {"source": safe_text(s.source), "agency": safe_text(s.agency or ""), "year": s.year or ""}
        for part, group in (("problem", s.problems), ("measure", s.measures)):
            for n, i in enumerate(group, 1):
                items.append({**common, "method": s.method, "part": part, "n": n,
                              "category": i.category.value if i.category else "", "statement": safe_text(i.statement),
                              "evidence": safe_text(i.evidence), "start": i.start, "end": i.end})
        warn = {c.row: c.message for c in s.checks}
        for f in s.figures:
            figs.append({**common, "name": f.name.name, "label": f.name.value, "value": f.value,
                         "quote": safe_text(f.quote), "start": f.start, "end": f.end,
                         "t3_check": warn.get("new_received", "") if f.name.name == "applications_received" else ""})
    write_text_atomic(out / "summary-errors.jsonl",
                      "".join(dumps_line({"source": s, "reason": r}) + "\n" for s, r in sorted(errors)))
    return {"summaries.jsonl": len(summaries), "summaries.csv": write_csv(out / "summaries.csv", ITEM_COLUMNS, items),
            "figures.csv": write_csv(out / "figures.csv", FIGURE_COLUMNS, figs), "summary-errors.jsonl": len(errors)}
