from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "eval" / "reports"
GOLD = ROOT / "eval" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = sorted(p.stem for p in REPORTS.glob("*.txt"))


@pytest.fixture
def seed_text():
    def read(stem: str) -> str:
        return (REPORTS / f"{stem}.txt").read_text(encoding="utf-8")

    return read


@pytest.fixture(autouse=True)
def _chdir_root(monkeypatch):
    """Sources in reports are relative to the project root, as the README's commands run them."""
    monkeypatch.chdir(ROOT)
