"""The LLM step inside a batch (``xxgk extract --llm``): only the reports with unsettled tables go to the fake
OpenAI-compatible server, refined reports replace their rules-only files, usage is summed, reruns are free."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from xxgk.batch import BatchOptions, run_extract
from xxgk.cli import app

from .conftest import REPORTS
from .test_llm import ACCEPTED_SEED, answer_from, glued, gold

runner = CliRunner()


def _input(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "glued_003.txt").write_text(glued(ACCEPTED_SEED), encoding="utf-8")  # tables 二 and 三 unsettled
    shutil.copy(REPORTS / "004_9f0ed78e15ea2a92.txt", inp / "well_formed_004.txt")
    return inp


def _lines(out):
    return {json.loads(x)["source"].rsplit("/", 1)[-1]: json.loads(x)
            for name in ("reports.jsonl", "quarantine.jsonl")
            for x in (out / name).read_text(encoding="utf-8").splitlines()}


def test_batch_sends_only_the_unsettled_report_and_records_usage(fake_llm, llm_settings, tmp_path):
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(answer_from(g)).reply(answer_from(g))
    inp, out = _input(tmp_path), tmp_path / "out"
    s = run_extract([inp], out, BatchOptions(llm=llm_settings))
    assert s.llm_reports == 1 and len(fake_llm.requests) == 2  # tables 二 and 三 of the glued report
    assert (s.llm_usage.calls, s.llm_usage.requests, s.llm_usage.prompt_tokens) == (2, 2, 240)
    lines = _lines(out)
    glued_r, plain = lines["glued_003.txt"], lines["well_formed_004.txt"]
    assert glued_r["status"] == "accepted" and glued_r["llm"]["status"] == "used"
    assert glued_r["t3"]["cells"]["granted"]["natural_person"]["producer"] in ("llm", "rules")
    assert any(c["producer"] == "llm" for row in glued_r["t3"]["cells"].values() for c in row.values())
    assert plain["llm"]["usage"]["calls"] == 0
    entries = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["source"].rsplit("/", 1)[-1]: e["llm"] for e in entries} == {"glued_003.txt": "done",
                                                                          "well_formed_004.txt": None}
    # a rerun: nothing changed, nothing extracted, no request
    again = run_extract([inp], out, BatchOptions(llm=llm_settings))
    assert (again.done, again.skipped, again.llm_reports) == (0, 2, 0) and len(fake_llm.requests) == 2


def test_rules_only_run_then_llm_run_redoes_with_the_cache(fake_llm, llm_settings, tmp_path):
    inp, out = _input(tmp_path), tmp_path / "out"
    rules = run_extract([inp], out)
    assert rules.llm.startswith("LLM off") and fake_llm.requests == []
    assert _lines(out)["glued_003.txt"]["status"] != "accepted"  # the rules alone leave cells ambiguous
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(answer_from(g)).reply(answer_from(g))
    s = run_extract([inp], out, BatchOptions(llm=llm_settings))
    assert s.done == 2 and s.llm_reports == 1  # other settings: redone
    assert _lines(out)["glued_003.txt"]["status"] == "accepted"
    # a fresh output folder, same cache: answers come from the cache, zero HTTP requests
    s2 = run_extract([inp], tmp_path / "out2", BatchOptions(llm=llm_settings))
    assert s2.llm_usage.cached == 2 and s2.llm_usage.requests == 0 and len(fake_llm.requests) == 2


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
    fake_llm.reply(answer_from(g)).reply(answer_from(g))
    res = runner.invoke(app, ["extract", str(inp), "--out", str(tmp_path / "on"), "--llm", "--cache-dir", str(cache),
                              "--llm-concurrency", "2", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "LLM fake-model" in res.output and "LLM: 1 report(s) sent; 2 call(s), 0 from cache, 2 HTTP request(s)" \
        in res.output
