"""Finding the input files, sharding them across machines, and hashing their content."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from ..exceptions import UsageError


def discover(paths: Sequence[str | os.PathLike[str]], exclude: Path | None = None) -> list[tuple[str, Path]]:
    """(source, path) for every file under the arguments, in a stable order. ``source`` is the argument
    as given joined with the path below it, with ``/`` separators (spec B, "source"). Hidden files and
    folders are skipped, and so is ``exclude`` (the output folder, when it sits inside an input)."""
    out: list[tuple[str, Path]] = []
    seen: set[str] = set()
    excl = exclude.resolve() if exclude else None
    for arg in paths:
        p = Path(arg)
        base = Path(arg).as_posix()
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if excl and excl in f.resolve().parents:
                    continue
                src = f"{base.rstrip('/')}/{f.relative_to(p).as_posix()}"
                if src not in seen:
                    seen.add(src)
                    out.append((src, f))
        elif base not in seen:
            seen.add(base)
            out.append((base, p))
    return out


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """``"2/8"`` -> (2, 8): the second of eight shards (1-based). None for no sharding."""
    if not text:
        return None
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise UsageError(f"--shard must be i/n with whole numbers (e.g. 1/4), not {text!r}") from None
    if not (n >= 1 and 1 <= i <= n):
        raise UsageError(f"--shard {text}: need 1 <= i <= n")
    return i, n


def in_shard(source: str, shard: tuple[int, int] | None) -> bool:
    """Whether ``source`` belongs to shard i of n: a stable hash of the source path (the same on every
    machine and every Python, unlike ``hash()``), so that n machines given the same command line split a
    corpus into n disjoint parts that together cover it."""
    if shard is None:
        return True
    i, n = shard
    return int.from_bytes(hashlib.blake2b(source.encode("utf-8"), digest_size=8).digest(), "big") % n == i - 1


def file_sha256(path: Path) -> str | None:
    """The content hash, or None when the file cannot be read (the worker reports why)."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()
