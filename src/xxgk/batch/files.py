"""Finding the input files, sharding them across machines, and hashing their content."""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import UsageError


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text for sources and messages: bytes that are not UTF-8 (a file name from another system)
    shown as ``\\xff`` escapes, so the name can be written anywhere; the file itself is opened by its exact
    name (the ``Path`` discovery returns)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# operating-system litter (spec B): skipped and counted, never reported as an unreadable report
LITTER = re.compile(r"^(?:thumbs\.db|desktop\.ini|\.ds_store|~\$.*|\._.*|\.~lock\..*#)$", re.I)


@dataclass(frozen=True, slots=True)
class Filters:
    """Which files under a folder are inputs: ``include`` globs (any; empty = all) and ``exclude`` globs,
    matched against the path below the folder argument (``2023/*.pdf``) and against the file name."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def wants(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]

        def hit(globs: tuple[str, ...]) -> bool:
            return any(fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(name, g) for g in globs)

        return (not self.include or hit(self.include)) and not hit(self.exclude)


@dataclass(slots=True)
class Skipped:
    """Files found but not taken as inputs, counted for the run summary."""

    litter: int = 0
    filtered: int = 0


def discover(paths: Sequence[str | os.PathLike[str]], exclude: Path | None = None, *,
             filters: Filters = Filters(), skipped: Skipped | None = None) -> list[tuple[str, Path]]:
    """(source, path) for every input under the arguments, in a stable order. ``source`` is the argument
    as given joined with the path below it, with ``/`` separators (spec B, "source"). Hidden files and
    folders are skipped, and so is ``exclude`` (the output folder, when it sits inside an input); so are
    operating-system litter (``Thumbs.db``, ``~$`` lock files …) and files ``filters`` leave out, both
    counted in ``skipped``.

    Every input is accounted for: what is not a regular file — a dangling or looping symbolic link, a
    FIFO, a device, a folder that cannot be listed, a folder reached again through a link — is returned
    too, and ``input_problem`` says what it is (the batch reports it as an error line)."""
    out: list[tuple[str, Path]] = []
    seen: set[str] = set()
    excl = exclude.resolve() if exclude else None
    for arg in paths:
        p = Path(arg)
        base = shown(arg).replace(os.sep, "/")
        if p.is_dir():
            for f in _walk(p, excl):
                rel = shown(f.relative_to(p)).replace(os.sep, "/")
                if LITTER.match(f.name):
                    if skipped is not None:
                        skipped.litter += 1
                    continue
                if not filters.wants(rel):
                    if skipped is not None:
                        skipped.filtered += 1
                    continue
                src = f"{base.rstrip('/')}/{rel}"
                if src not in seen:
                    seen.add(src)
                    out.append((src, f))
        elif base not in seen:
            seen.add(base)
            out.append((base, p))
    return out


def _walk(root: Path, exclude: Path | None) -> list[Path]:
    """Files under ``root`` (links to folders followed, each real folder once) and the inputs that are not
    files, sorted by their path below ``root``."""
    found: list[Path] = []
    st = root.stat()
    visited = {(st.st_dev, st.st_ino)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            found.append(folder)  # cannot be listed: reported, not skipped
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            try:
                is_dir = e.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                try:
                    st = path.stat()
                except OSError:
                    found.append(path)
                    continue
                if _under(path, exclude):
                    continue
                if (st.st_dev, st.st_ino) in visited:
                    found.append(path)  # a loop, or a second way to the same folder
                    continue
                visited.add((st.st_dev, st.st_ino))
                stack.append(path)
                continue
            if _under(path, exclude):
                continue
            found.append(path)
    return sorted(found, key=lambda f: os.fsencode(f.relative_to(root)))


def _under(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    real = Path(os.path.realpath(path))  # (never raises, also on a link loop)
    return real == folder or folder in real.parents


def input_problem(path: Path) -> tuple[str, str] | None:
    """Why an input is not a regular file that can be read, as (error code, one-line reason); None when it is."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "not_a_file", "a symbolic link whose target does not exist"
        return "missing", "no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "not_a_file", "a symbolic link loop"
        return "unreadable", f"cannot read: {exc.strerror or exc}"
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return "unreadable", f"a folder that cannot be listed: {exc.strerror or exc}"
        return "not_a_file", "a folder reached again through a symbolic link (a loop): read once"
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return "not_a_file", f"{kind}, not a file: not read"


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
