"""Benchmark of the one-line ("stream") reading: the same report well-formed and on one line, the digit-split search.

    python benchmarks/bench_layouts.py                       # every section; writes benchmarks/results-layouts.md
    python benchmarks/bench_layouts.py --repeat 10 --search-lengths 10,50 --no-cli --no-write   # a quick look
    python benchmarks/bench_layouts.py --xxgk-src /tmp/clone/src   # measure another checkout (e.g. a clean clone)

The target (issue: stream reading): a one-line report costs at most 3x a well-formed one, and the search over
the ways to cut glued digit runs into cells is bounded, with the bound documented (no exponential case).

1. Pairs. ``xxgk.extract_file`` in this process on the SAME report in two layouts: the well-formed original
   (``eval/reports``: text reports 000-004, the v01, v07 and v09 HTML pages) and its one-line copies from
   ``tests/fixtures/damaged`` where they exist (``.oneline.txt``: text nodes joined with nothing, a blank cell
   leaves a NBSP; ``.oneline-sparse.txt``: a blank cell leaves nothing; ``.oneline-spaced.txt``: text nodes
   joined by one space). Every file is read twice first (caches, imports), then the files of a pair are timed in
   turn, ``--repeat`` times (A B A B ...: a drift of the machine's speed hits both alike). Median and p90
   of the per-report milliseconds; ratio = one-line median / well-formed median; the overall ratio is the
   sum of the one-line medians over the sum of their twins' medians. Files with no well-formed twin (the
   real one-line corpus eval/corpus/001-005, the pdf2md markdown) get absolute figures, the markdown also
   the figure of the PDF it was converted from. One more untimed run per file, with the search functions
   wrapped, says where the time goes: calls of ``read_row`` (the digit-split search) and the time in them,
   searches stopped by a bound, and the time in table 三's column-identity search (``t3._combinations``).
2. Worst cases of the digit-split search. ``xxgk.pipeline.tables.readings.read_row`` called directly on one token
   that is a digit run of length 10 ... 2000 (all '1', random non-zero digits with a fixed seed,
   '123456789' repeated), as a table-三 row (7 slots, groups [7]) and a table-四 row (15 slots, groups
   [5, 5, 5]), complete=True and complete=False; then the row as the table parsers read it
   (``glued_feasible`` then ``place_glued``, which may search up to three times more). Time per call (median
   of ``--search-repeat``), readings found, and which bound stopped the search, if one did. Then a whole
   synthetic one-line report (eval/corpus/001 with every table-三 digit run replaced by a random run of
   ``--synthetic-digits`` non-zero digits) through ``extract_file``.
3. The CLI as a whole process: ``xxgk extract DIR --out OUT --jobs 1 --force -q`` on a folder of
   ``--cli-copies`` copies of the text reports 000-004 against a folder of as many copies of their
   ``.oneline.txt`` twins, run in turn (A B A B ... after one warm-up each), wall and CPU seconds of the
   child; median and pair-by-pair ratio.

Figures, not assertions: a markdown report is printed and written to ``benchmarks/results-layouts.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPORTS = ROOT / "eval" / "reports"
CORPUS = ROOT / "eval" / "corpus"
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"
TEXT_STEMS = ["000_5c96ff8a9c100224", "001_7b4b25fcf59f7d61", "002_054d4c4d902c56e6", "003_ba0fe670444f6260",
              "004_9f0ed78e15ea2a92"]
HTML_STEMS = ["v07_yjsthjt2022_html", "v01_nzjtj2019_html", "v09_qxxzf2024_gbk"]
ONE_LINE = ["oneline", "oneline-sparse", "oneline-spaced"]
DIGITS = {
    "ones": lambda n, rng: "1" * n,
    "random 1-9": lambda n, rng: "".join(rng.choice("123456789") for _ in range(n)),
    "123456789…": lambda n, rng: ("123456789" * (n // 9 + 1))[:n],
}
SHAPES = {"三 (7 slots, groups [7])": (7, [7]), "四 (15 slots, groups [5,5,5])": (15, [5, 5, 5])}

xxgk = None  # imported in main(), after --xxgk-src is on sys.path


# --------------------------------------------------------------------------------------------------------------
# Timing helpers
# --------------------------------------------------------------------------------------------------------------


def ms(seconds: float) -> float:
    return seconds * 1000


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def p90(xs: Sequence[float]) -> float:
    if len(xs) < 2:
        return xs[0]
    return statistics.quantiles(xs, n=10, method="inclusive")[8]


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


@dataclass
class Probe:
    """What the search functions did during one extraction (wrapped, untimed run)."""

    calls: int = 0
    seconds: float = 0.0
    worst: float = 0.0
    steps_bound: int = 0  # searches stopped by max_steps
    readings_bound: int = 0  # searches stopped by max_readings (not counting the one-reading feasibility probes)
    combos: int = 0
    combos_seconds: float = 0.0
    hits: list[str] = field(default_factory=list)


class probing:
    """Context manager: wrap ``place.read_row`` and ``t3._combinations`` (module globals of the callers)."""

    def __init__(self) -> None:
        self.probe = Probe()

    def __enter__(self) -> Probe:
        from xxgk.pipeline.tables import place, t3

        self._saved = [(place, "read_row", place.read_row)]
        probe = self.probe
        orig_read = place.read_row

        def read_row(tokens, slots, **kw):
            t0 = time.perf_counter()
            r = orig_read(tokens, slots, **kw)
            d = time.perf_counter() - t0
            probe.calls += 1
            probe.seconds += d
            probe.worst = max(probe.worst, d)
            if not r.complete_search:
                limit = kw.get("max_readings", 20000)
                if len(r.readings) >= limit and limit > 1:
                    probe.readings_bound += 1
                elif len(r.readings) < limit:
                    probe.steps_bound += 1
                else:
                    return r  # a feasibility probe (max_readings=1) that found its reading: not a bound
                probe.hits.append(f"{[t.text for t in tokens]} in {len(slots)} slots, complete={kw.get('complete')}, "
                                  f"groups={kw.get('groups')}: {len(r.readings)} readings, {ms(d):.0f} ms")
            return r

        place.read_row = read_row
        if hasattr(t3, "_combinations"):
            orig_comb = t3._combinations
            self._saved.append((t3, "_combinations", orig_comb))

            def combinations(*a, **kw):
                t0 = time.perf_counter()
                try:
                    return orig_comb(*a, **kw)
                finally:
                    probe.combos += 1
                    probe.combos_seconds += time.perf_counter() - t0

            t3._combinations = combinations
        return probe

    def __exit__(self, *exc: object) -> None:
        for mod, name, fn in self._saved:
            setattr(mod, name, fn)


# --------------------------------------------------------------------------------------------------------------
# 1. Pairs: the same report well-formed and on one line
# --------------------------------------------------------------------------------------------------------------


@dataclass
class FileResult:
    path: Path
    times: list[float] = field(default_factory=list)
    status: str = ""
    layout: str = ""
    probe: Probe | None = None

    @property
    def med(self) -> float:
        return ms(median(self.times))

    @property
    def p90(self) -> float:
        return ms(p90(self.times))

    @property
    def name(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


def measure_together(paths: Sequence[Path], repeat: int) -> list[FileResult]:
    """Warm up every file, then time them in turn ``repeat`` times; one more untimed run with the probes."""
    results = [FileResult(p) for p in paths]
    for r in results:
        for _ in range(2):
            rep = xxgk.extract_file(r.path)
        r.status, r.layout = rep.status.value, str(rep.layout)
    for _ in range(repeat):
        for r in results:
            r.times.append(timed(lambda r=r: xxgk.extract_file(r.path)))
    for r in results:
        with probing() as probe:
            xxgk.extract_file(r.path)
        r.probe = probe
    return results


def pairs_section(repeat: int) -> tuple[list[str], dict]:
    lines = ["## 1. The same report, well-formed and on one line (`extract_file` in-process)", ""]
    lines.append(f"Per-report milliseconds over {repeat} runs of each file (after 2 warm-up runs), the files of a "
                 "pair timed in turn. Search: `read_row` calls / ms spent in them / the slowest call in ms / "
                 "searches stopped by a bound; "
                 "cols: ms in table 三's column-identity search (`_combinations`).")
    lines.append("")
    lines.append("| report | well-formed | status | median ms | p90 ms | one-line copy | status | median ms | p90 ms "
                 "| ratio | search calls / ms / worst / bound hits | cols ms |")
    lines.append("|---|---|---|---:|---:|---|---|---:|---:|---:|---|---:|")
    sums: dict[str, list[float]] = {"all": [0.0, 0.0], **{k: [0.0, 0.0] for k in ONE_LINE}}
    worst: tuple[float, str] = (0.0, "")
    hits: list[str] = []
    over: list[str] = []
    twins = [(s, REPORTS / f"{s}.txt") for s in TEXT_STEMS] + [(s, REPORTS / f"{s}.html") for s in HTML_STEMS]
    for stem, well in twins:
        copies = [(k, DAMAGED / f"{stem}.{k}.txt") for k in ONE_LINE if (DAMAGED / f"{stem}.{k}.txt").exists()]
        if not well.exists() or not copies:
            continue
        res = measure_together([well, *(p for _, p in copies)], repeat)
        w = res[0]
        for (kind, _), r in zip(copies, res[1:], strict=True):
            ratio = r.med / w.med
            for key in ("all", kind):
                sums[key][0] += w.med
                sums[key][1] += r.med
            worst = max(worst, (ratio, f"{stem}.{kind}"))
            pr = r.probe
            assert pr is not None
            hits += [f"{stem}.{kind}: {h}" for h in pr.hits]
            lines.append(f"| {stem} | {well.suffix[1:]}, {w.layout} | {w.status} | {w.med:.1f} | {w.p90:.1f} "
                         f"| .{kind}.txt | {r.status} | {r.med:.1f} | {r.p90:.1f} | **{ratio:.2f}×** "
                         f"| {pr.calls} / {ms(pr.seconds):.1f} / {ms(pr.worst):.1f} / {pr.steps_bound + pr.readings_bound} "
                         f"| {ms(pr.combos_seconds):.1f} |")
            if ratio > 3:
                over.append(f"{stem}.{kind} {ratio:.1f}× ({w.med:.1f} → {r.med:.1f} ms; {ms(pr.seconds):.1f} ms in "
                            f"`read_row`, {ms(pr.combos_seconds):.1f} ms in `t3._combinations`)")
            print(f"  {stem} {kind}: well-formed {w.med:.1f} ms, one-line {r.med:.1f} ms, ratio {ratio:.2f}")
    lines.append("")
    for key, (a, b) in sums.items():
        if not a:
            continue
        what = "every pair" if key == "all" else f"`.{key}.txt` pairs"
        lines.append(f"- Overall ({what}): sum of one-line medians {b:.1f} ms / sum of well-formed medians {a:.1f} ms "
                     f"= **{b / a:.2f}×**.")
    lines.append(f"- Largest ratio: {worst[1]} at {worst[0]:.2f}×. Above 3×: " + ("; ".join(over) or "none") + ".")
    lines.append(f"- Searches stopped by a bound on these files: {len(hits)}" + (":" if hits else "."))
    lines += [f"  - {h}" for h in hits]
    lines.append("")
    return lines, {"sums": sums, "worst": worst, "hits": hits, "over": over}


def singles_section(repeat: int) -> list[str]:
    lines = ["## 1b. One-line and converted files with no well-formed twin", ""]
    lines.append("Absolute figures (same protocol). The pdf2md files also show the PDF they were converted from, "
                 "timed alongside (the PDF reader's own cost included).")
    lines.append("")
    lines.append("| file | layout | status | median ms | p90 ms | search calls / ms / worst / bound hits | cols ms "
                 "| source PDF median ms |")
    lines.append("|---|---|---|---:|---:|---|---:|---:|")
    groups: list[list[Path]] = [[p] for p in sorted(CORPUS.glob("00[1-5]_*.txt"))]
    for md in sorted(DAMAGED.glob("*.pdf2md.md")):
        pdf = REPORTS / (md.name.removesuffix(".pdf2md.md") + ".pdf")
        groups.append([md, pdf] if pdf.exists() else [md])
    groups += [[p] for p in sorted(CORPUS.glob("*pdf2md*.md"))]
    for paths in groups:
        res = measure_together(paths, repeat)
        r = res[0]
        pr = r.probe
        assert pr is not None
        ref = f"{res[1].med:.1f}" if len(res) > 1 else "–"
        lines.append(f"| {r.name} | {r.layout} | {r.status} | {r.med:.1f} | {r.p90:.1f} "
                     f"| {pr.calls} / {ms(pr.seconds):.1f} / {ms(pr.worst):.1f} / {pr.steps_bound + pr.readings_bound} "
                     f"| {ms(pr.combos_seconds):.1f} | {ref} |")
        print(f"  {r.name}: {r.med:.1f} ms ({r.layout}, {r.status})")
    lines.append("")
    return lines


# --------------------------------------------------------------------------------------------------------------
# 2. Worst cases of the digit-split search
# --------------------------------------------------------------------------------------------------------------


def token(text: str, start: int = 0):
    from xxgk.pipeline.tables.tokens import Token
    from xxgk.pipeline.tables.values import parse_value

    return Token(text, start, start + len(text), 1, 0, parse_value(text))


def search_once(run: str, n: int, groups: list[int], complete: bool, settings) -> tuple[float, int, str]:
    from xxgk.pipeline.tables.readings import COUNT, read_row

    t0 = time.perf_counter()
    r = read_row([token(run)], [COUNT] * n, complete=complete, groups=groups, max_cell_digits=settings.max_cell_digits,
                 max_readings=settings.max_placements, max_steps=settings.max_search_steps)
    d = time.perf_counter() - t0
    if r.complete_search:
        how = "finished"
    elif len(r.readings) >= settings.max_placements:
        how = "**readings bound**"
    else:
        how = "**steps bound**"
    return d, len(r.readings), how


def row_as_parsed(run: str, n: int, groups: list[int], settings) -> tuple[float, int, str]:
    """The row as the table-三/四 parsers read it: feasibility probe, then ``place_glued``."""
    from xxgk.pipeline.tables.place import glued_feasible, place_glued
    from xxgk.pipeline.tables.readings import COUNT

    values, slots = [token(run)], [COUNT] * n
    with probing() as probe:
        t0 = time.perf_counter()
        complete = glued_feasible(values, slots, settings)
        placed = place_glued(values, slots, settings, complete=complete, groups=groups)
        d = time.perf_counter() - t0
    return d, probe.calls, placed.kind


def search_section(lengths: Sequence[int], repeat: int, seed: int) -> tuple[list[str], dict]:
    from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS as S

    lines = ["## 2. Worst cases of the digit-split search (`read_row` called directly)", ""]
    lines.append(f"One token, a digit run of the given length; settings as shipped: max_search_steps = "
                 f"{S.max_search_steps:,} nodes per search, max_placements = {S.max_placements:,} readings, "
                 f"max_cell_digits = {S.max_cell_digits}. Milliseconds per call, median of {repeat}; readings "
                 "found; how the search ended. 'row as parsed' = `glued_feasible` + `place_glued` as table 三/四 "
                 "call them (ms, number of `read_row` searches it made, the placement's kind). Random digits: "
                 f"seed {seed}.")
    lines.append("")
    worst_call = (0.0, "")
    worst_row = (0.0, "")
    max_searches = 0
    for shape, (n, groups) in SHAPES.items():
        lines.append(f"### Table {shape}")
        lines.append("")
        lines.append("| digits | length | complete=True ms | readings | ended | complete=False ms | readings | ended "
                     "| row as parsed ms | searches | kind |")
        lines.append("|---|---:|---:|---:|---|---:|---:|---|---:|---:|---|")
        for kind, make in DIGITS.items():
            rng = random.Random(seed)
            for length in lengths:
                run = make(length, rng)
                cells = []
                for complete in (True, False):
                    runs = [search_once(run, n, groups, complete, S) for _ in range(repeat)]
                    d = median([x[0] for x in runs])
                    worst_call = max(worst_call, (d, f"table {shape[0]}, {kind} × {length}, complete={complete}"))
                    cells.append(f"{ms(d):.1f} | {runs[0][1]:,} | {runs[0][2]}")
                rows = [row_as_parsed(run, n, groups, S) for _ in range(repeat)]
                d = median([x[0] for x in rows])
                worst_row = max(worst_row, (d, f"table {shape[0]}, {kind} × {length}"))
                max_searches = max(max_searches, rows[0][1])
                lines.append(f"| {kind} | {length} | {cells[0]} | {cells[1]} | {ms(d):.1f} | {rows[0][1]} "
                             f"| {rows[0][2]} |")
                print(f"  table {shape[0]} {kind} x{length}: {cells[0]} | {cells[1]} | row {ms(d):.1f} ms")
        lines.append("")
    return lines, {"worst_call": worst_call, "worst_row": worst_row, "settings": S, "searches": max_searches}


def synthetic_report(digits: int, seed: int) -> tuple[str, int]:
    """eval/corpus/001 with every table-三 digit run (7+ digits) replaced by ``digits`` random non-zero digits.
    A run followed by '.' ends with the next row's item number (``00000002.其他…``): that digit is kept."""
    text = (CORPUS / "001_hebei_gxt_2023.txt").read_text(encoding="utf-8")
    a, b = text.index("三、收到和处理"), text.index("四、因政府信息公开工作")
    seg = text[a:b]
    rng = random.Random(seed)
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        keep = m.group(0)[-1] if seg[m.end():m.end() + 1] == "." else ""
        return "".join(rng.choice("123456789") for _ in range(digits)) + keep

    return text[:a] + re.sub(r"\d{7,}", repl, seg) + text[b:], count


def synthetic_section(digits: int, repeat: int, seed: int, tmp: Path) -> tuple[list[str], dict]:
    text, rows = synthetic_report(digits, seed)
    path = tmp / f"001_hebei_gxt_2023.t3-random-{digits}.txt"
    path.write_text(text, encoding="utf-8")
    orig = CORPUS / "001_hebei_gxt_2023.txt"
    base = measure_together([orig], max(repeat, 10))[0]
    rep = xxgk.extract_file(path)
    times = [timed(lambda: xxgk.extract_file(path)) for _ in range(repeat)]
    with probing() as probe:
        xxgk.extract_file(path)
    m = ms(median(times))
    lines = ["### A whole synthetic one-line report", ""]
    lines.append(f"`eval/corpus/001_hebei_gxt_2023.txt` with each of its {rows} table-三 digit runs replaced by "
                 f"{digits} random non-zero digits (seed {seed}), through `extract_file` ({repeat} runs after one "
                 "warm-up):")
    lines.append("")
    lines.append("| file | status | median ms | max ms | search calls | ms in searches | worst search ms "
                 "| stopped by steps / readings bound |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|")
    lines.append(f"| corpus 001 as published | {base.status} | {base.med:.1f} | {ms(max(base.times)):.1f} "
                 f"| {base.probe.calls} | {ms(base.probe.seconds):.1f} | {ms(base.probe.worst):.1f} "
                 f"| {base.probe.steps_bound} / {base.probe.readings_bound} |")
    lines.append(f"| t3 runs → {digits} random digits | {rep.status.value} | {m:.1f} | {ms(max(times)):.1f} "
                 f"| {probe.calls} | {ms(probe.seconds):.1f} | {ms(probe.worst):.1f} "
                 f"| {probe.steps_bound} / {probe.readings_bound} |")
    lines.append("")
    print(f"  synthetic report: {m:.0f} ms ({probe.calls} searches, {probe.steps_bound} stopped by steps)")
    return lines, {"ms": m, "base": base.med, "calls": probe.calls, "bound": probe.steps_bound + probe.readings_bound}


# --------------------------------------------------------------------------------------------------------------
# 3. The CLI as a whole process
# --------------------------------------------------------------------------------------------------------------


def cli_section(copies: int, runs: int, tmp: Path, env: dict[str, str]) -> tuple[list[str], dict]:
    folders = {"well-formed": tmp / "cli-wellformed", "one-line": tmp / "cli-oneline"}
    for i in range(copies):
        stem = TEXT_STEMS[i % len(TEXT_STEMS)]
        for label, src in (("well-formed", REPORTS / f"{stem}.txt"), ("one-line", DAMAGED / f"{stem}.oneline.txt")):
            dst = folders[label] / f"{i:03d}_{src.name}"
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)

    def run(label: str) -> tuple[float, float, int]:
        cmd = [sys.executable, "-m", "xxgk", "extract", str(folders[label]), "--out", str(tmp / f"out-{label}"),
               "--jobs", "1", "--force", "-q"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False).returncode
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, rc

    run("well-formed"), run("one-line")  # warm-up (file cache, .pyc)
    got: dict[str, list[tuple[float, float, int]]] = {"well-formed": [], "one-line": []}
    for _ in range(runs):
        for label in ("one-line", "well-formed"):
            got[label].append(run(label))
    ratios = [a[0] / b[0] for a, b in zip(got["one-line"], got["well-formed"], strict=True)]
    cmd = "xxgk extract DIR --out OUT --jobs 1 --force -q"
    lines = ["## 3. The CLI as a whole process", ""]
    lines.append(f"`{cmd}` (a new process each run: start-up, imports, outputs included) on a folder of {copies} "
                 f"copies of `eval/reports/00[0-4]_*.txt` against one of {copies} copies of their "
                 f"`.oneline.txt` twins; {runs} runs each after one warm-up, in turn (one-line, well-formed, ...).")
    lines.append("")
    lines.append("| folder | files | wall s median (min–max) | CPU s median | ms per report (wall median / files) "
                 "| exit codes |")
    lines.append("|---|---:|---|---:|---:|---|")
    for label, rs in got.items():
        walls, cpus = [r[0] for r in rs], [r[1] for r in rs]
        lines.append(f"| {label} | {copies} | {median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) "
                     f"| {median(cpus):.2f} | {ms(median(walls)) / copies:.1f} | {sorted({r[2] for r in rs})} |")
    lines.append("")
    lines.append(f"Ratio one-line / well-formed, wall, pair by pair: median **{median(ratios):.2f}×** "
                 f"(min {min(ratios):.2f}, max {max(ratios):.2f}).")
    lines.append("")
    out = {k: median([r[0] for r in v]) for k, v in got.items()}
    out["ratio"] = median(ratios)
    print(f"  CLI: well-formed {out['well-formed']:.2f} s, one-line {out['one-line']:.2f} s, ratio {out['ratio']:.2f}")
    return lines, out


# --------------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------------


def busy_seconds() -> tuple[float, float]:
    """(CPU seconds the whole machine spent busy, CPU seconds of this process and its children) so far."""
    busy = 0.0
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
        busy = (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    except (OSError, ValueError, IndexError):
        pass
    own = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        own += r.ru_utime + r.ru_stime
    return busy, own


def git(*args: str, cwd: Path) -> str:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def machine_line(src: Path) -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = git("rev-parse", "--short", "HEAD", cwd=src) or "?"
    dirty = git("status", "--porcelain", "--", "src", cwd=src)
    state = "clean working tree" if not dirty else f"working tree with {len(dirty.splitlines())} changed file(s) in src/"
    where = "" if src.resolve() == (ROOT / "src").resolve() else f" (xxgk imported from `{src}`)"
    return (f"Machine: {os.cpu_count()} cores ({cpu or platform.machine()}), Python {platform.python_version()}, "
            f"xxgk {xxgk.__version__} at commit {commit}, {state}{where}, "
            f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=50, help="timed runs of each file in section 1")
    ap.add_argument("--search-lengths", default="10,20,50,100,400,2000", help="digit-run lengths of section 2")
    ap.add_argument("--search-repeat", type=int, default=3, help="timed calls of each worst case (median)")
    ap.add_argument("--synthetic-digits", type=int, default=40, help="digits of each table-三 run in the synthetic report")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cli-copies", type=int, default=50, help="files in each CLI folder")
    ap.add_argument("--cli-runs", type=int, default=5, help="timed CLI runs of each folder")
    ap.add_argument("--no-cli", action="store_true", help="skip section 3")
    ap.add_argument("--no-search", action="store_true", help="skip section 2")
    ap.add_argument("--xxgk-src", type=Path, default=None,
                    help="import xxgk from this src/ folder instead of the one beside this script")
    ap.add_argument("--out", type=Path, default=HERE / "results-layouts.md")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()

    global xxgk
    src = (args.xxgk_src or ROOT / "src").resolve()  # by default the checkout this script lives in
    sys.path.insert(0, str(src))
    import xxgk as _xxgk

    xxgk = _xxgk
    src = Path(xxgk.__file__).resolve().parents[1]
    env = dict(os.environ)  # the CLI runs import the same xxgk
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH", "")]))

    head = ["# One-line (stream) reports: cost against well-formed ones, and the bound of the digit-split search", ""]
    head.append(machine_line(src))
    head.append("")
    head.append("Command: `" + " ".join(["python benchmarks/bench_layouts.py", *sys.argv[1:]]) + "`. "
                "Target: a one-line report costs at most 3× a well-formed one; the digit-split search is bounded.")
    head.append("")
    body: list[str] = []
    summary: list[str] = []
    start, t_start = busy_seconds(), time.perf_counter()
    print("section 1: pairs")
    lines, pairs = pairs_section(args.repeat)
    body += lines
    body += singles_section(args.repeat)
    a, b = pairs["sums"]["all"]
    per_kind = ", ".join(f"`.{k}` {y / x:.2f}×" for k, (x, y) in pairs["sums"].items() if k != "all" and x)
    summary.append(f"- In-process, same report: one-line / well-formed = **{b / a:.2f}×** overall (sum of medians "
                   f"{b:.1f} / {a:.1f} ms; {per_kind}). Pairs above 3×: " + ("; ".join(pairs["over"]) or "none")
                   + f". Searches stopped by a bound on these real files: {len(pairs['hits'])}.")
    with tempfile.TemporaryDirectory(prefix="xxgk-layouts-") as tmpdir:
        tmp = Path(tmpdir)
        if not args.no_search:
            print("section 2: search worst cases")
            lines, search = search_section([int(x) for x in args.search_lengths.split(",")], args.search_repeat,
                                           args.seed)
            body += lines
            lines, synth = synthetic_section(args.synthetic_digits, args.search_repeat, args.seed, tmp)
            body += lines
            s = search["settings"]
            summary.append(
                f"- Bound: one digit-split search visits at most {s.max_search_steps:,} nodes "
                f"(`TableSettings.max_search_steps`) and keeps at most {s.max_placements:,} readings "
                f"(`max_placements`), whatever the length of the run. Measured worst: "
                f"{ms(search['worst_call'][0]):.0f} ms for one search ({search['worst_call'][1]}), "
                f"{ms(search['worst_row'][0]):.0f} ms for one row as the table parsers read it "
                f"({search['worst_row'][1]}), which makes up to {search['searches']} searches of that bound "
                f"(so at most {search['searches'] * s.max_search_steps:,} nodes per row); flat from about 50 digits "
                "on (no exponential growth).")
            summary.append(f"- Synthetic one-line report with {args.synthetic_digits}-digit random runs in table 三: "
                           f"{synth['ms']:.0f} ms against {synth['base']:.1f} ms as published "
                           f"({synth['calls']} searches, {synth['bound']} stopped by a bound): bounded, but "
                           f"{synth['ms'] / synth['base']:.0f}× the published file.")
        if not args.no_cli:
            print("section 3: CLI")
            lines, cli = cli_section(args.cli_copies, args.cli_runs, tmp, env)
            body += lines
            summary.append(f"- CLI, {args.cli_copies} files each, `--jobs 1`: one-line {cli['one-line']:.2f} s, "
                           f"well-formed {cli['well-formed']:.2f} s wall (medians): **{cli['ratio']:.2f}×**.")
    (busy0, own0), (busy1, own1) = start, busy_seconds()
    wall = time.perf_counter() - t_start
    head.append(f"Run: {wall:.0f} s wall, {own1 - own0:.0f} CPU s of this benchmark; other processes used "
                f"{max(0.0, (busy1 - busy0) - (own1 - own0)):.0f} CPU s meanwhile (out of {wall * (os.cpu_count() or 1):.0f}"
                " available): a measure of how disturbed the figures are.")
    head.append("")
    text = "\n".join([*head, "## Summary", "", *summary, "", *body])
    print()
    print(text)
    if not args.no_write:
        args.out.write_text(text, encoding="utf-8")
        print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
