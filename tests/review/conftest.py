from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPORTS
from xxgk.batch import BatchOptions, run_extract

GLUED = "000_5c96ff8a9c100224.oneline-sparse.txt"  # a real seed on one line: the rules reject it (42 cells glued)


@pytest.fixture
def extracted(tmp_path) -> tuple[Path, Path]:
    """(input folder, output folder) of a batch over a rejected report, an accepted one and a real PDF."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "damaged" / GLUED, src / GLUED)
    shutil.copy(REPORTS / "004_9f0ed78e15ea2a92.txt", src)
    shutil.copy(REPORTS / "hzq2023_working.pdf", src)  # flagged: its table 四 does not add up
    out = tmp_path / "out"
    run_extract([src], out, BatchOptions(jobs=1))
    return src, out
