"""Logging of a command-line run: xxgk's own messages at WARNING, third-party libraries (instructor,
openai, httpx) silent unless asked for — their per-attempt lines ("API call failed on attempt 1") repeat
what xxgk already says once per table."""

from __future__ import annotations

import logging

from xxgk.core.errors import UsageError

QUIET = ("instructor", "openai", "httpx", "httpcore", "pdfminer", "charset_normalizer")


def configure(level: str | None) -> None:
    """``level`` None: WARNING for xxgk, third-party loggers off. A level: everything at that level."""
    if level is not None and level.upper() not in logging.getLevelNamesMapping():

        raise UsageError(f"--log-level must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    logging.basicConfig(level=(level or "WARNING").upper(), format="%(levelname)s %(name)s: %(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel((level or "CRITICAL").upper() if level else logging.CRITICAL + 1)
