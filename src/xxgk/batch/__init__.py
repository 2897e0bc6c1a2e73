"""Batch extraction: many files in, one dataset out — parallel, resumable, streaming (see ``run``)."""

from xxgk.batch.aggregate import ACCEPT_POLICIES
from xxgk.batch.files import discover, in_shard, parse_shard
from xxgk.batch.run import BatchOptions, BatchSummary, rebuild, run_extract
from xxgk.batch.worker import FileResult, extract_one

__all__ = [
    "ACCEPT_POLICIES",
    "BatchOptions",
    "BatchSummary",
    "FileResult",
    "discover",
    "extract_one",
    "in_shard",
    "parse_shard",
    "rebuild",
    "run_extract",
]
