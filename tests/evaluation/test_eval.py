"""The eval harness scores every document against its gold file, with breakdowns."""

from __future__ import annotations

import json

from xxgk.core.model import Cell, CellState
from xxgk.evaluation.score import run_eval, write_reports


def test_eval_on_the_seed_gold_set(tmp_path):
    result = run_eval("eval/gold", ["eval/reports", "tests/fixtures/formats"])
    summary = write_reports(result, tmp_path)
    assert summary["overall"]["accuracy"] == 1.0 and summary["nonzero_accuracy"] == 1.0
    assert set(summary["by_format"]) >= {"txt", "html", "docx", "doc", "pdf"}
    assert summary["by_table"]["t3"]["fields"] > 0
    # the 5 seeds, the 3 real PDFs and the 10 hand-labelled variants, plus 38 renditions of them in
    # tests/fixtures/formats (three in the real 2021 Word template, filled from the gold)
    assert summary["documents"] == 56 and summary["status"] == {"accepted": 35, "flagged": 21}
    assert set(summary["by_template"]) == {"2019", "2021"}
    saved = json.loads((tmp_path / "eval-report.json").read_text(encoding="utf-8"))
    assert saved["overall"] == summary["overall"]
    assert "Overall field accuracy" in (tmp_path / "eval-report.md").read_text(encoding="utf-8")
    page = (tmp_path / "eval-report.html").read_text(encoding="utf-8")
    # every field of every document is a green cell, keys of the other template are empty
    assert page.count('class="ok"') == summary["overall"]["fields"] == 11314 and 'class="bad"' not in page


def test_a_wrong_value_is_counted(monkeypatch):
    import xxgk.evaluation.score as ev

    real = ev.extract_file

    def corrupt(path, **kw):
        r = real(path, **kw)
        r.t3.cells["granted"]["natural_person"] = Cell(value=99, state=CellState.number)
        r.t3.cells["partial"]["total"] = Cell(state=CellState.blank)
        return r

    monkeypatch.setattr(ev, "extract_file", corrupt)
    result = run_eval("eval/gold", ["eval/reports"])
    doc = next(d for d in result.docs if d.document.endswith("001_7b4b25fcf59f7d61.txt"))
    assert doc.outcomes["wrong"] == 1 and doc.outcomes["missed"] == 1
    assert {"t3.granted.natural_person", "t3.partial.total"} <= set(doc.wrong_keys)
    assert result.summary()["worst_fields"][0][1] == 18  # every gold document has both keys wrong


def test_compare_two_runs_field_by_field(tmp_path):
    from xxgk.evaluation.score import compare_runs

    new = write_reports(run_eval("eval/gold", ["eval/reports"]), tmp_path)
    old = json.loads(json.dumps(new))
    old["per_document"][0]["wrong_keys"] = ["t3.granted.total"]
    new_worse = json.loads(json.dumps(new))
    new_worse["per_document"][1]["wrong_keys"] = ["t4.review.total"]
    diff = compare_runs(old, new_worse)
    assert diff["fixed"] == [(old["per_document"][0]["document"], "t3.granted.total")]
    assert diff["broke"] == [(new["per_document"][1]["document"], "t4.review.total")]


def test_label_draft_is_unverified_and_points_at_doubtful_cells(tmp_path):
    from typer.testing import CliRunner

    from xxgk.cli import app
    from xxgk.evaluation.gold import flatten

    out = tmp_path / "draft.json"
    res = CliRunner().invoke(app, ["label", "eval/reports/001_7b4b25fcf59f7d61.txt", "--out", str(out)])
    assert res.exit_code == 0, res.output
    draft = json.loads(out.read_text(encoding="utf-8"))
    assert draft["verified"] is False and draft["expect"]["status"] == "flagged"
    assert flatten(draft) == flatten(json.loads(open("eval/gold/001_7b4b25fcf59f7d61.json", encoding="utf-8").read()))
    assert "identity S1 t3.total: 0 ≠ 30" in res.output


def test_a_drop_below_the_baseline_is_reported():
    from xxgk.evaluation.score import below_baseline

    summary = run_eval("eval/gold", ["eval/reports"]).summary()
    assert below_baseline(summary, {"overall": 1.0, "by_table": {"t3": 1.0}}) == []
    summary["by_table"]["t3"]["accuracy"] = 0.99
    assert below_baseline(summary, {"overall": 1.0, "by_table": {"t3": 1.0}}) == ["t3: 0.9900 < 1.0000"]


def test_eval_with_the_llm_records_calls_and_tokens_and_reruns_frozen(fake_llm, llm_settings, tmp_path):
    from tests.llm_answers import ACCEPTED_SEED, gold, reworded, rows_from

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / f"{ACCEPTED_SEED}.reworded.txt").write_text(reworded(ACCEPTED_SEED), encoding="utf-8")
    rules = run_eval("eval/gold", [docs]).summary()
    assert rules["overall"]["accuracy"] < 1.0 and rules["llm"]["model"] == "off"  # a row the rules cannot place
    fake_llm.reply(rows_from(gold(ACCEPTED_SEED)))
    summary = write_reports(run_eval("eval/gold", [docs], llm=llm_settings), tmp_path / "out")
    assert {t: v["accuracy"] for t, v in summary["by_table"].items() if t != "meta"} == {"t2": 1.0, "t3": 1.0, "t4": 1.0}
    assert summary["status"] == {"accepted": 1}
    (doc,) = summary["per_document"]
    assert (doc["llm_status"], doc["llm_calls"], doc["llm_requests"], doc["llm_tokens"]) == ("used", 1, 1, 160)
    assert summary["llm"]["model"].startswith("fake-model") and summary["llm"]["prompts"]["table"].startswith("2@")
    assert "| LLM calls |" in (tmp_path / "out" / "eval-report.md").read_text(encoding="utf-8")
    # frozen: the same figures from the cache, no HTTP request
    frozen = run_eval("eval/gold", [docs], llm=llm_settings.model_copy(update={"frozen": True})).summary()
    assert frozen["overall"] == summary["overall"] and frozen["llm"]["cached"] == 1 and len(fake_llm.requests) == 1
