"""How a batch runs (``BatchOptions``) and what it did (``BatchSummary``): plain data shared by the run and
its passes (the adjacent-year pass, the LLM pass), which import this module, never the run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.batch.files import Filters
from xxgk.batch.worker import FileResult
from xxgk.core.llm_record import LLMUsage
from xxgk.llm.settings import LLMSettings
from xxgk.pipeline.tables import DEFAULT_SETTINGS, TableSettings
from xxgk.readers.ocr.settings import OcrSettings


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch runs. ``jobs``: worker processes (1 = in this process); ``timeout``: seconds per file;
    ``shard``: (i, n) to take only the i-th of n parts of the inputs; ``formats``: the aggregate files
    beyond jsonl and csv (xlsx, parquet, duckdb)."""

    jobs: int = 1
    accept: str = "flagged"
    force: bool = False
    timeout: float | None = 60.0
    shard: tuple[int, int] | None = None
    formats: tuple[str, ...] = ("jsonl", "csv")
    settings: TableSettings = DEFAULT_SETTINGS
    llm: LLMSettings | None = None
    chunk: int = 8  # files per round trip to a worker process
    out_anyway: bool = False  # write into a non-empty folder xxgk did not make (see ``outdir.claim``)
    filters: Filters = field(default_factory=Filters)  # --include / --exclude globs
    memory_limit_mb: int | None = 2048  # address space of each worker process (RLIMIT_AS); None: no limit
    ocr: OcrSettings = field(default_factory=OcrSettings)  # scanned pages and image files


@dataclass(slots=True)
class BatchSummary:
    out_dir: Path
    files: int = 0  # inputs considered (in this shard)
    litter: int = 0  # operating-system litter skipped (Thumbs.db, ~$ lock files …)
    filtered: int = 0  # files left out by --include / --exclude
    done: int = 0  # extracted in this run
    skipped: int = 0  # unchanged since a previous run
    by_status: Counter[str] = field(default_factory=Counter)  # every report in the output folder
    by_template: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[FileResult] = field(default_factory=list)  # inputs of this run that could not be read
    seconds: float = 0.0
    rebuilt: bool = False
    outputs: dict[str, int] = field(default_factory=dict)  # file name -> rows written
    llm: str = "LLM off (rules only)"
    llm_reports: int = 0  # reports sent to the LLM
    llm_usage: LLMUsage = field(default_factory=LLMUsage)
    reviewed: int = 0  # reports whose corrections (corrections.jsonl) were applied in this run
    warnings: list[str] = field(default_factory=list)  # corrections skipped or ignored, one line each
    by_other_year: int = 0  # reports whose ambiguous cells an adjacent year's report settled

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0
