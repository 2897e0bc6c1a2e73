"""Benchmark of OCR: seconds per page, pages per second, peak memory, accuracy on the scanned samples.

    python benchmarks/bench_ocr.py                 # in this process, one core
    python benchmarks/bench_ocr.py --cli --jobs 2  # also through `xxgk extract` with two workers

Makes the image-only copies of the three sample PDFs (``tests/readers/ocr/scans.py``: 150 dpi, turned by
under a degree, blurred), reads them with ``xxgk.extract_file`` (pages up to section 五's heading, the
default, and with ``--all`` every page), and prints per document: pages read, seconds, seconds per page,
fields right against the gold, and the process's peak RSS. Figures, not assertions: put them in the
closing note.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.readers.ocr.scans import ANGLES, SAMPLES, image_only_pdf, scanned_pages  # noqa: E402

import xxgk  # noqa: E402
from xxgk.evaluation.gold import compare, load_gold  # noqa: E402
from xxgk.readers.ocr.settings import OcrSettings  # noqa: E402


def _pages_read(report: xxgk.Report) -> int:
    note = next((n.message for n in report.notes if n.code == "ocr"), "")
    return int(note.split(" ", 1)[0]) if note[:1].isdigit() else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="read every page (narratives too)")
    ap.add_argument("--cli", action="store_true", help="also time `xxgk extract` over the scans")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    settings = OcrSettings(narratives=args.all)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scans"
        folder.mkdir()
        for name, src in SAMPLES.items():
            (folder / f"{name}.pdf").write_bytes(image_only_pdf(scanned_pages(src, ANGLES[name])))
        xxgk.extract_file(folder / "hzq2024_working.pdf", ocr=OcrSettings(enabled=False))  # imports, not OCR
        t_load = time.perf_counter()
        from xxgk.readers.ocr.engine import engine

        engine()
        print(f"engine load: {time.perf_counter() - t_load:.2f} s (once per process)")
        total_pages = total_s = 0.0
        right = fields = 0
        for name in SAMPLES:
            t0 = time.perf_counter()
            report = xxgk.extract_file(folder / f"{name}.pdf", ocr=settings)
            dt = time.perf_counter() - t0
            pages = _pages_read(report)
            n, diffs = compare(report, load_gold(ROOT / "eval" / "gold" / f"{name}.json"))
            bad = len([d for d in diffs if d.outcome != "extra"])
            right, fields = right + n - bad, fields + n
            total_pages, total_s = total_pages + pages, total_s + dt
            print(f"{name}: {pages} page(s) read in {dt:.1f} s ({dt / max(pages, 1):.2f} s/page), status "
                  f"{report.status.value}, fields right {n - bad}/{n}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"all: {total_pages:.0f} pages in {total_s:.1f} s = {total_s / total_pages:.2f} s/page "
              f"({total_pages / total_s:.2f} pages/s on one core), fields right {right}/{fields}, "
              f"peak RSS {rss:.0f} MB")
        if args.cli:
            out = Path(tmp) / "out"
            t0 = time.perf_counter()
            cmd = [sys.executable, "-m", "xxgk", "extract", str(folder), "--out", str(out), "-q",
                   "--jobs", str(args.jobs)] + (["--ocr", "all"] if args.all else [])
            subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
            dt = time.perf_counter() - t0
            crss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"CLI --jobs {args.jobs}: {total_pages:.0f} pages in {dt:.1f} s = {total_pages / dt:.2f} pages/s, "
                  f"largest process peak RSS {crss:.0f} MB")


if __name__ == "__main__":
    main()
