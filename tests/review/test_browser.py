"""The review in a real browser (headless Chromium driven by Playwright, the server started by the real
command): open the queue, open a rejected report, pick the readings the document prints, run the extract
again, and see the report move into the dataset."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import GOLD, ROOT
from xxgk.evaluation.gold import flatten, load_gold

pytestmark = pytest.mark.slow

DOC = "002_hebei_gxt_2022.txt"  # a real report as a crawler saved it: three cells of table 二 glued
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _xxgk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xxgk", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture
def server(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(ROOT / "eval" / "corpus" / DOC, tmp_path / "in" / DOC)
    first = _xxgk("extract", "in", "--out", "out", "-q", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "review", "out", "--port", str(port), "--no-browser"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://localhost:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read())
            time.sleep(0.1)
    yield tmp_path, url
    proc.terminate()
    proc.wait(timeout=10)


def _dataset(folder: Path, name: str) -> dict[str, dict[str, str]]:
    with (folder / "out" / name).open(encoding="utf-8-sig", newline="") as fh:
        return {Path(r["source"]).name: r for r in csv.DictReader(fh)}


def test_floor_get_lists_the_rejected_report(server):
    _, url = server
    page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    assert DOC in page and 'class="badge rejected"' in page


def test_pick_the_printed_readings_rerun_and_the_report_moves(server):
    if not Path(CHROMIUM).exists():
        if os.environ.get("XXGK_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is not installed but XXGK_REQUIRE_CHROMIUM=1")
        pytest.skip("chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    folder, url = server
    assert DOC in _dataset(folder, "quarantine.csv")
    gold = flatten(load_gold(GOLD / "002_hebei_gxt_2022.json"))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            page.click(f"a.open:has-text('{DOC}')")
            page.wait_for_selector("#status")
            assert page.inner_text("#status") == "rejected"
            ambiguous = page.eval_on_selector_all("td.state-ambiguous", "els => els.map(e => e.dataset.key)")
            assert ambiguous == ["t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force"]
            for key in ambiguous:
                page.click(f'[id="cell-{key}"]')
                assert page.inner_text("#panel-title").startswith(key)
                page.fill("#note", "read in the document")
                page.click(f"#candidates button.candidate:text-is('{gold[key]}')")
                page.wait_for_function(f"document.getElementById('message').textContent.startsWith('saved {key}')")
            assert page.inner_text("#status") == "accepted"  # as the next extract will make it
            assert errors == []
        finally:
            browser.close()
    again = _xxgk("extract", "in", "--out", "out", cwd=folder)
    assert again.returncode == 0 and "1 report(s) corrected by people's decisions" in again.stdout, again.stdout
    row = _dataset(folder, "reports.csv")[DOC]
    assert row["status"] == "accepted" and DOC not in _dataset(folder, "quarantine.csv")
    assert [row[k] for k in ("t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force")] \
        == ["5", "4", "26"]
    queue = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    assert DOC not in queue  # settled: off the queue
    assert DOC in urllib.request.urlopen(url + "?reason=reviewed", timeout=10).read().decode("utf-8")
