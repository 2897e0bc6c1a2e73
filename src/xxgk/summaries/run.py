"""``xxgk summarize``: structured summaries of sections 五 (problems and measures) and 一 (key figures).

Writes to ``--out``: ``summaries.jsonl`` (one ``NarrativeSummary`` per report), ``summaries.csv`` (one row per
problem or measure), ``figures.csv`` (one row per section-一 figure, with the table-三 cross-check) and
``summary-errors.jsonl`` (files that could not be read). Opt-in and separate from ``extract`` (spec B, "LLM use").
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.batch import discover, extract_one
from xxgk.batch.files import file_sha256
from xxgk.batch.run import main_not_reimported, pool_context
from xxgk.batch.worker import FileResult, worker_init
from xxgk.core.llm_record import LLMUsage
from xxgk.core.model import Report
from xxgk.core.narrative import NarrativeSummary
from xxgk.llm.run import for_each, run_sync
from xxgk.llm.settings import LLMSettings, describe
from xxgk.llm.summaries import summarize
from xxgk.outputs.records import dumps_line, safe_text, write_csv, write_text_atomic
from xxgk.pipeline.problems import read_problems

ITEM_COLUMNS = ("source", "agency", "year", "method", "part", "n", "category", "category_method", "statement",
                "evidence", "start", "end")
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
    reused: int = 0  # summaries of unchanged documents kept from an earlier run


def run_summarize(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
                  llm: LLMSettings | None = None, figures: bool = True, jobs: int = 1, force: bool = False,
                  on_start: Callable[[int], None] | None = None,
                  on_result: Callable[[str, str | None], None] | None = None) -> SummarizeRun:
    """Summaries of every report under ``paths`` into ``out_dir``. Resumable: a summary already in
    ``summaries.jsonl`` is kept while its document is unchanged (same content hash) and was made the way this
    run would make it (by the LLM when it is on); ``force`` redoes all. ``jobs``: processes reading the files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    active = llm is not None and llm.active
    files = discover(paths, exclude=out)
    run = SummarizeRun(out_dir=out, files=len(files))
    previous = {} if force else _previous(out / "summaries.jsonl")
    kept: list[NarrativeSummary] = []
    todo: list[tuple[str, Path]] = []
    for source, path in files:
        old = previous.get(source)
        if old is not None and old.sha256 and old.sha256 == file_sha256(path) and (old.method == "llm" or not active):
            kept.append(old)
        else:
            todo.append((source, path))
    run.reused = len(kept)
    if on_start:
        on_start(len(files))
    for s in kept:
        run.by_method[s.method] += 1
        if on_result:
            on_result(s.source, None)
    reports: list[Report] = []
    for source, res in _extract_all(todo, jobs):
        if res.report is None:
            run.errors.append((source, res.reason))
            if on_result:
                on_result(source, res.reason)
        else:
            reports.append(res.report)
    run.llm = describe(llm)
    shas = {r.source: r.sha256 for r in reports}
    summaries: list[NarrativeSummary] = list(kept)

    def done(s: NarrativeSummary) -> None:
        s.sha256 = shas.get(s.source)
        summaries.append(s)
        run.by_method[s.method] += 1
        run.usage.add(s.llm)
        if on_result:
            on_result(s.source, None)

    if active and llm is not None:

        settings = llm
        run_sync(lambda: for_each(settings, reports, lambda r, client: summarize(r, client, figures=figures), done))
    else:
        why = "" if llm is None else (llm.problem() or "")
        for r in reports:
            done(read_problems(r, why))
    summaries.sort(key=lambda s: s.source)
    run.outputs = write_outputs(out, summaries, run.errors)
    return run


def _previous(path: Path) -> dict[str, NarrativeSummary]:
    """The summaries of an earlier run, by source (unreadable lines are redone)."""
    out: dict[str, NarrativeSummary] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            s = NarrativeSummary.model_validate_json(line)
        except ValueError:
            continue
        out[s.source] = s
    return out


def _extract_all(files: list[tuple[str, Path]], jobs: int) -> Iterator[tuple[str, FileResult]]:
    """(source, extraction result) of every file, in a pool of ``jobs`` processes when more than one."""
    if jobs <= 1 or len(files) <= 1:
        for source, path in files:
            yield source, extract_one(source, path)
        return
    from concurrent.futures import ProcessPoolExecutor


    ctx = pool_context()
    with main_not_reimported(), ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=worker_init,
                                                    initargs=(os.getpid(), None)) as pool:
        sources = [s for s, _ in files]
        yield from zip(sources, pool.map(extract_one, sources, [p for _, p in files], chunksize=4), strict=True)


def write_outputs(out: Path, summaries: list[NarrativeSummary], errors: list[tuple[str, str]]) -> dict[str, int]:
    write_text_atomic(out / "summaries.jsonl", "".join(dumps_line(s.model_dump(mode="json")) + "\n" for s in summaries))
    items, figs = [], []
    for s in summaries:
        common = {"source": safe_text(s.source), "agency": safe_text(s.agency or ""), "year": s.year or ""}
        numbers: Counter[str] = Counter()
        for kind, i in s.items():
            numbers[kind.value] += 1
            items.append({**common, "method": s.method, "part": kind.value, "n": numbers[kind.value],
                              "category": i.category.value if i.category else "",
                              "category_method": i.category_method or "", "statement": safe_text(i.statement),
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
