"""Benchmark of the text path: reports/second and peak memory, library and CLI.

    python benchmarks/bench_text.py --reports 3000

Builds a corpus varied from the seed reports (three source layouts re-printed as pipe rows and one cell
per line as well; table numbers and agency names changed at random), then times
``xxgk.extract_file`` over every file in one process (one core), and ``xxgk extract`` over the folder.
Figures, not assertions: put them in the closing note.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.layouts import to_pipe_rows, to_plain  # noqa: E402

import xxgk  # noqa: E402
from xxgk.outputs.records import report_json  # noqa: E402

_CELL_NUMBER = re.compile(r"(?m)^(\t[\u00a0\u3000 ]*)(\d+)([\u00a0\u3000 ]*)$|^(\d+)( \|)$")
_AGENCIES = ["宁河镇", "大源镇", "城关街道", "县商务局", "区统计局", "市场监督管理局", "教育局", "东城乡"]


def vary(text: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        n = str(rng.randint(0, 400))
        if m.group(2) is not None:
            return f"{m.group(1)}{n}{m.group(3)}"
        return f"{n}{m.group(5)}"

    text = _CELL_NUMBER.sub(repl, text)
    return text.replace("宁河镇", rng.choice(_AGENCIES)).replace("大源镇", rng.choice(_AGENCIES))


def build_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    seeds = sorted((ROOT / "eval" / "reports").glob("*.txt"))
    variants = []
    for p in seeds:
        text = p.read_text(encoding="utf-8")
        variants.append(text)
        if p.name[:3] in ("000", "001", "002"):  # tab layout: also as web pipe rows and one cell per line
            variants += [to_pipe_rows(text), to_plain(text)]
    files = []
    for i in range(n):
        path = folder / f"{i // 1000:03d}" / f"report_{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vary(variants[i % len(variants)], rng), encoding="utf-8")
        files.append(path)
    return files


def per_format(repeat: int) -> None:
    """reports/second per input format, on the bundled real PDFs and the HTML/DOCX fixtures."""
    groups = {
        "txt": sorted((ROOT / "eval" / "reports").glob("*.txt")),
        "html": sorted((ROOT / "tests" / "fixtures" / "formats").glob("*.html")),
        "docx": sorted((ROOT / "tests" / "fixtures" / "formats").glob("*.docx")),
        "pdf": sorted((ROOT / "eval" / "reports").glob("*.pdf")),
    }
    for fmt, files in groups.items():
        if not files:
            continue
        t0 = time.perf_counter()
        for _ in range(repeat):
            for f in files:
                xxgk.extract_file(f)
        dt = time.perf_counter() - t0
        n = repeat * len(files)
        print(f"format {fmt}: {n / dt:.0f} reports/s ({dt * 1000 / n:.1f} ms/report over {len(files)} files)")


def json_sizes() -> None:
    """Bytes of each seed's per-report JSON file (``reports/<name>.json``: the report's JSON and a newline)."""
    sizes = {}
    for p in sorted((ROOT / "eval" / "reports").glob("00*.txt")):
        sizes[p.name[:3]] = len((report_json(xxgk.extract_file(p)) + "\n").encode("utf-8"))
    print("per-report JSON of the seeds (bytes): " + ", ".join(f"{k} {v:,}" for k, v in sizes.items())
          + f"; median {statistics.median(sizes.values()):,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI run")
    ap.add_argument("--repeat", type=int, default=30, help="runs per file for the per-format figures")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        files = build_corpus(corpus, args.reports)
        size = sum(f.stat().st_size for f in files)
        print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB (seeds in tab, pipe, plain layouts, numbers varied)")
        statuses: dict[str, int] = {}
        t0 = time.perf_counter()
        for f in files:
            r = xxgk.extract_file(f)
            statuses[r.status.value] = statuses.get(r.status.value, 0) + 1
        dt = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"library extract_file: {len(files) / dt:.0f} reports/s on one core "
              f"({dt * 1000 / len(files):.2f} ms/report), peak RSS {rss:.0f} MB, statuses {statuses}")
        sample = files[:500]
        t0 = time.perf_counter()
        for f in sample:
            xxgk.extract_file(f).model_dump_json()
        dt = time.perf_counter() - t0
        print(f"library extract + JSON serialisation: {len(sample) / dt:.0f} reports/s")
        per_format(args.repeat)
        json_sizes()
        if not args.no_cli:
            out = Path(tmp) / "out"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "xxgk", "extract", str(corpus), "--out", str(out), "-q"],
                           check=False, stdout=subprocess.DEVNULL)
            dt = time.perf_counter() - t0
            crss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"CLI xxgk extract (with all outputs): {len(files) / dt:.0f} reports/s, "
                  f"{dt:.1f} s total, peak RSS {crss:.0f} MB")


if __name__ == "__main__":
    main()
