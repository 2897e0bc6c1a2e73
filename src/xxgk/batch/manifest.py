"""The run manifest: what was done to which file, so that a rerun skips it.

``OUT/manifest.jsonl`` holds one JSON line per finished file, appended (one ``write`` of a complete line,
flushed) right after the file's per-report output was renamed into place. A line therefore never points at
an output that is not on disk; a run killed at any moment (even ``kill -9``) leaves at worst an incomplete
last line, which is ignored on reading. The last line of a source wins. At the end of a run the manifest is
rewritten (atomically) with one line per source, sorted.

An entry is keyed by source path *and* content hash (spec B): a changed file is redone; the same content
under two paths is extracted twice (the cross-report checks report the pair). An entry is also tied to the
xxgk version and to a ``config`` fingerprint (table settings, LLM model and prompts), so an upgrade or a
different setting redoes the work.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from xxgk.batch.outdir import UnsafeOutputError, open_append, read_regular, safe_file_name
from xxgk.core.errors import transient_codes
from xxgk.outputs.records import atomic_writer, dumps_line

MANIFEST = "manifest.jsonl"

# error codes that are about the run rather than the file's content: retried on the next run
TRANSIENT_ERRORS = transient_codes()


@dataclass(slots=True)
class Entry:
    source: str
    sha256: str | None
    file: str  # the per-report (or per-error) file name under reports/ (errors/)
    outcome: str  # "report" | "error"
    version: str
    config: str
    status: str | None = None  # accepted / flagged / rejected / failed (a report)
    template: str | None = None
    error: str | None = None  # error code (an error)
    reason: str = ""
    llm: str | None = None  # None: rules only; "pending": waits for the LLM step; "done"
    seconds: float = 0.0
    path_hex: str | None = None  # the file's path as bytes (hex), when they are not UTF-8 (``source`` escapes them)
    real: str | None = None  # the file's resolved real path: its identity with the content hash (spec B)
    human: str | None = None  # the fingerprint of the corrections applied to the report (corrections.jsonl)

    @property
    def path(self) -> str:
        return f"{'reports' if self.outcome == 'report' else 'errors'}/{self.file}"

    def line(self) -> str:
        return dumps_line({name: getattr(self, name) for name in _FIELD_ORDER}) + "\n"


_FIELD_ORDER = tuple(f.name for f in fields(Entry))
_FIELDS = set(_FIELD_ORDER)


def read_entries(path: Path, refused: list[str] | None = None) -> Iterator[Entry]:
    """Every well-formed line of a manifest, in order (a torn last line is skipped). A line whose file name
    is not one xxgk writes (``..``, separators, an absolute path: a tampered manifest) is never used to build
    a path: it is skipped, and described in ``refused`` when a list is given."""
    if not path.exists():
        return
    try:
        data = read_regular(path)
    except OSError as exc:
        raise UnsafeOutputError(f"{path}: cannot be read as a manifest ({exc.strerror or exc})") from None
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        try:
            d = json.loads(line)
            e = Entry(**{k: v for k, v in d.items() if k in _FIELDS})
        except (ValueError, TypeError):
            continue
        if not safe_file_name(e.file) or e.outcome not in ("report", "error") or not isinstance(e.source, str):
            if refused is not None:
                refused.append(f"line {n}: file {e.file!r} of {str(e.source)[:80]!r}")
            continue
        yield e


def load(out: Path, refused: list[str] | None = None) -> dict[str, Entry]:
    """The current entry of every source (the last line wins) whose output is on disk (a regular file)."""
    current: dict[str, Entry] = {}
    for e in read_entries(out / MANIFEST, refused):
        current[e.source] = e
    return {s: e for s, e in current.items() if (out / e.path).is_file() and not (out / e.path).is_symlink()}


class ManifestWriter:
    """Appends entries to ``OUT/manifest.jsonl``: one complete line per ``os.write`` on an O_APPEND file."""

    def __init__(self, out: Path) -> None:
        self.fd = open_append(out / MANIFEST)

    def append(self, entry: Entry) -> None:
        os.write(self.fd, entry.line().encode("utf-8"))

    def close(self) -> None:
        os.close(self.fd)


def compact(out: Path, entries: Iterable[Entry]) -> None:
    """Rewrite the manifest with one line per source, sorted (atomic)."""
    with atomic_writer(out / MANIFEST) as fh:
        for e in sorted(entries, key=lambda e: e.source):
            fh.write(e.line())
