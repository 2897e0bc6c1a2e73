"""Batch runs: parallel, resumable, idempotent, sharded and merged, with a per-file time limit."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPORTS
from xxgk.batch import BatchOptions, in_shard, parse_shard, run_extract
from xxgk.batch.merge import merge_outputs
from xxgk.core.errors import UsageError

AGGREGATES = ("reports.jsonl", "reports.csv", "quarantine.jsonl", "quarantine.csv", "checks.csv", "errors.jsonl")


def _corpus(dest: Path, copies: int = 3) -> Path:
    """The text seeds and a bad file, each under several folders (distinct sources, same content)."""
    for i in range(copies):
        d = dest / f"batch{i}"
        d.mkdir(parents=True)
        for p in sorted(REPORTS.glob("[0-9][0-9][0-9]_*.txt")):
            shutil.copy(p, d / p.name)
        (d / "empty.txt").write_bytes(b"")
    return dest


def _outputs(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in AGGREGATES}
    files.update({f"reports/{p.name}": p.read_bytes() for p in (out / "reports").glob("*.json")})
    files.update({f"errors/{p.name}": p.read_bytes() for p in (out / "errors").glob("*.json")})
    return files


def test_rerun_skips_unchanged_files_and_redoes_changed_ones(tmp_path):
    inp = _corpus(tmp_path / "in", copies=2)
    out = tmp_path / "out"
    first = run_extract([inp], out)
    assert (first.files, first.done, first.skipped) == (12, 12, 0) and first.rebuilt
    assert len(first.errors) == 2 and first.exit_code == 1
    before = _outputs(out)

    again = run_extract([inp], out)
    assert (again.done, again.skipped, again.rebuilt) == (0, 12, False)
    assert again.exit_code == 1 and len(again.errors) == 2  # the empty files are still unreadable
    assert _outputs(out) == before  # idempotent: nothing rewritten
    assert again.by_status == first.by_status  # the summary still describes the whole folder

    changed = inp / "batch1" / "003_ba0fe670444f6260.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new content, same data
    third = run_extract([inp], out)
    assert (third.done, third.skipped, third.rebuilt) == (1, 11, True)
    lines = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    sha = {r["source"].split("/in/", 1)[1]: r["sha256"] for r in lines}
    assert sha["batch1/003_ba0fe670444f6260.txt"] != sha["batch0/003_ba0fe670444f6260.txt"]
    assert sha["batch1/004_9f0ed78e15ea2a92.txt"] == sha["batch0/004_9f0ed78e15ea2a92.txt"]

    after_change = _outputs(out)
    forced = run_extract([inp], out, BatchOptions(force=True))
    assert (forced.done, forced.skipped) == (12, 0)
    assert _outputs(out) == after_change  # redone, same results: every file as before, no source twice
    manifest = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 12  # compacted: one line per source


def test_two_jobs_give_exactly_the_outputs_of_one(tmp_path):
    inp = _corpus(tmp_path / "in", copies=2)
    one, two = tmp_path / "one", tmp_path / "two"
    s1 = run_extract([inp], one, BatchOptions(jobs=1))
    s2 = run_extract([inp], two, BatchOptions(jobs=2, chunk=2))
    assert s1.by_status == s2.by_status and s2.done == 12
    assert _outputs(one) == _outputs(two)


def test_a_file_over_the_time_limit_is_an_error_and_the_batch_goes_on(tmp_path, monkeypatch):
    import xxgk.batch.worker as worker

    real = worker.extract_file

    def slow(path, **kw):
        if Path(path).name.startswith("002_"):
            while True:
                time.sleep(0.01)
        return real(path, **kw)

    monkeypatch.setattr(worker, "extract_file", slow)
    inp = _corpus(tmp_path / "in", copies=1)
    s = run_extract([inp], tmp_path / "out", BatchOptions(timeout=0.3))
    timeouts = [e for e in s.errors if e.error_code == "timeout"]
    assert [e.source.rsplit("/", 1)[-1] for e in timeouts] == ["002_054d4c4d902c56e6.txt"]
    assert "0.3 s limit" in timeouts[0].reason
    assert sum(s.by_status.values()) == 4  # the other seeds went through
    # a timeout is about the run, not the file: the next run tries it again
    monkeypatch.setattr(worker, "extract_file", real)
    again = run_extract([inp], tmp_path / "out", BatchOptions(timeout=0.3))
    assert again.done == 1 and not [e for e in again.errors if e.error_code == "timeout"]


def test_shards_split_the_inputs_and_merge_back_to_the_full_run(tmp_path):
    inp = _corpus(tmp_path / "in", copies=3)
    full = tmp_path / "full"
    run_extract([inp], full)
    parts = [tmp_path / f"shard{i}" for i in (1, 2, 3)]
    sizes = [run_extract([inp], p, BatchOptions(shard=(i, 3))).files for i, p in enumerate(parts, 1)]
    assert sum(sizes) == 18 and all(sizes)  # disjoint, covering, none empty
    merged = tmp_path / "merged"
    s = merge_outputs(parts, merged)
    assert s.entries == 18
    assert _outputs(merged) == _outputs(full)


def test_shard_parsing_and_stability():
    assert parse_shard("2/8") == (2, 8) and parse_shard(None) is None
    for bad in ("0/3", "4/3", "a/b", "3"):
        with pytest.raises(UsageError):
            parse_shard(bad)
    sources = [f"corpus/p{i}/r{i}.txt" for i in range(300)]
    owners = [[i for i in (1, 2, 3) if in_shard(s, (i, 3))] for s in sources]
    assert all(len(o) == 1 for o in owners)
    assert in_shard("corpus/a/b.txt", (1, 2)) == in_shard("corpus/a/b.txt", (1, 2))
    # a fixed answer: the hash is the same on every machine and every Python run
    assert [in_shard(f"x/{i}.txt", (1, 2)) for i in range(6)] == [in_shard(f"x/{i}.txt", (1, 2)) for i in range(6)]


@pytest.mark.slow
def test_kill_9_mid_run_then_resume_gives_exactly_the_uninterrupted_outputs(tmp_path):
    inp = _corpus(tmp_path / "in", copies=60)  # 360 files
    cmd = [sys.executable, "-m", "xxgk", "extract", str(inp), "--jobs", "2", "--quiet"]
    reference = tmp_path / "ref"
    subprocess.run([*cmd, "--out", str(reference)], capture_output=True, timeout=300)

    out = tmp_path / "out"
    proc = subprocess.Popen([*cmd, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    manifest = out / "manifest.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 60:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, mid-way
    proc.wait()
    done_at_kill = manifest.read_bytes().count(b"\n")
    assert proc.returncode == -signal.SIGKILL and 60 <= done_at_kill < 360
    assert not (out / "run-state.json").exists()  # the aggregates were never built

    resumed = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1  # the empty files are errors, as in the reference run
    assert "unchanged since the last run" in resumed.stdout
    assert _outputs(out) == _outputs(reference)
    assert not [p for p in out.rglob("*xxgk-tmp*")]  # temp files of the killed run were cleared


def crash_on_boom(chunk):
    """A worker that dies (as a crash in a native library would) on any file named boom.txt."""
    from xxgk.batch.worker import run_tasks

    if any(t.source.endswith("boom.txt") for t in chunk):
        os._exit(3)
    return run_tasks(chunk)


def test_a_file_that_kills_its_worker_is_isolated_and_the_others_go_through(tmp_path):
    from xxgk.batch.files import discover
    from xxgk.batch.run import _run_pool
    from xxgk.batch.worker import Task
    from xxgk.outputs.records import report_filename

    inp = _corpus(tmp_path / "in", copies=2)
    shutil.copy(REPORTS / "003_ba0fe670444f6260.txt", inp / "batch0" / "boom.txt")
    out = tmp_path / "out"
    for sub in ("reports", "errors"):
        (out / sub).mkdir(parents=True)
    tasks = [Task(source=s, path=str(p), sha256=None, file=report_filename(s), out=str(out), config="t")
             for s, p in discover([inp])]
    entries = []
    _run_pool(tasks, BatchOptions(jobs=2, chunk=3), entries.append, work=crash_on_boom)
    by_source = {e.source.rsplit("/in/", 1)[1]: e for e in entries}
    assert len(entries) == len(tasks) == 13  # every file exactly once
    assert (by_source["batch0/boom.txt"].outcome, by_source["batch0/boom.txt"].error) == ("error", "crashed")
    assert sum(e.outcome == "report" for e in entries) == 10 and sum(e.error == "empty" for e in entries) == 2
    assert (out / "errors" / by_source["batch0/boom.txt"].file).exists()


def test_rebuild_from_the_workers_row_sidecars_equals_rebuild_from_the_reports(tmp_path):
    from xxgk.batch import manifest, rebuild

    inp = _corpus(tmp_path / "in", copies=1)
    shutil.copy(REPORTS / "hzq2023_working.pdf", inp / "batch0")
    shutil.copy(REPORTS / "hzq2024_working.pdf", inp / "batch0")  # same agency, next year: cross-checks
    out = tmp_path / "out"
    run_extract([inp], out)
    assert len(list((out / "rows").glob("*.json"))) == 7  # one sidecar per report, none for the errors
    with_sidecars = _outputs(out) | {"cross_checks.csv": (out / "cross_checks.csv").read_bytes()}
    shutil.rmtree(out / "rows")
    rebuild(out, list(manifest.load(out).values()), BatchOptions(), force=True)
    from_reports = _outputs(out) | {"cross_checks.csv": (out / "cross_checks.csv").read_bytes()}
    assert from_reports == with_sidecars
