"""``merge_outputs``: combine the output folders of several runs (shards on several machines) into one.

Each folder's manifest says which per-report files it holds; they are copied (atomically) into the
destination with their manifest entries, and the aggregates are rebuilt once over the union. A source
present in several folders keeps the entry of the folder given last. The destination may already hold
results (they are merged, never deleted), so shards can be merged as they arrive.

Nothing read from a shard is trusted as a path: an entry whose file name is not one xxgk writes is refused
(``MergeSummary.refused`` says which), a file that is a symbolic link or not a regular file is not copied,
and every path built stays inside its folder (``outdir``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.batch import manifest, outdir
from xxgk.batch.manifest import Entry, ManifestWriter
from xxgk.batch.run import BatchOptions, rebuild
from xxgk.core.errors import UsageError
from xxgk.outputs.records import write_text_atomic


@dataclass(slots=True)
class MergeSummary:
    dest: Path
    folders: int = 0
    entries: int = 0  # entries taken from the folders
    replaced: int = 0  # sources that were already in the destination or in an earlier folder
    outputs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    refused: list[str] = field(default_factory=list)  # shard entries not taken, each "folder: why"


def merge_outputs(folders: list[Path], dest: Path, options: BatchOptions | None = None) -> MergeSummary:
    opts = options or BatchOptions()
    t0 = time.perf_counter()
    for f in folders:
        if not (f / manifest.MANIFEST).is_file():
            raise UsageError(f"{f}: not an xxgk output folder (no {manifest.MANIFEST})")
        if f.resolve() == dest.resolve():
            raise UsageError(f"{f}: is the destination itself")
    outdir.claim(dest, adopt=opts.out_anyway)
    current = manifest.load(dest)
    summary = MergeSummary(dest=dest, folders=len(folders))
    writer = ManifestWriter(dest)
    try:
        for folder in folders:
            refused: list[str] = []
            for e in manifest.load(folder, refused).values():
                try:
                    data = outdir.read_regular(outdir.inside(folder / e.path.split("/")[0], e.file))
                    target = outdir.inside(dest / e.path.split("/")[0], e.file)
                except (OSError, UsageError) as exc:
                    refused.append(f"{e.file!r}: {getattr(exc, 'reason', None) or exc}")
                    continue
                write_text_atomic(target, data.decode("utf-8", "replace"))
                other = "errors" if e.outcome == "report" else "reports"
                (dest / other / e.file).unlink(missing_ok=True)
                writer.append(e)
                summary.replaced += e.source in current
                current[e.source] = e
                summary.entries += 1
            summary.refused.extend(f"{outdir.shown(folder)}: {r}" for r in refused)
    finally:
        writer.close()
    entries: list[Entry] = list(current.values())
    manifest.compact(dest, entries)
    summary.outputs = rebuild(dest, entries, opts, force=True)
    summary.seconds = time.perf_counter() - t0
    return summary
