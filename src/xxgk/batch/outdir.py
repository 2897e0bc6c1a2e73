"""The output folder is xxgk's alone, and nothing read from it is trusted as a path.

- **Marker.** ``OUT/.xxgk-output`` says a folder is an xxgk output. A folder that does not exist or is empty
  is claimed (the marker written); a folder with the marker, or an output of an earlier xxgk (a regular
  ``manifest.jsonl`` and nothing that is not xxgk's), is used; any other non-empty folder is refused —
  the user's files are never overwritten or swept — unless the caller says so (``adopt``).
- **No links inside.** The sub-folders xxgk writes into must be real folders, not symbolic links; files
  appended to in place are opened with ``O_NOFOLLOW``; files replaced atomically are renamed over, which
  replaces a link instead of following it.
- **Names from the manifest are checked.** A per-report file name read back from a manifest (ours, or a
  shard's in ``xxgk merge``) must be one path component of the form xxgk writes (``<name>.<hash>.json``);
  anything else (``..``, separators, absolute paths, NUL) is refused before any path is built from it.
- **Temp sweep.** Only names of the form xxgk's temporary files take (``.<name>.<pid>.<n>.xxgk-tmp…``) are
  removed after a killed run, and only inside an xxgk output.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from xxgk.batch.files import shown
from xxgk.core.errors import UnsafeOutputError

MARKER = ".xxgk-output"
SUBFOLDERS = ("reports", "errors", "rows")
APPENDED = ("manifest.jsonl", "reports.jsonl", "quarantine.jsonl", "corrections.jsonl")  # files appended to in place
# what xxgk writes at the top of an output folder (a folder holding only these is an earlier xxgk output)
_OURS = re.compile(
    r"^(?:manifest\.jsonl|corrections\.jsonl|run-state\.json|reports\.(?:jsonl|csv|xlsx|parquet)|quarantine\.(?:jsonl|csv)|"
    r"checks\.csv|cross_checks\.csv|problems\.csv|errors\.jsonl|xxgk\.duckdb|report\.html|batch-report\.html|codebook\.csv|"
    r"reports|errors|rows|gold|\.xxgk-output|\..+\.\d+\.\d+\.xxgk-tmp.*)$"
)
# a per-report or per-error file name as ``export.report_filename`` makes it
_REPORT_FILE = re.compile(r"^(?!\.)[^/\\\x00]{1,120}\.[0-9a-f]{10}\.json$")
_TEMP = re.compile(r"^\..+\.\d+\.\d+\.xxgk-tmp.*$")


def claim(out: Path, *, adopt: bool = False) -> None:
    """Make ``out`` an xxgk output folder, or refuse (``UnsafeOutputError``, one line)."""
    if out.is_symlink() and not out.exists():
        raise UnsafeOutputError(f"{shown(out)}: a symbolic link to nowhere; give a real folder as --out")
    if out.exists() and not out.is_dir():
        raise UnsafeOutputError(f"{shown(out)}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    if not marker.is_file() or marker.is_symlink():
        names = [p.name for p in out.iterdir()]
        earlier = (out / "manifest.jsonl").is_file() and not (out / "manifest.jsonl").is_symlink() \
            and all(_OURS.match(n) for n in names)
        if names and not earlier and not adopt:
            raise UnsafeOutputError(
                f"{shown(out)}: a folder xxgk did not make, and not empty ({len(names)} entries, e.g. "
                f"{shown(Path(sorted(names)[0]))}); choose a new or empty folder, or pass --out-anyway to "
                "write into it (xxgk's own file names would be replaced)")
        if marker.is_symlink():
            marker.unlink()
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("This folder is an xxgk output: xxgk may replace the files it writes here.\n")
    for name in APPENDED:
        if (out / name).is_symlink():
            raise UnsafeOutputError(f"{shown(out / name)}: is a symbolic link; xxgk never writes through one")
    for sub in SUBFOLDERS:
        p = out / sub
        if p.is_symlink():
            raise UnsafeOutputError(f"{shown(p)}: is a symbolic link; xxgk writes only into real folders")
        if p.exists() and not p.is_dir():
            raise UnsafeOutputError(f"{shown(p)}: exists and is not a folder")
        if sub != "rows":
            p.mkdir(exist_ok=True)


def is_output(folder: Path) -> bool:
    """Whether ``folder`` carries xxgk's marker (or is an earlier xxgk output with a manifest)."""
    return (folder / MARKER).is_file() or (folder / "manifest.jsonl").is_file()


def safe_file_name(name: object) -> bool:
    """A per-report file name of the form xxgk writes: one path component, no ``..``, no separators."""
    return isinstance(name, str) and bool(_REPORT_FILE.match(name)) and name not in (".", "..")


def inside(folder: Path, name: str) -> Path:
    """``folder / name`` after checking ``name`` is a safe file name and the result stays in ``folder``."""
    if not safe_file_name(name):
        raise UnsafeOutputError(f"{name!r}: not a file name xxgk writes")
    path = folder / name
    if path.parent.resolve() != folder.resolve():
        raise UnsafeOutputError(f"{name!r}: outside {shown(folder)}")
    return path


def open_append(path: Path) -> int:
    """A file descriptor to append to ``path``, never through a symbolic link."""
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, never through a symbolic link (``OSError`` otherwise)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path.name}: not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def clear_temp_files(out: Path) -> None:
    """Temporary files a killed run left behind — only names of xxgk's form, only in an xxgk output."""
    if not is_output(out):
        return
    for folder in (out, *(out / s for s in SUBFOLDERS)):
        if folder.is_symlink() or not folder.is_dir():
            continue
        for p in folder.iterdir():
            if _TEMP.match(p.name) and (p.is_file() or p.is_symlink()):
                p.unlink(missing_ok=True)
