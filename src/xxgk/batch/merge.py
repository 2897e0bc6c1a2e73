"""``merge_outputs``: combine the output folders of several runs (shards on several machines) into one.

Each folder's manifest says which per-report files it holds; they are copied (atomically) into the
destination with their manifest entries, and the aggregates are rebuilt once over the union. A source
present in several folders keeps the entry of the folder given last. The destination may already hold
results (they are merged, never deleted), so shards can be merged as they arrive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import UsageError
from ..export import write_text_atomic
from . import manifest
from .manifest import Entry, ManifestWriter
from .run import BatchOptions, rebuild


@dataclass(slots=True)
class MergeSummary:
    dest: Path
    folders: int = 0
    entries: int = 0  # entries taken from the folders
    replaced: int = 0  # sources that were already in the destination or in an earlier folder
    outputs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def merge_outputs(folders: list[Path], dest: Path, options: BatchOptions | None = None) -> MergeSummary:
    opts = options or BatchOptions()
    t0 = time.perf_counter()
    for f in folders:
        if not (f / manifest.MANIFEST).is_file():
            raise UsageError(f"{f}: not an xxgk output folder (no {manifest.MANIFEST})")
        if f.resolve() == dest.resolve():
            raise UsageError(f"{f}: is the destination itself")
    for sub in ("reports", "errors"):
        (dest / sub).mkdir(parents=True, exist_ok=True)
    current = manifest.load(dest)
    summary = MergeSummary(dest=dest, folders=len(folders))
    writer = ManifestWriter(dest)
    try:
        for folder in folders:
            for e in manifest.load(folder).values():
                _copy(folder / e.path, dest / e.path)
                other = "errors" if e.outcome == "report" else "reports"
                (dest / other / e.file).unlink(missing_ok=True)
                writer.append(e)
                summary.replaced += e.source in current
                current[e.source] = e
                summary.entries += 1
    finally:
        writer.close()
    entries: list[Entry] = list(current.values())
    manifest.compact(dest, entries)
    summary.outputs = rebuild(dest, entries, opts, force=True)
    summary.seconds = time.perf_counter() - t0
    return summary


def _copy(src: Path, dst: Path) -> None:
    write_text_atomic(dst, src.read_text(encoding="utf-8"))
