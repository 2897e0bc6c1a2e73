"""``OUT/corrections.jsonl``: people's decisions on cells, one JSON object per line (``xxgk.core.model.Correction``:
``source``, ``sha256``, ``key``, ``value``, ``state``, ``note``, ``at``, ``by``).

The file is only ever appended to, never rewritten: each correction is one ``write`` of a complete line on
a file opened ``O_APPEND`` (never through a symbolic link), under an exclusive lock, flushed to disk. A line
torn by a crash is left where it is; the next append starts on a new line, and reading skips it with a
warning, as it skips a line that is not a valid correction (a hand edit gone wrong). The last correction of
a key wins.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from xxgk.core.model import Correction

CORRECTIONS_FILE = "corrections.jsonl"


@dataclass(slots=True)
class Corrections:
    """The valid corrections of a file, by source in file order, and a warning per line skipped."""

    by_source: dict[str, list[Correction]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_source.values())

    def fingerprint(self, source: str) -> str | None:
        """A hash of a source's corrections (None without any): a report is re-corrected when it changes."""
        items = self.by_source.get(source)
        if not items:
            return None
        text = "\n".join(c.model_dump_json() for c in items)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def correction_line(correction: Correction) -> str:
    """One line: every field, the optional ones (``at``, ``by``) left out when null; ``value`` always there."""
    data = correction.model_dump(mode="json")
    return json.dumps({k: v for k, v in data.items() if v is not None or k == "value"}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def append_correction(out: Path, correction: Correction) -> None:
    """Append one correction to ``out/corrections.jsonl`` (see the module docstring)."""
    path = out / CORRECTIONS_FILE
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            import fcntl  # (POSIX only: elsewhere the single O_APPEND write is the only guard)

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:
            pass
        data = correction_line(correction).encode("utf-8")
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":  # a torn last line: start on a new one
            data = b"\n" + data
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)  # (closing releases the lock)


def read_corrections(out: Path) -> Corrections:
    """Every valid correction in ``out/corrections.jsonl`` (none when there is no such file)."""
    path = out / CORRECTIONS_FILE
    result = Corrections()
    if not path.is_file() or path.is_symlink():
        return result
    by_source: dict[str, list[Correction]] = defaultdict(list)
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                c = Correction.model_validate(json.loads(line))
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(x) for x in err["loc"])
                msg = str(err["msg"]).removeprefix("Value error, ")
                why = f"{where}: {msg}" if where else msg
                result.skipped.append(f"{CORRECTIONS_FILE} line {n} skipped: {why[:160]}")
                continue
            except ValueError:
                why = "not a JSON object (a torn or hand-edited line)"
                result.skipped.append(f"{CORRECTIONS_FILE} line {n} skipped: {why[:160]}")
                continue
            by_source[c.source].append(c)
    result.by_source = dict(by_source)
    return result
