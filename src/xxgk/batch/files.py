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

from xxgk.core.errors import InputError, MissingFileError, NotAFileError, UsageError
from xxgk.readers import page_images


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
    same_file: int = 0  # the same file reached again by another path (a link, or two arguments)


def discover(paths: Sequence[str | os.PathLike[str]], exclude: Path | None = None, *,
             filters: Filters = Filters(), skipped: Skipped | None = None,
             shard: tuple[int, int] | None = None) -> list[tuple[str, Path]]:
    """(source, path) for every input under the arguments, in a stable order. ``source`` is the argument
    as given joined with the path below it, with ``/`` separators (spec B, "source"). Hidden files and
    folders are skipped, and so is ``exclude`` (the output folder, when it sits inside an input); so are
    operating-system litter (``Thumbs.db``, ``~$`` lock files …) and files ``filters`` leave out, both
    counted in ``skipped``.

    A file is known by its real path (spec B): reached again by another path (``reports/`` and
    ``$PWD/reports/``, a link), it is one input, the first path found. ``shard`` keeps the inputs of shard
    i of n, split by the path *below* the argument (for a file argument, its name), so machines that mount a
    corpus at different places split it alike.

    Every input is accounted for: what is not a regular file — a dangling or looping symbolic link, a
    FIFO, a device, a folder that cannot be listed, a folder reached again through a link — is returned
    too, and ``input_problem`` says what it is (the batch reports it as an error line)."""
    out: list[tuple[str, Path]] = []
    seen: set[str] = set()
    real_seen: set[str] = set()
    excl = exclude.resolve() if exclude else None
    count = skipped if skipped is not None else Skipped()

    def add(src: str, path: Path, rel: str) -> None:
        if src in seen:
            return
        real = os.path.realpath(path)
        if real in real_seen and path.is_file():
            count.same_file += 1
            return
        seen.add(src)
        real_seen.add(real)
        if in_shard(rel, shard):
            out.append((src, path))

    for arg in paths:
        p = Path(arg)
        base = shown(arg).replace(os.sep, "/")
        if p.is_dir() and page_images(p) is None:
            for f in _walk(p, excl):
                rel = shown(f.relative_to(p)).replace(os.sep, "/")
                if LITTER.match(f.name):
                    count.litter += 1
                    continue
                if not filters.wants(rel):
                    count.filtered += 1
                    continue
                add(f"{base.rstrip('/')}/{rel}", f, rel)
        else:
            add(base, p, shown(p.name))
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
            if is_dir and page_images(path) is not None and not _under(path, exclude):
                found.append(path)  # a scanned report as one image per page: one input
                continue
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
            return NotAFileError.code, "a symbolic link whose target does not exist"
        return MissingFileError.code, "no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return NotAFileError.code, "a symbolic link loop"
        return InputError.code, f"cannot read: {exc.strerror or exc}"
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        if page_images(path) is not None:
            return None
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return InputError.code, f"a folder that cannot be listed: {exc.strerror or exc}"
        return NotAFileError.code, "a folder reached again through a symbolic link (a loop): read once"
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return NotAFileError.code, f"{kind}, not a file: not read"


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


def in_shard(key: str, shard: tuple[int, int] | None) -> bool:
    """Whether an input belongs to shard i of n: a stable hash of ``key`` — its path below the argument
    (``discover``) — the same on every machine and every Python, unlike ``hash()``, so that n machines given
    the same command line split a corpus into n disjoint parts that together cover it, wherever it is
    mounted."""
    if shard is None:
        return True
    i, n = shard
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % n == i - 1


def file_sha256(path: Path) -> str | None:
    """The content hash, or None when the file cannot be read (the worker reports why)."""
    h = hashlib.sha256()
    try:
        for part in (page_images(path) or []) if path.is_dir() else [path]:  # a page folder: its pages in order
            with part.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()
