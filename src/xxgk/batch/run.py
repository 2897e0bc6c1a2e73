"""``run_extract``: a batch over files and folders — parallel, resumable, streaming to disk.

Layout of ``--out``:
    reports/<name>.<hash>.json   one per extracted report (written atomically as each finishes)
    errors/<name>.<hash>.json    one per file that could not be read as a report
    manifest.jsonl               what was done to which file (source, content hash, version, settings)
    reports.jsonl, reports.csv        the dataset: reports the acceptance policy admits
    quarantine.jsonl, quarantine.csv  the others (rejected, failed), with their reason
    checks.csv, errors.jsonl          identity checks that did not pass; unreadable files
    cross_checks.csv                  checks across reports (carry-over between years, duplicates)
    reports.xlsx, reports.parquet, xxgk.duckdb   with ``--format``
    corrections.jsonl                 people's decisions on cells (``xxgk review``; never written by extract)

Every input ends in exactly one of reports / quarantine / errors. ``--out`` may already hold results: they are
merged by source (a re-extracted source replaces its old result), never silently deleted. A rerun skips every
file whose content, xxgk version and settings are unchanged (``force`` redoes all); while a run goes on,
finished reports are appended to reports.jsonl / quarantine.jsonl one complete line at a time, and at the end
every aggregate is rebuilt, sorted, from the per-report files — only when something changed. People's
corrections (``corrections.jsonl``, see ``xxgk.batch.review_pass``) are applied last.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from xxgk.batch import aggregate, manifest, outdir
from xxgk.batch.files import Skipped, discover, file_sha256
from xxgk.batch.llm_pass import run_llm_pass
from xxgk.batch.manifest import TRANSIENT_ERRORS, Entry, ManifestWriter
from xxgk.batch.options import BatchOptions, BatchSummary
from xxgk.batch.review_pass import run_review_pass
from xxgk.batch.rows import ROWS
from xxgk.batch.worker import FileResult, Task, run_task, run_tasks, worker_init, write_error
from xxgk.batch.years_pass import run_year_pass
from xxgk.core.errors import WorkerCrashedError
from xxgk.llm.prompts import load_prompt
from xxgk.llm.settings import describe
from xxgk.outputs.crosscheck import CROSS_CHECKS_FILE, compact, write_cross_checks
from xxgk.outputs.exports import EXTRA_FILES, write_extra
from xxgk.outputs.records import report_filename, write_text_atomic
from xxgk.outputs.schemas import codebook_csv
from xxgk.readers import PAGE_IMAGE_SUFFIXES
from xxgk.version import __version__


def config_key(options: BatchOptions) -> str:
    """The settings an output depends on (besides content and version)."""
    ocr = options.ocr
    parts = [repr(options.settings), f"ocr {ocr.enabled} {ocr.dpi} {ocr.narratives}"]
    llm = options.llm
    if llm is not None and llm.active:

        parts.append(f"{llm.model}|{llm.base_url}|{llm.resolved_mode}|{load_prompt('table').tag}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def run_extract(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    accept: str | None = None,
) -> BatchSummary:
    """Extract every file under ``paths`` into ``out_dir`` (see the module docstring)."""
    opts = options or BatchOptions()
    if accept is not None:
        opts = replace(opts, accept=accept)
    out = Path(out_dir)
    t0 = time.perf_counter()
    outdir.claim(out, adopt=opts.out_anyway)
    outdir.clear_temp_files(out)
    skipped = Skipped()
    files = discover(paths, exclude=out, filters=opts.filters, skipped=skipped, shard=opts.shard)
    summary = BatchSummary(out_dir=out, files=len(files), litter=skipped.litter, filtered=skipped.filtered)
    llm_on = opts.llm is not None and opts.llm.active
    summary.llm = describe(opts.llm)
    config = config_key(opts)
    current = manifest.load(out)
    tasks = list(_plan(files, current, opts, config, out, summary, llm_on))
    if on_start:
        on_start(len(tasks))
    writer = ManifestWriter(out)
    live = _LiveLines(out, aggregate.ACCEPT_POLICIES[opts.accept])
    try:
        def record(entry: Entry) -> None:
            writer.append(entry)
            current[entry.source] = entry
            live.add(entry)

        def finish(entry: Entry) -> None:
            record(entry)
            summary.done += 1
            res = FileResult(entry.source, status=entry.status, template=entry.template,
                             error_code=entry.error, reason=entry.reason)
            if not res.ok:
                summary.errors.append(res)
            if on_result:
                on_result(res)

        if opts.jobs <= 1 or len(tasks) <= 1:
            for task in tasks:
                finish(run_task(task))
        else:
            _run_pool(tasks, opts, finish)
        summary.by_other_year = run_year_pass(out, current, dict(files), opts, record)
        if llm_on:
            run_llm_pass(out, current, dict(files), opts, summary, record)
        run_review_pass(out, current, summary, record)  # last: a person's decision wins
    finally:
        writer.close()
        live.close()

    entries = list(current.values())
    changed = bool(summary.done or summary.llm_reports or summary.by_other_year or summary.reviewed)
    if changed:
        manifest.compact(out, entries)
    for e in entries:
        if e.outcome == "report" and e.status:
            summary.by_status[e.status] += 1
            summary.by_template[(e.template or "?", e.status)] += 1
    # a run that extracted anything appended lines to the jsonl files: rebuild them even when the results
    # are the same as before (--force), so they never hold a source twice
    summary.outputs = rebuild(out, entries, opts, summary,
                              force=changed)
    summary.seconds = time.perf_counter() - t0
    return summary


def rebuild(out: Path, entries: list[Entry], opts: BatchOptions, summary: BatchSummary | None = None,
            force: bool = False) -> dict[str, int]:
    """Rebuild the aggregates and the derived files from the per-report files — unless nothing changed since
    the last build (``force``: rebuild anyway)."""

    extra = tuple(f for f in opts.formats if f in EXTRA_FILES)
    fp = aggregate.fingerprint(entries, opts.accept, opts.formats)
    names = [*aggregate.CORE_OUTPUTS, CROSS_CHECKS_FILE, *(EXTRA_FILES[f] for f in extra)]
    if not force and aggregate.up_to_date(out, fp, names):
        return aggregate.saved_outputs(out)

    for fmt, filename in EXTRA_FILES.items():  # an export not asked for this time would go stale: removed
        if fmt not in extra and not (out / filename).is_symlink():
            (out / filename).unlink(missing_ok=True)
    compacts = []
    counts = aggregate.rebuild_core(out, entries, opts.accept, on_report=lambda rec: compacts.append(compact(rec)))
    counts[CROSS_CHECKS_FILE] = write_cross_checks(out, compacts)
    if extra:

        counts.update(write_extra(out, extra))

    # the codebook beside the data: key, Chinese label, template, type, unit of every column
    write_text_atomic(out / "codebook.csv", "\ufeff" + codebook_csv())
    aggregate.save_state(out, fp, counts)
    if summary is not None:
        summary.rebuilt = True
    return counts


def _plan(files: list[tuple[str, Path]], current: dict[str, Entry], opts: BatchOptions, config: str, out: Path,
          summary: BatchSummary, llm_on: bool) -> Iterator[Task]:
    """A task for every file that is new, changed, failed for a transient reason, or extracted with other
    settings or another version; the rest is skipped."""
    by_real = {e.real: e for e in current.values() if e.real}
    for source, path in files:
        sha = file_sha256(path) if path.is_file() else None
        real = os.path.realpath(path)
        alias = by_real.get(real)
        if alias is not None and alias.source != source and alias.source in current:
            # the same file, given by another path (reports/ then $PWD/reports/): one report, under this path
            _forget(out, current.pop(alias.source))
        prev = current.get(source)
        if (not opts.force and prev is not None and sha is not None and prev.sha256 == sha
                and prev.version == __version__ and prev.config == config and prev.llm != "pending"
                and not (prev.outcome == "error" and prev.error in TRANSIENT_ERRORS)):
            summary.skipped += 1
            if prev.outcome == "error":  # still unreadable: the exit code says so on every run
                summary.errors.append(FileResult(source, error_code=prev.error, reason=prev.reason))
            continue
        yield Task(source=source, path=str(path), sha256=sha, file=report_filename(source), out=str(out),
                   config=config, settings=opts.settings, timeout=opts.timeout, llm_wanted=llm_on, ocr=opts.ocr)


def _forget(out: Path, entry: Entry) -> None:
    """Remove a source's result from the output folder (its file is now known by another path)."""
    for sub in ("reports", "errors", ROWS):
        (out / sub / entry.file).unlink(missing_ok=True)


class _LiveLines:
    """Appends each finished report to reports.jsonl / quarantine.jsonl as one complete line while the run
    goes on (rebuilt, sorted and deduplicated, at the end)."""

    def __init__(self, out: Path, admitted: tuple[str, ...]) -> None:
        self.out, self.admitted = out, admitted
        self.fds: dict[str, int] = {}

    def add(self, entry: Entry) -> None:
        if entry.outcome != "report" or entry.llm == "pending":
            return
        name = "reports.jsonl" if entry.status in self.admitted else "quarantine.jsonl"
        if not self.fds:
            aggregate.mark_dirty(self.out)
        if name not in self.fds:
            self.fds[name] = outdir.open_append(self.out / name)
        data = outdir.read_regular(self.out / entry.path).rstrip(b"\n") + b"\n"
        os.write(self.fds[name], data)

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)


def _run_pool(tasks: list[Task], opts: BatchOptions, finish: Callable[[Entry], None],
              work: Callable[[list[Task]], list[Entry]] = run_tasks) -> None:
    """Tasks in chunks over a process pool, at most ``2 × jobs`` chunks in flight (results stream to disk as
    they come; memory stays flat). A worker that dies (a crash in a C library) breaks the pool: the pool is
    rebuilt and the files that were in flight are retried one at a time, alone in the pool, so that the file
    that breaks it again is found and recorded as an error ``crashed`` while the others go through. Each new
    pool is first pinged; a pool whose workers cannot start at all (twice in a row) is given up and the
    remaining files run in this process."""
    with main_not_reimported():
        _pool_loop(tasks, opts, finish, work)


def pool_context() -> Any:
    """The multiprocessing context of xxgk's process pools: forkserver (workers forked from a clean server
    that has imported the worker module once) where the platform has it, else the default."""
    if "forkserver" not in mp.get_all_start_methods():
        return None
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["xxgk.batch.worker"])
    return ctx


@contextmanager
def main_not_reimported() -> Iterator[None]:
    """Worker processes import the caller's ``__main__`` script by path unless it has a module spec, which
    re-runs a script that calls ``run_extract`` without an ``if __name__ == "__main__"`` guard. The work
    lives in ``xxgk.batch.worker``: for the pool's lifetime, ``__main__`` is given a spec named
    ``__main__``, which multiprocessing never re-imports."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


#: a file this large, or a PDF or an image, goes to a worker alone: it may take seconds (OCR, geometry),
#: and a chunk of them would keep the other workers idle
_ALONE_BYTES = 256 * 1024
_SLOW_SUFFIXES = (".pdf", *PAGE_IMAGE_SUFFIXES)


def _chunks(tasks: list[Task], size: int) -> list[list[Task]]:
    """Small text-like files in chunks of ``size`` (one round trip for several), slow ones one by one."""
    out: list[list[Task]] = []
    small: list[Task] = []
    for t in tasks:
        try:
            big = os.path.isdir(t.path) or os.path.getsize(t.path) > _ALONE_BYTES  # (a folder: page images)
        except OSError:
            big = False
        if big or t.path.lower().endswith(_SLOW_SUFFIXES):
            out.append([t])
            continue
        small.append(t)
        if len(small) == size:
            out.append(small)
            small = []
    if small:
        out.append(small)
    return out


def _pool_loop(tasks: list[Task], opts: BatchOptions, finish: Callable[[Entry], None],
               work: Callable[[list[Task]], list[Entry]]) -> None:
    queue = iter(_chunks(tasks, opts.chunk))
    suspects: list[Task] = []  # files in flight when a worker died
    dead_pools = 0
    ctx = pool_context()
    while True:
        pool = ProcessPoolExecutor(max_workers=opts.jobs, mp_context=ctx, initializer=worker_init,
                                   initargs=(os.getpid(), opts.memory_limit_mb))
        inflight: dict[Future, list[Task]] = {}
        alone: set[Future] = set()  # a suspect running alone: if the pool breaks now, it is the culprit
        broken = False
        if not _starts(pool):
            pool.shutdown(wait=False, cancel_futures=True)
            dead_pools += 1
            if dead_pools >= 2:  # the workers cannot start here: finish in this process
                for t in [*suspects, *(t for chunk in queue for t in chunk)]:
                    finish(run_task(t))
                return
            continue
        dead_pools = 0

        def submit(chunk: list[Task], isolated: bool = False, pool=pool, inflight=inflight, alone=alone) -> bool:
            try:
                fut = pool.submit(work, chunk)
            except BrokenProcessPool:
                suspects.extend(chunk)
                return False
            inflight[fut] = chunk
            if isolated:
                alone.add(fut)
            return True

        try:
            while True:
                while not broken:
                    if suspects:  # isolate: one suspect at a time, nothing else in flight
                        if inflight:
                            break
                        broken = not submit([suspects.pop()], isolated=True)
                    elif len(inflight) < 2 * opts.jobs:
                        chunk = next(queue, None)
                        if chunk is None:
                            break
                        broken = not submit(chunk)
                    else:
                        break
                if not inflight:
                    break
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    chunk = inflight.pop(fut)
                    try:
                        entries = fut.result()
                    except BrokenProcessPool:
                        if fut in alone:
                            finish(_crashed(chunk[0]))
                        else:
                            suspects.extend(chunk)
                        broken = True
                        continue
                    for e in entries:
                        finish(e)
                if broken:
                    for chunk in inflight.values():
                        suspects.extend(chunk)
                    inflight.clear()
                    break
        finally:
            pool.shutdown(wait=not broken, cancel_futures=True)
        if not broken:
            return


def _ping() -> bool:
    return True


def _starts(pool: ProcessPoolExecutor) -> bool:
    try:
        return pool.submit(_ping).result(timeout=120)
    except Exception:  # BrokenProcessPool, a timeout, a pickling error: the pool is not usable
        return False


def _crashed(t: Task) -> Entry:

    reason = "the extraction process crashed on this file (a fault in a native library)"
    write_error(Path(t.out), t.file, t.source, WorkerCrashedError.code, reason)
    return Entry(source=t.source, sha256=t.sha256, file=t.file, outcome="error", version=__version__,
                 config=t.config, error=WorkerCrashedError.code, reason=reason)
