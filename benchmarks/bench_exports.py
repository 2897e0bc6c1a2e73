"""Benchmark of the researcher exports: seconds and peak memory of each writer on a large output folder.

    python benchmarks/bench_exports.py --reports 10000

Extracts the bundled reports once, then builds a synthetic output folder of ``--reports`` lines: the real
report lines repeated with new sources (``synthetic/00042/<name>``, sorted), checks.csv repeated alongside,
errors.jsonl and cross_checks.csv as extracted. Each writer then runs in a fresh process, which reports its
wall time and its peak RSS above the RSS it had after importing (so the libraries' own size is not counted);
``write_extra`` runs all three in one process, as ``xxgk extract --format all`` does. Figures, not
assertions: put them in the closing note. Memory that stays flat when ``--reports`` grows is the point.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, resource, sys, time
from pathlib import Path
import duckdb, openpyxl, pyarrow, pyarrow.parquet  # imported before the baseline: not the writer's memory
from xxgk.outputs.exports import write_extra
out, formats = Path(sys.argv[1]), sys.argv[2].split(",")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
counts = write_extra(out, formats)
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "base_mb": base / 1024, "counts": counts}))
"""


def build_folder(out: Path, n: int) -> int:
    """A synthetic output folder of ``n`` report lines from one real extraction. Returns the line count."""
    from xxgk.batch import run_extract

    real = out.parent / "real"
    run_extract([str(ROOT / "eval" / "reports")], real)
    lines = [ln for ln in (real / "reports.jsonl").read_text(encoding="utf-8").splitlines() if ln.strip()]
    with (real / "checks.csv").open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, checks = reader.fieldnames or [], list(reader)
    by_source: dict[str, list[dict[str, str]]] = {}
    for row in checks:
        by_source.setdefault(row["source"], []).append(row)
    out.mkdir(parents=True)
    with (out / "reports.jsonl").open("w", encoding="utf-8") as rj, \
            (out / "checks.csv").open("w", encoding="utf-8-sig", newline="") as cf:
        writer = csv.DictWriter(cf, fieldnames=header)
        writer.writeheader()
        for i in range(n):
            line = lines[i % len(lines)]
            old = json.loads(line)["source"]
            new = f"synthetic/{i:05d}/{Path(old).name}"
            rj.write(line.replace(json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False), 1) + "\n")
            for row in by_source.get(old, ()):
                writer.writerow({**row, "source": new})
    for name in ("quarantine.jsonl", "errors.jsonl", "cross_checks.csv"):
        if (real / name).exists():
            (out / name).write_bytes((real / name).read_bytes())
    return n


def run(out: Path, formats: str) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, str(out), formats], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=10_000, help="report lines in the synthetic folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        n = build_folder(out, args.reports)
        size = (out / "reports.jsonl").stat().st_size / 2**20
        print(f"{n} reports, reports.jsonl {size:.0f} MB")
        for formats in ("xlsx", "parquet", "duckdb", "xlsx,parquet,duckdb"):
            r = run(out, formats)
            files = {f: (out / f).stat().st_size / 2**20 for f in ("reports.xlsx", "reports.parquet", "xxgk.duckdb")
                     if f in r["counts"]}
            print(f"{formats:22s} {r['seconds']:7.1f} s  peak RSS {r['peak_mb']:6.0f} MB "
                  f"(+{r['peak_mb'] - r['base_mb']:.0f} MB over {r['base_mb']:.0f} MB after imports)  "
                  + "  ".join(f"{f} {mb:.1f} MB" for f, mb in files.items()))
    print(f"benchmark process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
