"""All errors xxgk raises, under one root.

The CLI maps them to a one-line message and an exit code in one place (``xxgk.cli.errors``). A parse
problem inside a readable report is *not* an exception: it is recorded in the report (status ``failed``
with a reason). Exceptions are for inputs that cannot be read as a report at all, and for misuse.
"""

from __future__ import annotations


class XxgkError(Exception):
    """Root of every xxgk error. ``code`` is a stable machine-readable name, ``reason`` one line."""

    code = "error"

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


class MissingFileError(InputError):
    """A path that names no file (``xxgk.extract("typo/path.txt")``)."""

    code = "missing"


class EmptyInputError(InputError):
    code = "empty"


class BinaryInputError(InputError):
    code = "binary"


class UnsupportedEncodingError(InputError):
    code = "encoding"


class UnsupportedFormatError(InputError):
    code = "format"


class InputTooLargeError(InputError):
    code = "too_large"


class EncryptedInputError(InputError):
    code = "encrypted"


class CorruptInputError(InputError):
    """A damaged or truncated PDF / DOCX / zip."""

    code = "corrupt"


class NotAReportError(InputError):
    """Readable text, but not a 政府信息公开工作年度报告 (no section headings, no tables)."""

    code = "not_a_report"


class Pre2019ReportError(InputError):
    """An annual report from before the national template (reports for 2008–2018): it has no 第二十条
    tables and no application table to read, so it is not refused as "not a report" but named for what it
    is (spec B)."""

    code = "pre_2019"


# --- misuse ----------------------------------------------------------------------------------------------


class UsageError(XxgkError):
    code = "usage"


class InvalidReportFileError(XxgkError):
    """A JSON file given to ``xxgk check`` is neither an extracted report nor a gold file."""

    code = "invalid_report_file"
