"""One file in, one output on disk and a manifest entry out. Runs in the worker processes of a batch
(and in-process with ``--jobs 1``). Never raises for a bad file: every outcome is an entry."""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from xxgk.api import extract_file
from xxgk.batch.files import input_problem, shown
from xxgk.batch.manifest import Entry
from xxgk.batch.rows import ROWS, write_report
from xxgk.core.errors import FileTimeoutError, InputError, InputTooLargeError, InternalError, XxgkError
from xxgk.core.model import Report
from xxgk.llm.run import needs_llm
from xxgk.outputs.records import dumps_line, write_text_atomic
from xxgk.pipeline.tables import DEFAULT_SETTINGS, TableSettings
from xxgk.readers.ocr.settings import OcrSettings
from xxgk.version import __version__


@dataclass(slots=True)
class FileResult:
    """What a caller learns about one file: a report (with its status) or an error code and reason."""

    source: str
    report: Report | None = None
    status: str | None = None
    template: str | None = None
    error_code: str | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.error_code is None


@dataclass(frozen=True, slots=True)
class Task:
    source: str
    path: str
    sha256: str | None
    file: str  # output file name
    out: str
    config: str
    settings: TableSettings = DEFAULT_SETTINGS
    timeout: float | None = 60.0
    llm_wanted: bool = False  # the LLM step is on: mark reports that need it as pending
    ocr: OcrSettings = field(default_factory=OcrSettings)


def worker_init(main_pid: int, memory_limit_mb: int | None) -> None:
    """Run in every pool worker as it starts: cap its address space (``RLIMIT_AS``), so that one hostile
    file can never take the machine (the file fails with ``too_large``, naming the limit), and exit as soon
    as the main process is gone (killed with ``-9``: nothing else tells a forkserver's children)."""
    global _MEMORY_LIMIT_MB
    if memory_limit_mb:
        try:
            import resource

            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            _MEMORY_LIMIT_MB = memory_limit_mb
        except (ImportError, ValueError, OSError):  # not on this system: no cap
            pass
    threading.Thread(target=_watch_main, args=(main_pid,), daemon=True, name="xxgk-watch-main").start()


_MEMORY_LIMIT_MB: int | None = None


def _watch_main(pid: int) -> None:
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(3)
        except PermissionError:  # the pid was reused by another user's process: the main one is gone
            os._exit(3)


class FileTimeout(BaseException):
    """Raised inside the extraction when the per-file time limit passes (a BaseException, so that no
    ``except Exception`` on the way swallows it)."""


def _alarm(signum, frame):  # pragma: no cover - trivial
    raise FileTimeout


@contextmanager
def time_limit(seconds: float | None):
    """A per-file limit with SIGALRM (main thread of a process only; elsewhere no limit). Pure-Python
    work is interrupted; a C call that never returns is not (the pool's crash handling is the backstop)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def more_time(seconds: float) -> None:
    """Push the running per-file limit back by ``seconds`` (OCR: each page read earns its allowance)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if left > 0:
        signal.setitimer(signal.ITIMER_REAL, left + seconds)


def extract_one(source: str, path: Path, settings: TableSettings = DEFAULT_SETTINGS,
                timeout: float | None = None, sha256: str | None = None,
                ocr: OcrSettings | None = None) -> FileResult:
    """Extract one file; never raises: an unreadable file, a timeout or an internal error becomes an error
    result with a one-line reason."""
    try:
        problem = input_problem(path)
        if problem is not None:
            return FileResult(source, error_code=problem[0], reason=problem[1])
        ocr = ocr or OcrSettings()
        if timeout and ocr.page_seconds:  # each page read by OCR adds its allowance to the file's limit
            allowance = ocr.page_seconds
            ocr = replace(ocr, on_page=lambda: more_time(allowance))
        with time_limit(timeout):
            report = extract_file(path, source=source, settings=settings, sha256=sha256, ocr=ocr)
        return FileResult(source, report=report, status=report.status.value, template=report.meta.template)
    except FileTimeout:
        return FileResult(source, error_code=FileTimeoutError.code,
                          reason=f"took longer than the {timeout:g} s limit (--timeout)")
    except XxgkError as exc:
        return FileResult(source, error_code=exc.code, reason=exc.reason)
    except OSError as exc:
        return FileResult(source, error_code=InputError.code, reason=f"cannot read: {exc.strerror or exc}")
    except MemoryError:
        limit = f"the {_MEMORY_LIMIT_MB} MB memory limit of a worker (--memory-limit)" if _MEMORY_LIMIT_MB \
            else "the memory available"
        return FileResult(source, error_code=InputTooLargeError.code, reason=f"reading it needs more than {limit}")
    except Exception as exc:  # a bug must not stop a batch of thousands of files
        return FileResult(source, error_code=InternalError.code, reason=f"internal error: {type(exc).__name__}: {exc}")


def run_task(task: Task) -> Entry:
    """Extract, write the per-report (or per-error) file atomically, remove a stale output of the other
    kind, and return the manifest entry."""
    t0 = time.perf_counter()
    out = Path(task.out)
    res = extract_one(task.source, Path(task.path), task.settings, task.timeout, sha256=task.sha256, ocr=task.ocr)
    entry = Entry(source=task.source, sha256=task.sha256, file=task.file, outcome="report", version=__version__,
                  config=task.config, path_hex=_path_hex(task.path),
                  real=shown(os.path.realpath(task.path)))
    if res.report is not None:
        report = res.report
        pending = task.llm_wanted and _needs_llm(report)
        write_report(out, task.file, report, rows=not pending)  # (rows computed here, in parallel)
        (out / "errors" / task.file).unlink(missing_ok=True)
        entry.sha256 = report.sha256 or task.sha256
        entry.status, entry.template, entry.reason = report.status.value, report.meta.template, report.reason
        entry.llm = "pending" if pending else None
    else:
        write_error(out, task.file, task.source, res.error_code or InternalError.code, res.reason)
        entry.outcome, entry.error, entry.reason = "error", res.error_code, res.reason
    entry.seconds = round(time.perf_counter() - t0, 4)
    return entry


def write_error(out: Path, file: str, source: str, code: str, reason: str) -> None:
    err = {"source": source, "error": code, "reason": reason, "xxgk_version": __version__}
    write_text_atomic(out / "errors" / file, dumps_line(err) + "\n")
    (out / "reports" / file).unlink(missing_ok=True)
    (out / ROWS / file).unlink(missing_ok=True)


def _path_hex(path: str) -> str | None:
    """The exact bytes of a path that is not UTF-8 (kept in the manifest), else None."""
    raw = os.fsencode(path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.hex()
    return None


def run_tasks(tasks: list[Task]) -> list[Entry]:
    """A chunk of tasks (one round trip to a worker process for several small files)."""
    return [run_task(t) for t in tasks]


def _needs_llm(report: Report) -> bool:

    return needs_llm(report)
