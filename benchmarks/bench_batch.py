"""Batch benchmark of the CLI: ``xxgk extract`` over a generated corpus of ~10,000 reports.

    python benchmarks/bench_batch.py                       # 10,000 files, --jobs 1 and 2
    python benchmarks/bench_batch.py --n 2000 --jobs 1     # a quicker look

Builds the corpus with ``make_corpus.py`` (or reuses it when ``--corpus`` already holds one with its
manifest), then runs, each in a subprocess and with a fresh output folder:

* ``xxgk extract CORPUS --out OUT --jobs J --quiet`` for every J of ``--jobs`` (wall time, throughput);
* the same command again on the finished OUT (resume: every file is unchanged and should be skipped);
* the same over a text-only copy of the corpus (hard links to the .txt reports), to judge the
  "text path >= 300 reports/s per core" target.

Peak memory is sampled every 50 ms from /proc: the resident set of the process tree (the CLI and every
process below it) summed, and the largest single process. The statuses of the first full run are read
from OUT (reports.jsonl, quarantine.jsonl, errors.jsonl) and set against the statuses the generator
intended (the manifest). Figures, not assertions: a markdown table is printed and written to
``benchmarks/results-batch.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
STATUSES = ["accepted", "flagged", "rejected", "failed", "error"]


# --------------------------------------------------------------------------------------------------------------
# Memory of a process tree
# --------------------------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` from /proc/PID/task/*/children (every thread may have forked)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
        except OSError:
            continue
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _cpu(pid: int) -> float:
    """User + system seconds used so far by ``pid`` (fields 14 and 15 of /proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            rest = fh.read().rsplit(")", 1)[1].split()
        return (int(rest[11]) + int(rest[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (user, nice, system, irq, softirq)."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:8]]
    return (f[0] + f[1] + f[2] + f[5] + f[6]) / TICKS


def wait_idle(max_wait: float, threshold: float = 0.25) -> float:
    """Wait (up to ``max_wait`` seconds) until the machine is idle: less than ``threshold`` cores busy over
    two seconds. Other sessions share this machine; their work would be counted against ours."""
    waited = 0.0
    while True:
        b0 = busy_seconds()
        time.sleep(2.0)
        waited += 2.0
        cores = (busy_seconds() - b0) / 2.0
        if cores < threshold or waited >= max_wait:
            if waited > 2.0:
                print(f"  (waited {waited:.0f} s for an idle machine; {cores:.2f} cores busy now)", flush=True)
            return waited


class TreeSampler(threading.Thread):
    """Samples the RSS of a process and all its descendants every ``interval`` seconds, and the CPU time
    each of them had used when last seen (a lower bound: the last < interval of each process is missed)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_sum = self.peak_one = self.max_procs = self.samples = 0
        self.cpu_seen: dict[int, float] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                pids.append(p)
                todo += _children(p)
            rss = [_rss(p) for p in pids]
            self.peak_sum = max(self.peak_sum, sum(rss))
            self.peak_one = max(self.peak_one, max(rss, default=0))
            self.max_procs = max(self.max_procs, sum(1 for r in rss if r))
            for p in pids:
                c = _cpu(p)
                if c:
                    self.cpu_seen[p] = c
            self.samples += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# --------------------------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One CLI invocation and what was measured."""

    name: str
    files: int
    jobs: int | None
    cmd: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    cpu_main: float = 0.0  # of that, the CLI process itself (the rest: its workers)
    cpu_other: float = 0.0  # CPU seconds used by other processes on the machine during the run
    peak_sum: int = 0
    peak_one: int = 0
    max_procs: int = 0
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.files / self.wall if self.wall else 0.0

    @property
    def per_core(self) -> float:
        return self.rate / (self.jobs or 1)


def run_cli(name: str, xxgk: list[str], inputs: Path, out: Path, jobs: int | None, files: int,
            interval: float, fresh: bool = True, max_wait: float = 0.0) -> Run:
    """Run ``xxgk extract INPUTS --out OUT [--jobs J] --quiet`` and measure it."""
    if fresh and out.exists():
        shutil.rmtree(out)
    if max_wait:
        wait_idle(max_wait)
    cmd = [*xxgk, "extract", str(inputs), "--out", str(out), *(["--jobs", str(jobs)] if jobs else []), "--quiet"]
    run = Run(name, files, jobs, cmd)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0 = busy_seconds()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace")
    sampler = TreeSampler(proc.pid, interval)
    sampler.start()
    run.stdout, run.stderr = proc.communicate()
    run.wall = time.perf_counter() - t0
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # children the CLI waited for are in RUSAGE_CHILDREN; pool workers it did not reap are only sampled
    run.cpu = max((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), sum(sampler.cpu_seen.values()))
    run.cpu_main = sampler.cpu_seen.get(proc.pid, 0.0)
    run.cpu_other = max(0.0, busy_seconds() - busy0 - run.cpu)
    run.exit_code = proc.returncode
    run.peak_sum, run.peak_one, run.max_procs = sampler.peak_sum, sampler.peak_one, sampler.max_procs
    print(f"  {name}: {run.wall:.1f} s, {run.rate:.0f} files/s, CPU {run.cpu:.1f} s (main {run.cpu_main:.1f} s; "
          f"other processes {run.cpu_other:.1f} s), peak RSS {run.peak_sum / 2**20:.0f} MB "
          f"(largest process {run.peak_one / 2**20:.0f} MB), exit {run.exit_code}", flush=True)
    return run


def read_statuses(out: Path, prefix: str) -> dict[str, str]:
    """source (relative to the corpus) -> status, from the jsonl files of an output folder."""
    got: dict[str, str] = {}
    for name in ("reports.jsonl", "quarantine.jsonl", "errors.jsonl"):
        p = out / name
        if not p.exists():
            continue
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                d = json.loads(line)
                src = str(d.get("source", ""))
                rel = src[len(prefix):].lstrip("/") if src.startswith(prefix) else src
                got[rel] = "error" if name == "errors.jsonl" else str(d.get("status") or "error")
    return got


def jobs_supported(xxgk: list[str]) -> bool:
    r = subprocess.run([*xxgk, "extract", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    return "--jobs" in r.stdout


def ensure_corpus(corpus: Path, n: int, seed: int) -> tuple[list[dict], float | None, str]:
    """The manifest rows of CORPUS and its composition, generating it first when it is absent, has another
    size, or is older than make_corpus.py."""
    manifest = make_corpus.manifest_path(corpus)
    if manifest.exists() and corpus.is_dir():
        with manifest.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        fresh = manifest.stat().st_mtime >= Path(make_corpus.__file__).stat().st_mtime
        if len(rows) == n and fresh and all((corpus / r["path"]).exists() for r in rows[:: max(1, n // 100)]):
            print(f"reusing the corpus in {corpus} ({n} files)")
            nbytes = sum((corpus / r["path"]).stat().st_size for r in rows)
            return rows, None, make_corpus.summary(make_corpus.read_manifest(manifest), nbytes)
        print(f"{corpus}: {len(rows)} files{'' if fresh else ', older than make_corpus.py'}: regenerating")
    if corpus.exists():
        shutil.rmtree(corpus)
    t0 = time.perf_counter()
    opts = argparse.Namespace(broken=0.03, h1_mismatch=0.1)
    built = make_corpus.build(corpus, n, seed, opts)
    make_corpus.write_manifest(built, manifest)
    seconds = time.perf_counter() - t0
    text = make_corpus.summary(built.entries, built.bytes)
    print(text)
    print(f"corpus generated in {seconds:.1f} s")
    with manifest.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh)), seconds, text


def text_subset(corpus: Path, rows: list[dict]) -> tuple[Path, int]:
    """A sibling folder with hard links (copies when linking fails) to the text reports of the corpus."""
    dest = corpus.parent / f"{corpus.name}-text"
    if dest.exists():
        shutil.rmtree(dest)
    n = 0
    for r in rows:
        if r["format"] != "text":
            continue
        src, dst = corpus / r["path"], dest / r["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
        n += 1
    return dest, n


# --------------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------------


def _mb(b: int) -> str:
    return f"{b / 2**20:.0f}"


def runs_table(runs: list[Run]) -> str:
    lines = ["| run | files | jobs | wall (s) | files/s | files/s per core | CPU (s) | CPU of the main process (s) "
             "| peak RSS, tree sum (MB) "
             "| peak RSS, largest process (MB) | processes | exit | CPU of other processes meanwhile (s) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        lines.append(f"| {r.name} | {r.files} | {r.jobs or 'default'} | {r.wall:.1f} | {r.rate:.0f} | {r.per_core:.0f} "
                     f"| {r.cpu:.1f} | {r.cpu_main:.1f} | {_mb(r.peak_sum)} | {_mb(r.peak_one)} | {r.max_procs} "
                     f"| {r.exit_code} | {r.cpu_other:.1f} |")
    return "\n".join(lines)


def status_tables(rows: list[dict], got: dict[str, str]) -> str:
    obtained = Counter(got.get(r["path"], "missing") for r in rows)
    out = ["| status | files |", "|---|---:|"]
    out += [f"| {s} | {obtained[s]} |" for s in [*STATUSES, "missing"] if obtained[s]]
    pairs = Counter((r["intended_status"], got.get(r["path"], "missing")) for r in rows)
    cols = [s for s in [*STATUSES, "missing"] if any(k[1] == s for k in pairs)]
    out += ["", "Intended (generator) × obtained (this run):", "",
            "| intended \\ obtained | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for s in STATUSES:
        if any(k[0] == s for k in pairs):
            out.append(f"| {s} | " + " | ".join(str(pairs[(s, c)]) for c in cols) + " |")
    agree = sum(v for (a, b), v in pairs.items() if a == b)
    out += ["", f"Agreement: {agree} / {len(rows)} files ({100 * agree / max(1, len(rows)):.1f}%)."]
    by_fmt = Counter((r["format"], got.get(r["path"], "missing")) for r in rows)
    fmts = sorted({f for f, _ in by_fmt})
    out += ["", "Obtained status by format:", "", "| format | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for f in fmts:
        out.append(f"| {f} | " + " | ".join(str(by_fmt[(f, c)]) for c in cols) + " |")
    wrong = [r for r in rows if got.get(r["path"], "missing") != r["intended_status"]]
    if wrong:
        out += ["", "Disagreements (first 15):", ""]
        out += [f"- `{r['path']}` ({r['layout']}): intended {r['intended_status']}, got "
                f"{got.get(r['path'], 'missing')}{' — ' + r['note'] if r['note'] else ''}" for r in wrong[:15]]
    return "\n".join(out)


def cross_checks(out: Path, rows: list[dict], prefix: str) -> str:
    """Counts of cross_checks.csv rows by check and severity (when the CLI writes that file), and how the
    carry-over warnings meet the mismatches the generator planted (manifest note "H1 mismatch")."""
    p = out / "cross_checks.csv"
    if not p.exists():
        return ""
    with p.open(encoding="utf-8-sig") as fh:
        cc = list(csv.DictReader(fh))
    if not cc or "check" not in cc[0]:
        return f"cross_checks.csv: {len(cc)} rows"
    counts = Counter((r["check"], r.get("severity", "")) for r in cc)
    text = f"cross_checks.csv: {len(cc)} rows — " + ", ".join(f"{c} ({s}): {v}" for (c, s), v in sorted(counts.items()))

    def rel(src: str) -> str:
        return src[len(prefix):].lstrip("/") if src.startswith(prefix) else src

    flagged = {rel(r.get("source", "")) for r in cc if r["check"] == "carry_over"}
    planted = {r["path"] for r in rows if "H1 mismatch" in r["note"]}
    return text + (f"\n\nCarry-over (H1): {len(planted)} reports with a planted mismatch, {len(flagged)} reports with a "
                   f"carry_over warning, {len(planted & flagged)} of the planted ones warned (a planted mismatch "
                   "cannot be seen when last year's report is unreadable or missing; a warning without a plant comes "
                   "from a broken 结转下年度 cell or a year with no report).")


def _burn(n: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t0


def parallel_capacity(n: int = 15_000_000) -> float:
    """How much faster two processes of pure-Python work finish than one after the other (2.0 on two free
    cores; less on shared or throttled virtual CPUs): the ceiling for --jobs 2."""
    import multiprocessing as mp

    one = _burn(n)
    with mp.get_context("fork").Pool(2) as pool:
        t0 = time.perf_counter()
        pool.map(_burn, [n, n], chunksize=1)
        two = time.perf_counter() - t0
    return 2 * one / two


def machine() -> str:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    try:
        from importlib.metadata import version

        xv = version("xxgk")
    except Exception:
        xv = "?"
    return (f"{os.cpu_count()} cores ({cpu or platform.processor()}), Python {platform.python_version()}, "
            f"xxgk {xv} at commit {commit} (working tree may differ), {time.strftime('%Y-%m-%d %H:%M')}")


def default_cli() -> list[str]:
    """The ``xxgk`` console script of this Python (not a pyenv shim, which adds a shell and a second
    interpreter start), else the one on PATH, else ``python -m xxgk``."""
    own = Path(sys.executable).parent / "xxgk"
    if own.exists():
        return [str(own)]
    found = shutil.which("xxgk")
    return [found] if found else [sys.executable, "-m", "xxgk"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="corpus size (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--corpus", type=Path, help="corpus folder (reused when it holds N files; default "
                    "/tmp/xxgk-bench/corpus-N-sSEED)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/xxgk-bench"), help="where outputs go (default /tmp/xxgk-bench)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for the full runs (default 1,2)")
    ap.add_argument("--text-jobs", default="1", help="--jobs values for the text-only runs (default 1; '' for none)")
    ap.add_argument("--no-resume", action="store_true", help="skip the resume runs")
    ap.add_argument("--xxgk", default=None, help="command that runs the CLI (default: the 'xxgk' script beside this "
                    "Python, else the one on PATH, else 'python -m xxgk')")
    ap.add_argument("--interval", type=float, default=0.05, help="memory sampling interval in seconds")
    ap.add_argument("--wait-idle", type=float, default=300.0, help="before each run, wait up to this many seconds "
                    "for the machine to be idle (other sessions share it; 0 = do not wait)")
    ap.add_argument("--results", type=Path, default=HERE / "results-batch.md", help="markdown file written")
    args = ap.parse_args(argv)

    xxgk = shlex.split(args.xxgk) if args.xxgk else default_cli()
    corpus = (args.corpus or args.work / f"corpus-{args.n}-s{args.seed}").resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    rows, gen_seconds, composition = ensure_corpus(corpus, args.n, args.seed)
    has_jobs = jobs_supported(xxgk)
    jobs = [int(j) for j in args.jobs.split(",") if j] if has_jobs else [None]
    text_jobs = [int(j) for j in args.text_jobs.split(",") if j] if has_jobs else ([None] if args.text_jobs else [])
    if not has_jobs:
        print("`xxgk extract --help` lists no --jobs: one sequential run per corpus, --jobs omitted")

    if args.wait_idle:
        wait_idle(args.wait_idle)
    capacity = parallel_capacity()
    print(f"parallel capacity of this machine: two processes do {capacity:.2f}x the work of one")
    runs: list[Run] = []
    first_out = None
    for j in jobs:
        out = args.work / f"out-{args.n}-j{j or 'default'}"
        runs.append(run_cli(f"full corpus, --jobs {j or '(none)'}", xxgk, corpus, out, j, len(rows), args.interval,
                            max_wait=args.wait_idle))
        if first_out is None:
            first_out, first_run = out, runs[-1]
        if not args.no_resume:
            runs.append(run_cli(f"resume (same OUT), --jobs {j or '(none)'}", xxgk, corpus, out, j, len(rows),
                                args.interval, fresh=False, max_wait=args.wait_idle))
    if text_jobs:
        tdir, nt = text_subset(corpus, rows)
        for j in text_jobs:
            out = args.work / f"out-{args.n}-text-j{j or 'default'}"
            runs.append(run_cli(f"text files only, --jobs {j or '(none)'}", xxgk, tdir, out, j, nt, args.interval,
                                max_wait=args.wait_idle))

    got = read_statuses(first_out, str(corpus))
    first_run.statuses = Counter(got.values())
    md = [
        "# Batch benchmark: `xxgk extract` on a generated corpus",
        "",
        f"Machine: {machine()}. Calibration: two processes of pure-Python work get {capacity:.2f}× the "
        "throughput of one (2.00 on two free cores) — the ceiling for `--jobs 2` here.",
        "",
        f"Command: `{' '.join(shlex.quote(c) for c in first_run.cmd)}` (fresh OUT); resume = the same command "
        "on the finished OUT. Memory: RSS of the process tree sampled every "
        f"{args.interval * 1000:.0f} ms from /proc (sum over the CLI and its children; the largest single "
        "process). CPU = user + system time of the tree (main = the CLI process itself). Before each run the "
        "script waits for an idle machine; \"CPU of other processes\" is what the rest of the machine used "
        "during the run (other sessions share it), a measure of how disturbed the figure is.",
        "",
        "## Corpus",
        "",
        f"`{corpus}` — built by `benchmarks/make_corpus.py --n {args.n} --seed {args.seed}`"
        + (f" in {gen_seconds:.1f} s" if gen_seconds is not None else " (reused)") + ".",
        "",
        "```",
        composition,
        "```",
        "",
        "## Figures",
        "",
        runs_table(runs),
        "",
        f"## Statuses ({first_run.name})",
        "",
        status_tables(rows, got),
        "",
    ]
    cc = cross_checks(first_out, rows, str(corpus))
    if cc:
        md += [cc, ""]
    md += ["## CLI output", ""]
    for r in runs:
        md += [f"{r.name}:", "", "```", (r.stdout.strip() + ("\n" + r.stderr.strip() if r.stderr.strip() else ""))[-3000:],
               "```", ""]
    text = "\n".join(md)
    args.results.write_text(text, encoding="utf-8")
    print()
    print(runs_table(runs))
    print()
    print(status_tables(rows, got))
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
