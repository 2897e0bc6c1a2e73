"""All errors xxgk raises, under one root (like httpx's ``_exceptions.py``)::

    XxgkError
    ├── InputError                 a file that cannot be read as a report (a line in errors.jsonl)
    │   ├── MissingFileError       missing (transient: retried on the next run)
    │   ├── NotAFileError          not_a_file: link loops, dangling links, FIFOs, devices
    │   ├── EmptyInputError        empty
    │   ├── BinaryInputError       binary
    │   ├── UnsupportedEncodingError  encoding
    │   ├── UnsupportedFormatError format
    │   ├── InputTooLargeError     too_large (also a worker's memory limit)
    │   ├── EncryptedInputError    encrypted
    │   ├── CorruptInputError      corrupt
    │   ├── NotAReportError        not_a_report
    │   └── Pre2019ReportError     pre_2019
    ├── RunError                   the run failed on a file, not the file itself (all transient)
    │   ├── FileTimeoutError       timeout
    │   ├── WorkerCrashedError     crashed
    │   └── InternalError          internal (a bug)
    ├── LLMError                   the LLM step got no answer (``transient``: the endpoint failed)
    │   └── FrozenCacheMiss        llm_frozen_miss
    └── UsageError                 misuse: bad options, a folder that is not xxgk's (exit 2)
        ├── UnsafeOutputError      unsafe_output (``xxgk.batch.outdir``)
        └── InvalidReportFileError invalid_report_file

Every class has a stable ``code`` (the manifest, errors.jsonl and the batch page use it), ``transient``
(whether a rerun should try the file again) and a ``label`` (Chinese, English) for people. The CLI maps them
to a one-line message and an exit code in one place (``xxgk.cli.errors``). A parse problem inside a readable
report is *not* an exception: it is recorded in the report (status ``failed`` with a reason).
"""

from __future__ import annotations

from typing import Any


class XxgkError(Exception):
    """Root of every xxgk error. ``code`` is a stable machine-readable name, ``reason`` one line."""

    code = "error"
    transient = False  # whether the next run should try again (the cause may be gone)
    label = ("错误", "error")

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason


# --- inputs that cannot be read (a line in errors.jsonl, no report row) ---------------------------------


class InputError(XxgkError):
    """The file cannot be read as a report."""

    code = "unreadable"
    transient = True  # (an OSError while reading: permissions, a network mount)
    label = ("无法读取", "unreadable")


class MissingFileError(InputError):
    """A path that names no file (``xxgk.extract("typo/path.txt")``)."""

    code = "missing"
    transient = True
    label = ("文件不存在", "no such file")


class NotAFileError(InputError):
    """A link loop, a dangling link, a FIFO, a device, a folder reached twice (``batch.files``)."""

    code = "not_a_file"
    transient = False
    label = ("不是普通文件", "not a regular file")


class EmptyInputError(InputError):
    code = "empty"
    transient = False
    label = ("空文件", "empty file")


class BinaryInputError(InputError):
    code = "binary"
    transient = False
    label = ("二进制文件", "binary, not text")


class UnsupportedEncodingError(InputError):
    code = "encoding"
    transient = False
    label = ("无法识别编码", "unknown text encoding")


class UnsupportedFormatError(InputError):
    code = "format"
    transient = False
    label = ("不支持的格式", "unsupported format")


class InputTooLargeError(InputError):
    code = "too_large"
    transient = False
    label = ("文件过大", "too large")


class EncryptedInputError(InputError):
    code = "encrypted"
    transient = False
    label = ("已加密", "encrypted")


class CorruptInputError(InputError):
    """A damaged or truncated PDF / DOCX / zip."""

    code = "corrupt"
    transient = False
    label = ("文件损坏", "corrupt or truncated")


class NotAReportError(InputError):
    """Readable text, but not a 政府信息公开工作年度报告 (no section headings, no tables)."""

    code = "not_a_report"
    transient = False
    label = ("不是年度报告", "not an annual report")


class Pre2019ReportError(InputError):
    """An annual report from before the national template (reports for 2008–2018): it has no 第二十条
    tables and no application table to read, so it is not refused as "not a report" but named for what it
    is (spec B)."""

    code = "pre_2019"
    transient = False
    label = ("2019年模板之前的报告", "report from before the 2019 template")


# --- the run failed on a file (the file may be fine): retried on the next run ----------------------------


class RunError(XxgkError):
    code = "run"
    transient = True


class FileTimeoutError(RunError):
    code = "timeout"
    label = ("处理超时", "time limit exceeded")


class WorkerCrashedError(RunError):
    code = "crashed"
    label = ("处理进程崩溃", "worker crashed")


class InternalError(RunError):
    code = "internal"
    label = ("内部错误", "internal error")


# --- the LLM step --------------------------------------------------------------------------------------


class LLMError(XxgkError):
    """The LLM step could not get an answer (transport failure after retries, not configured, …).
    ``usage`` holds what the failed call cost (requests, retries, tokens); ``transient`` is set when the
    endpoint failed (timeouts, 429, 5xx, connection)."""

    code = "llm"
    label = ("大模型调用失败", "LLM step failed")
    usage: Any = None


class FrozenCacheMiss(LLMError):
    code = "llm_frozen_miss"
    label = ("缓存中没有答案", "no cached answer (--frozen)")


# --- misuse ----------------------------------------------------------------------------------------------


class UsageError(XxgkError):
    code = "usage"
    label = ("用法错误", "usage")


class UnsafeOutputError(UsageError):
    """The output folder is not xxgk's, or is laid out so that writing there could reach other files."""

    code = "unsafe_output"


class InvalidReportFileError(XxgkError):
    """A JSON file given to ``xxgk check`` is neither an extracted report nor a gold file."""

    code = "invalid_report_file"


def error_classes() -> list[type[XxgkError]]:
    """Every class of the tree, root first."""
    out: list[type[XxgkError]] = []
    stack: list[type[XxgkError]] = [XxgkError]
    while stack:
        cls = stack.pop(0)
        out.append(cls)
        stack.extend(cls.__subclasses__())
    return out


def transient_codes() -> frozenset[str]:
    """The codes of errors a rerun tries again."""
    return frozenset(c.code for c in error_classes() if c.transient)


def label_of_code(code: str) -> tuple[str, str]:
    """(Chinese, English) label of an error code; ("", "") for a code the tree does not know."""
    for c in error_classes():
        if c.code == code:
            return c.label
    return ("", "")
