from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import FakeLLM

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "eval" / "reports"
GOLD = ROOT / "eval" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = sorted(p.stem for p in REPORTS.glob("[0-9][0-9][0-9]_*.txt"))  # the five real seed reports
# every bundled document with its gold file (seeds, real PDFs, hand-labelled variants v01…)
GOLD_DOCS = sorted(p.name for p in REPORTS.iterdir() if (GOLD / f"{p.stem}.json").exists())


@pytest.fixture
def seed_text():
    def read(stem: str) -> str:
        return (REPORTS / f"{stem}.txt").read_text(encoding="utf-8")

    return read


@pytest.fixture(autouse=True)
def _chdir_root(monkeypatch):
    """Sources in reports are relative to the project root, as the README's commands run them."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def fake_llm():
    fake = FakeLLM()
    yield fake
    fake.close()


@pytest.fixture
def llm_settings(fake_llm, tmp_path):
    """Settings pointing at the fake server, with fast backoff and a private cache."""
    from xxgk.llm.settings import LLMSettings

    return LLMSettings(enabled=True, base_url=fake_llm.base_url, model="fake-model", api_key="test-key",
                       mode="TOOLS", cache_dir=tmp_path / "llm-cache", timeout=2.0, backoff_initial=0.01,
                       backoff_max=0.05, validation_retries=2, transport_retries=3)
