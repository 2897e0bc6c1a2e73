"""Hostile files and hostile folders (issue 12): every probe next to a good report; each ends with the good
report extracted, one error line for the bad input, bounded memory, and nothing outside ``--out`` read or
changed."""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPORTS
from tests.hostile import lying_docx, many_page_pdf, span_bomb_html
from xxgk.batch import BatchOptions, run_extract
from xxgk.batch.merge import merge_outputs
from xxgk.batch.outdir import MARKER, UnsafeOutputError
from xxgk.cli import app
from xxgk.readers.pdf import MAX_GEOMETRY_PAGES, read_pdf_geometry

GOOD = REPORTS / "004_9f0ed78e15ea2a92.txt"
runner = CliRunner()


def _inputs(tmp_path: Path, *names: str) -> Path:
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(GOOD, inp / "good.txt")
    return inp


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _sources(path: Path) -> list[str]:
    return [d["source"].rsplit("/", 1)[-1] for d in _lines(path)]


# --- memory -------------------------------------------------------------------------------------------


def _extract_with_memory_cap(inp: Path, out: Path, cap_mb: int = 500) -> subprocess.CompletedProcess:
    """``xxgk extract`` in a child process whose whole address space is capped: a reader that inflated the
    bomb would fail there; a bounded one does not notice the cap."""

    def cap() -> None:
        limit = cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run([sys.executable, "-m", "xxgk", "extract", str(inp), "--out", str(out), "--jobs", "1",
                           "-q", "--memory-limit", "0"], capture_output=True, text=True, preexec_fn=cap,
                          timeout=120)


@pytest.mark.parametrize("make", ["span", "docx"])
def test_bombs_are_read_in_bounded_memory(tmp_path, make):
    inp = _inputs(tmp_path)
    if make == "span":
        span_bomb_html(inp / "span.html")
    else:
        lying_docx(inp / "liar.docx")
    res = _extract_with_memory_cap(inp, tmp_path / "out")
    assert res.returncode in (0, 1), res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    assert _sources(tmp_path / "out" / "reports.jsonl") == ["good.txt"]
    errors = _lines(tmp_path / "out" / "errors.jsonl")
    if make == "docx":  # refused with one line naming the file
        assert [e["source"].rsplit("/", 1)[-1] for e in errors] == ["liar.docx"]
        assert errors[0]["error"] in ("too_large", "corrupt") and "\n" not in errors[0]["reason"]


def test_a_worker_that_needs_more_than_its_memory_limit_fails_that_file_only(tmp_path, monkeypatch):
    """--memory-limit caps each worker (RLIMIT_AS): a file whose reading runs out of memory is an error
    ``too_large`` naming the limit; the batch goes on."""
    from xxgk.batch import worker

    inp = _inputs(tmp_path)
    (inp / "huge.txt").write_text("x", encoding="utf-8")

    def boom(path, **kw):
        if path.name == "huge.txt":
            raise MemoryError
        return real(path, **kw)

    real = worker.extract_file
    monkeypatch.setattr(worker, "extract_file", boom)
    monkeypatch.setattr(worker, "_MEMORY_LIMIT_MB", 256)
    run_extract([inp], tmp_path / "out")
    (err,) = _lines(tmp_path / "out" / "errors.jsonl")
    assert err["error"] == "too_large" and "256 MB" in err["reason"]
    assert _sources(tmp_path / "out" / "reports.jsonl") == ["good.txt"]


def test_pdf_geometry_is_not_tried_past_its_page_limit(tmp_path):
    many = many_page_pdf(tmp_path / "many.pdf", MAX_GEOMETRY_PAGES + 1, "1 2 3")
    assert read_pdf_geometry(many.read_bytes()) is None
    few = many_page_pdf(tmp_path / "few.pdf", 2, "1 2 3")
    assert read_pdf_geometry(few.read_bytes()) is None  # (no ruled table: nothing better than the text layer)


def test_a_2000_page_pdf_is_read_in_bounded_memory(tmp_path):
    inp = _inputs(tmp_path)
    many_page_pdf(inp / "long.pdf", 2000, "a line of text 1 2 3")
    res = _extract_with_memory_cap(inp, tmp_path / "out")
    assert "Traceback" not in res.stderr
    assert _sources(tmp_path / "out" / "reports.jsonl") == ["good.txt"]
    assert _sources(tmp_path / "out" / "errors.jsonl") == ["long.pdf"]


# --- file names and inputs ----------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_extracted_and_kept_exactly(tmp_path):
    inp = _inputs(tmp_path)
    raw = os.fsencode(inp) + b"/bad\xff.txt"
    shutil.copy(REPORTS / "003_ba0fe670444f6260.txt", os.fsdecode(raw))
    s = run_extract([inp], tmp_path / "out")
    assert s.errors == []
    assert sorted(_sources(tmp_path / "out" / "reports.jsonl")) == ["bad\\xff.txt", "good.txt"]
    entries = {e["source"].rsplit("/", 1)[-1]: e for e in _lines(tmp_path / "out" / "manifest.jsonl")}
    assert bytes.fromhex(entries["bad\\xff.txt"]["path_hex"]) == raw and entries["good.txt"]["path_hex"] is None
    assert "bad\\xff.txt" in (tmp_path / "out" / "reports.csv").read_text(encoding="utf-8-sig")


def test_every_input_is_accounted_for(tmp_path, monkeypatch):
    inp = _inputs(tmp_path)
    (inp / "sub").mkdir()
    (inp / "sub" / "loop").symlink_to("..")
    (inp / "self").symlink_to("self")
    (inp / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(inp / "pipe")
    (inp / "locked").mkdir()
    shutil.copy(GOOD, inp / "locked" / "x.txt")
    real_scandir = os.scandir

    def scandir(path):  # an unreadable folder (the tests may run as root, which reads anything)
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    s = run_extract([inp], tmp_path / "out")
    errors = {e["source"].rsplit("/in/", 1)[1]: (e["error"], e["reason"]) for e in _lines(tmp_path / "out" / "errors.jsonl")}
    assert errors == {
        "dangling.txt": ("not_a_file", "a symbolic link whose target does not exist"),
        "locked": ("unreadable", "a folder that cannot be listed: Permission denied"),
        "pipe": ("not_a_file", "a named pipe (FIFO), not a file: not read"),
        "self": ("not_a_file", "a symbolic link loop"),
        "sub/loop": ("not_a_file", "a folder reached again through a symbolic link (a loop): read once"),
    }
    assert len(s.errors) == 5 and s.exit_code == 1
    assert _sources(tmp_path / "out" / "reports.jsonl") == ["good.txt"]


# --- the output folder ----------------------------------------------------------------------------------------


def _victim(tmp_path: Path) -> Path:
    v = tmp_path / "victim.txt"
    v.write_text("SECRET victim content\n", encoding="utf-8")
    return v


def _tamper(out: Path, victim: Path) -> None:
    """Manifest entries naming a file outside the folder, as an attacker would write them."""
    rel = os.path.relpath(victim, out / "reports")
    lines = [
        {"source": "evil1", "sha256": None, "file": rel, "outcome": "report", "version": "0", "config": "x",
         "status": "accepted"},
        {"source": "evil2", "sha256": None, "file": rel, "outcome": "error", "version": "0", "config": "x",
         "error": "empty"},
        {"source": "evil3", "sha256": None, "file": str(victim), "outcome": "report", "version": "0", "config": "x"},
    ]
    with (out / "manifest.jsonl").open("a", encoding="utf-8") as fh:
        for d in lines:
            fh.write(json.dumps(d) + "\n")


def test_merge_of_a_tampered_shard_touches_nothing_outside_and_names_what_it_refused(tmp_path):
    victim = _victim(tmp_path)
    inp = _inputs(tmp_path)
    shard = tmp_path / "shard"
    run_extract([inp], shard)
    _tamper(shard, victim)
    dest = tmp_path / "merged"
    s = merge_outputs([shard], dest)
    assert victim.read_text(encoding="utf-8") == "SECRET victim content\n"
    assert len(s.refused) == 3 and all("victim.txt" in r for r in s.refused)
    assert s.entries == 1
    for p in dest.rglob("*"):
        if p.is_file():
            assert b"SECRET" not in p.read_bytes(), p
    res = runner.invoke(app, ["merge", str(shard), "--out", str(tmp_path / "merged2")])
    assert res.exit_code == 1 and "refused" in res.output and victim.exists()


def test_extract_over_a_tampered_manifest_reads_nothing_outside(tmp_path):
    victim = _victim(tmp_path)
    inp = _inputs(tmp_path)
    out = tmp_path / "out"
    run_extract([inp], out)
    _tamper(out, victim)
    run_extract([inp], out, BatchOptions(force=True))
    assert victim.read_text(encoding="utf-8") == "SECRET victim content\n"
    for p in out.rglob("*"):
        if p.is_file():
            assert b"SECRET" not in p.read_bytes(), p


def test_a_folder_xxgk_did_not_make_is_refused(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    keep = {"reports.csv": "my own table\n", "checks.csv": "mine\n", ".notes.1.2.tmp": "mine too\n",
            "draft.tmp.txt": "x\n"}
    for name, text in keep.items():
        (out / name).write_text(text, encoding="utf-8")
    inp = _inputs(tmp_path)
    res = subprocess.run([sys.executable, "-m", "xxgk", "extract", str(inp), "--out", str(out), "-q"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "--out-anyway" in res.stderr, res.stderr
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == keep
    with pytest.raises(UnsafeOutputError):
        run_extract([inp], out)
    s = run_extract([inp], out, BatchOptions(out_anyway=True))
    assert s.by_status["accepted"] == 1 and (out / MARKER).is_file()
    assert (out / "draft.tmp.txt").exists() and (out / ".notes.1.2.tmp").exists()  # not xxgk's: never swept
    run_extract([inp], out)  # marked now: used without asking


def test_an_earlier_xxgk_output_and_an_empty_folder_are_used(tmp_path):
    inp = _inputs(tmp_path)
    out = tmp_path / "out"
    run_extract([inp], out)
    (out / MARKER).unlink()  # as an earlier version left it
    run_extract([inp], out, BatchOptions(force=True))
    empty = tmp_path / "empty"
    empty.mkdir()
    run_extract([inp], empty)
    assert (empty / MARKER).is_file()


@pytest.mark.parametrize("link", ["manifest.jsonl", "reports", "reports.jsonl"])
def test_no_symlink_inside_the_output_folder_is_followed(tmp_path, link):
    inp = _inputs(tmp_path)
    out = tmp_path / "out"
    run_extract([inp], out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / ("dir" if link == "reports" else "file.txt")
    if link == "reports":
        target.mkdir()
        shutil.rmtree(out / "reports")
    else:
        target.write_text("outside\n", encoding="utf-8")
        (out / link).unlink()
    (out / link).symlink_to(target)
    (inp / "another.txt").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UnsafeOutputError, match="symbolic link"):
        run_extract([inp], out, BatchOptions(force=True))
    if link == "reports":
        assert list(target.iterdir()) == []
    else:
        assert target.read_text(encoding="utf-8") == "outside\n"


# --- stops ----------------------------------------------------------------------------------------------------


class _Stop(BaseException):
    pass


def test_a_forced_run_stopped_midway_then_resumed_holds_each_report_once(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(6):
        shutil.copy(GOOD, inp / f"r{i}.txt")
    out = tmp_path / "out"
    run_extract([inp], out)
    seen = []

    def stop_after_three(res):
        seen.append(res)
        if len(seen) == 3:
            raise _Stop

    with pytest.raises(_Stop):
        run_extract([inp], out, BatchOptions(force=True), on_result=stop_after_three)
    assert len(_lines(out / "reports.jsonl")) > 6  # the live appends of the stopped run
    run_extract([inp], out)  # resume, no --force
    sources = _sources(out / "reports.jsonl")
    assert sorted(sources) == sorted(f"r{i}.txt" for i in range(6))


def test_disk_full_is_one_line_and_exit_1(tmp_path, monkeypatch):
    from xxgk.batch import rows, worker
    from xxgk.cli.errors import run

    inp = _inputs(tmp_path)
    out = tmp_path / "out"

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(worker, "write_text_atomic", full)
    monkeypatch.setattr(rows, "write_text_atomic", full)  # (where a report's file is written)
    monkeypatch.setattr(sys, "argv", ["xxgk", "extract", str(inp), "--out", str(out), "-q"])
    with pytest.raises(SystemExit) as exc:
        run(app)
    assert exc.value.code == 1


def _processes_with(marker: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if marker.encode() in (d / "environ").read_bytes():
                    pids.append(int(d.name))
            except OSError:
                continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_killing_the_main_process_takes_its_workers_with_it(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(400):
        shutil.copy(GOOD, inp / f"r{i}.txt")
    marker = f"XXGK_TEST_{uuid.uuid4().hex}"
    env = {**os.environ, marker: "1"}
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "extract", str(inp), "--out", str(tmp_path / "out"),
                             "--jobs", "2", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline and len(_processes_with(marker)) < 3:  # main + forkserver + workers
        time.sleep(0.1)
    assert len(_processes_with(marker)) >= 3
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while time.time() < deadline and _processes_with(marker):
        time.sleep(0.2)
    assert _processes_with(marker) == []
