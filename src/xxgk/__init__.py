"""xxgk: Chinese government information-disclosure annual reports to checked, structured data.

    >>> import xxgk
    >>> report = xxgk.extract("eval/reports/001_7b4b25fcf59f7d61.txt")
    >>> report.status, report.value("t3.new_received.total")
    (<Status.flagged: 'flagged'>, 30)
"""

from __future__ import annotations

from xxgk.api import extract, extract_file, extract_text
from xxgk.core.errors import XxgkError
from xxgk.core.model import Report, Status
from xxgk.version import __version__

__all__ = ["Report", "Status", "XxgkError", "__version__", "extract", "extract_file", "extract_text"]
