"""The CLI end to end: outputs, one-line errors, the batch going on, exit codes, merging reruns."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, REPORTS
from xxgk.cli import app

runner = CliRunner()


def test_extract_bundled_reports(tmp_path):
    res = runner.invoke(app, ["extract", "eval/reports", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "LLM off" in res.output
    assert len(list((tmp_path / "reports").glob("*.json"))) == 18
    lines = (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    statuses = {json.loads(x)["source"].rsplit("/", 1)[-1]: json.loads(x)["status"] for x in lines}
    assert statuses == {
        "000_5c96ff8a9c100224.txt": "accepted", "001_7b4b25fcf59f7d61.txt": "flagged",
        "002_054d4c4d902c56e6.txt": "flagged", "003_ba0fe670444f6260.txt": "accepted",
        "004_9f0ed78e15ea2a92.txt": "accepted", "hzq2023_working.pdf": "flagged",
        "hzq2024_working.pdf": "accepted", "szfgs2024.pdf": "accepted",
        "v01_nzjtj2019_html.html": "accepted", "v02_jfljd2022_docx.docx": "accepted",
        "v03_wangzhuang2020_plain.txt": "accepted", "v04_nzzrzy2023_pdf.pdf": "accepted",
        "v05_qxwjj2021_pipe.txt": "accepted", "v06_btqzf2023_tab.txt": "flagged",  # O1 off by one
        "v07_yjsthjt2022_html.html": "flagged",  # S3: 复议 total 10, parts 11
        "v08_qxrsj2020_docx.docx": "accepted",  # every total blank: warnings only
        "v09_qxxzf2024_gbk.html": "accepted", "v10_yjszf2021_pdf.pdf": "accepted",
    }
    checks = (tmp_path / "checks.csv").read_text(encoding="utf-8-sig").splitlines()
    # header; 000: 3 warnings; 001: 3; 002: 2 and H4; hzq2023: 2 failures; hzq2024: H4; v06: 2 failures; v07: 1 and
    # H4; v08: 26 blank totals
    assert len(checks) == 1 + 3 + 3 + 3 + 2 + 1 + 2 + 2 + 26
    assert sum(1 for line in checks if ",H4," in line) == 3
    assert (tmp_path / "errors.jsonl").read_text() == ""


@pytest.mark.slow
def test_bad_files_do_not_stop_the_batch_and_exit_1(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(REPORTS, inp / "good")
    shutil.copytree(FIXTURES / "bad", inp / "bad")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "xxgk", "extract", str(inp), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["error"] for e in errors} == {"empty", "binary", "corrupt", "encrypted", "not_a_report", "too_large"}
    # (GBK and UTF-16 texts are read: spec B; the scan that only says "scan" is read by OCR: not a report)
    assert len(errors) == 12
    assert all(e["source"].startswith(str(inp)) and e["reason"] for e in errors)
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    quarantine = [json.loads(x) for x in (out / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["status"] for r in reports} <= {"accepted", "flagged"}
    assert {r["status"] for r in quarantine} <= {"rejected", "failed"}
    reports += quarantine
    statuses = {r["source"].rsplit("/", 1)[-1]: r["status"] for r in reports}
    assert statuses["truncated_after_section3.txt"] == "failed"
    assert statuses["tables_as_images.txt"] == "failed"
    assert {e["source"].rsplit("/", 1)[-1]: e["error"] for e in errors}["scanned_no_text_layer.pdf"] == "not_a_report"
    bundled = len([p for p in REPORTS.iterdir() if p.is_file()])
    # the bundled reports + a text named .pdf + seed 001 in GBK and in UTF-16
    assert sum(s != "failed" for s in statuses.values()) == bundled + 3
    # every input is in exactly one of reports / errors
    assert len(reports) + len(errors) == len(list(inp.rglob("*.*")))
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_rerun_merges_by_source_and_never_deletes(tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", "eval/reports", "--out", str(out)]).exit_code == 0
    one = FIXTURES / "pdftext_szfgs2024_vertical_labels_2021.txt"
    assert runner.invoke(app, ["extract", str(one), "--out", str(out)]).exit_code == 0
    rows = (out / "reports.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 19
    # the same source again ("eval/reports" + "/003…" is the same path) replaces its result
    assert runner.invoke(app, ["extract", "eval/reports/003_ba0fe670444f6260.txt", "--out", str(out)]).exit_code == 0
    assert len((out / "reports.csv").read_text(encoding="utf-8-sig").splitlines()) == 1 + 19
    assert len(list((out / "reports").glob("*.json"))) == 19


def test_check_command_on_reports_and_gold(tmp_path):
    res = runner.invoke(app, ["check", "eval/gold/002_054d4c4d902c56e6.json"])
    assert res.exit_code == 1 and "flagged" in res.output and "O1 column natural_person: 4 ≠ 3" in res.output
    assert runner.invoke(app, ["check", "eval/gold/003_ba0fe670444f6260.json"]).exit_code == 0
    runner.invoke(app, ["extract", "eval/reports/001_7b4b25fcf59f7d61.txt", "--out", str(tmp_path)])
    path = next((tmp_path / "reports").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["t3"]["cells"]["total"]["total"]["value"] = 30  # a hand fix of the document's error
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, ["check", str(path), "--write", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["status"] == "accepted"
    assert json.loads(path.read_text(encoding="utf-8"))["status"] == "accepted"


def test_check_rejects_a_file_that_is_not_a_report(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    res = runner.invoke(app, ["check", str(bad)])
    assert res.exit_code != 0


def test_the_gate_quarantines_a_corrupted_parse_and_keeps_a_faithful_flagged_report(tmp_path):
    """A report whose parse is uncertain (cells run together, a split ambiguous) lands in quarantine with
    its reason; a faithfully extracted report that does not add up (seed 001) lands in the dataset."""
    out = tmp_path / "out"
    args = ["extract", "eval/reports/001_7b4b25fcf59f7d61.txt",
            str(FIXTURES / "runtogether_szfgs2024_digits_glued.txt"), "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    dataset = (out / "reports.csv").read_text(encoding="utf-8-sig")
    quarantine = (out / "quarantine.csv").read_text(encoding="utf-8-sig")
    assert "001_7b4b25fcf59f7d61.txt,flagged" in dataset and "runtogether" not in dataset
    import csv
    import io

    (row,) = list(csv.DictReader(io.StringIO(quarantine)))
    assert row["source"].endswith("runtogether_szfgs2024_digits_glued.txt")
    assert row["status"] == "rejected" and row["reason"].startswith("cells ambiguous or missing: t2.rules")
    # accepted-only: the flagged report is quarantined too
    assert runner.invoke(app, [*args, "--accept", "accepted-only"]).exit_code == 0
    assert "001_7b4b25fcf59f7d61" in (out / "quarantine.csv").read_text(encoding="utf-8-sig")
    assert runner.invoke(app, [*args, "--accept", "nonsense"]).exit_code == 2
