"""The LLM step inside a batch (``xxgk extract --llm``): only the reports with rows the rules could not locate go
to the fake OpenAI-compatible server, verified reports replace their rules-only files, usage is summed, reruns
are free, and an outage leaves the reports pending for the next run."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from tests.conftest import REPORTS
from tests.llm_answers import ACCEPTED_SEED, FLAGGED_SEED, gold, gold_value, reworded, rows_from
from xxgk.batch import BatchOptions, run_extract
from xxgk.cli import app
from xxgk.core.model import Report

runner = CliRunner()


def _input(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "glued_003.txt").write_text(reworded(ACCEPTED_SEED), encoding="utf-8")  # rows of 三 to locate
    shutil.copy(REPORTS / "004_9f0ed78e15ea2a92.txt", inp / "well_formed_004.txt")
    return inp


def _lines(out):
    return {json.loads(x)["source"].rsplit("/", 1)[-1]: json.loads(x)
            for name in ("reports.jsonl", "quarantine.jsonl")
            for x in (out / name).read_text(encoding="utf-8").splitlines()}


def test_batch_sends_only_the_unsettled_report_and_records_usage(fake_llm, llm_settings, tmp_path):
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(rows_from(g))
    inp, out = _input(tmp_path), tmp_path / "out"
    s = run_extract([inp], out, BatchOptions(llm=llm_settings))
    assert s.llm_reports == 1 and len(fake_llm.requests) == 1  # table 三 of the reworded report
    assert (s.llm_usage.calls, s.llm_usage.requests, s.llm_usage.prompt_tokens) == (1, 1, 120)
    lines = _lines(out)
    glued_r, plain = lines["glued_003.txt"], lines["well_formed_004.txt"]
    assert glued_r["status"] == "accepted" and glued_r["llm"]["status"] == "used"
    assert glued_r["t3"]["cells"]["granted"]["natural_person"]["producer"] in ("llm", "rules")
    assert any(c["producer"] == "llm" for row in glued_r["t3"]["cells"].values() for c in row.values())
    assert Report.model_validate(plain).llm.usage.calls == 0  # (a report the LLM never saw leaves the block out)
    entries = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["source"].rsplit("/", 1)[-1]: e["llm"] for e in entries} == {"glued_003.txt": "done",
                                                                          "well_formed_004.txt": None}
    # a rerun: nothing changed, nothing extracted, no request
    again = run_extract([inp], out, BatchOptions(llm=llm_settings))
    assert (again.done, again.skipped, again.llm_reports) == (0, 2, 0) and len(fake_llm.requests) == 1


def test_rules_only_run_then_llm_run_redoes_with_the_cache(fake_llm, llm_settings, tmp_path):
    inp, out = _input(tmp_path), tmp_path / "out"
    rules = run_extract([inp], out)
    assert rules.llm.startswith("LLM off") and fake_llm.requests == []
    assert _lines(out)["glued_003.txt"]["status"] != "accepted"  # the rules alone cannot place a row
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(rows_from(g))
    s = run_extract([inp], out, BatchOptions(llm=llm_settings))
    assert s.done == 2 and s.llm_reports == 1  # other settings: redone
    assert _lines(out)["glued_003.txt"]["status"] == "accepted"
    # a fresh output folder, same cache: answers come from the cache, zero HTTP requests
    s2 = run_extract([inp], tmp_path / "out2", BatchOptions(llm=llm_settings))
    assert s2.llm_usage.cached == 1 and s2.llm_usage.requests == 0 and len(fake_llm.requests) == 1


def test_cli_extract_llm_prints_usage_and_frozen_fails_without_requests(fake_llm, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_LLM_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("XXGK_LLM_MODEL", "fake-model")
    monkeypatch.setenv("XXGK_LLM_API_KEY", "test-key")
    cache = tmp_path / "cache"
    inp = _input(tmp_path)
    res = runner.invoke(app, ["extract", str(inp), "--out", str(tmp_path / "off"), "--jobs", "1"])
    assert res.exit_code == 0 and "LLM off" in res.output and fake_llm.requests == []  # a key alone: off
    res = runner.invoke(app, ["extract", str(inp), "--out", str(tmp_path / "frozen"), "--llm", "--frozen",
                              "--cache-dir", str(cache), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert fake_llm.requests == []  # frozen, empty cache: no request
    r = _lines(tmp_path / "frozen")["glued_003.txt"]
    assert r["status"] != "accepted" and {t["outcome"] for t in r["llm"]["tables"]} == {"frozen_miss"}
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(rows_from(g))
    res = runner.invoke(app, ["extract", str(inp), "--out", str(tmp_path / "on"), "--llm", "--cache-dir", str(cache),
                              "--llm-concurrency", "2", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "LLM fake-model" in res.output and "LLM: 1 report(s) sent; 1 call(s), 0 from cache, 1 HTTP request(s)" \
        in res.output


def _csv_rows(path):
    import csv

    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_outage_leaves_reports_pending_and_the_next_run_retries_without_force(fake_llm, llm_settings, tmp_path):
    inp, out = _input(tmp_path), tmp_path / "out"
    settings = llm_settings.model_copy(update={"transport_retries": 1})
    for _ in range(2):
        fake_llm.reply(status=503, message="overloaded")
    s = run_extract([inp], out, BatchOptions(llm=settings))
    assert s.llm_reports == 1 and len(fake_llm.requests) == 2
    r = _lines(out)["glued_003.txt"]
    assert {t["outcome"] for t in r["llm"]["tables"]} == {"unavailable"} and r["status"] != "accepted"
    entries = {json.loads(x)["source"].rsplit("/", 1)[-1]: json.loads(x)
               for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()}
    assert entries["glued_003.txt"]["llm"] == "pending"
    fake_llm.reply(rows_from(gold(ACCEPTED_SEED)))
    again = run_extract([inp], out, BatchOptions(llm=settings))  # no --force
    assert again.llm_reports == 1 and len(fake_llm.requests) == 3
    assert _lines(out)["glued_003.txt"]["status"] == "accepted"
    rows = {r["source"].rsplit("/", 1)[-1]: r for r in _csv_rows(out / "reports.csv")}
    assert rows["glued_003.txt"]["t3.granted.natural_person"] == "2"


def test_reports_csv_holds_no_value_a_wrong_answer_made(fake_llm, llm_settings, tmp_path):
    """All-zero answers for a report that adds up and for one that does not: reports.csv holds only values
    the documents print, and no printed number blank."""
    inp = tmp_path / "in"
    inp.mkdir()
    for stem in (ACCEPTED_SEED, FLAGGED_SEED):
        (inp / f"{stem}.reworded.txt").write_text(reworded(stem), encoding="utf-8")
    for _ in range(6):
        fake_llm.reply(lambda req: rows_from(gold(ACCEPTED_SEED), value=lambda k, v: 0)(req))
    out = tmp_path / "out"
    run_extract([inp], out, BatchOptions(llm=llm_settings))
    for name in ("reports.csv", "quarantine.csv"):
        for row in _csv_rows(out / name) if (out / name).exists() else []:
            g = gold(row["source"].rsplit("/", 1)[-1].split(".")[0])
            for key, text in row.items():
                if key.startswith(("t2.", "t3.")) and not key.endswith("_unit") and text != "":
                    assert int(text) == gold_value(g, key), (name, key, text)
                elif name == "reports.csv" and key.startswith("t3.") and text == "":
                    assert gold_value(g, key) is None, (key, "printed number left blank")
