"""Summaries of 五 (problems and measures) and section-一 figures: offline by rules, with the LLM via the fake
OpenAI-compatible server (real HTTP, the real openai client and instructor)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import xxgk
from tests.conftest import REPORTS
from xxgk.cli import app
from xxgk.pipeline.problems import RULES_MESSAGE, read_problems
from xxgk.summaries.run import run_summarize

runner = CliRunner()
SEED_004 = REPORTS / "004_9f0ed78e15ea2a92.txt"  # 五: one problem sentence, then 一是 / 二是 / 三是 measures


def test_offline_summary_splits_and_categorises_by_rules_and_says_so():
    report = xxgk.extract(SEED_004)
    s = read_problems(report)
    assert s.method == "rules" and s.message.startswith(RULES_MESSAGE)
    # one sentence of three comma-separated shortcomings, then 一是 / 二是 / 三是 measures
    assert len(s.problems) == 3 and len(s.measures) == 3
    assert [m.statement for m in s.measures] == [
        "进一步增强工作人员的信息公开意识,规范公开程序,提高信息公开工作水平",
        "强化管理,将政府信息公开工作和业务工作紧密结合,进一步充实信息公开内容,突出重点、难点问题",
        "进一步完善信息公开制度建设,建立健全信息公开工作长效机制,把政务信息公开工作作为长期的动态工作落到实处",
    ]  # the first clause, cut at a clause boundary when longer than 60 characters
    raw = SEED_004.read_text(encoding="utf-8")
    for item in (*s.problems, *s.measures):
        assert item.category is not None and item.category_method == "rules"  # categories by the phrase file
        assert raw[item.start : item.end] == item.evidence  # the evidence span points into the document


def test_summarize_cli_offline_writes_jsonl_and_csv(tmp_path):
    res = runner.invoke(app, ["summarize", str(SEED_004), str(REPORTS / "002_054d4c4d902c56e6.txt"),
                              "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "LLM off" in res.output and "rules: 2" in res.output
    lines = [json.loads(x) for x in (tmp_path / "summaries.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(len(s["problems"]), len(s["measures"]), s["method"]) for s in lines] == [(3, 3, "rules"), (3, 3, "rules")]
    rows = (tmp_path / "summaries.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 12
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "source,agency,year,name,label,value,quote,start,end,t3_check"]


def _section(path, n: str) -> str:
    return xxgk.extract(path).sections[n].text


def test_llm_summary_is_categorised_grounded_and_cross_checked(fake_llm, llm_settings, tmp_path):
    text5 = _section(SEED_004, "5")
    problem_quote = "我局公开政府信息的意识还需要进一步提高"
    measure_quote = "一是进一步增强工作人员的信息公开意识"
    # first answer: evidence that is not in the text -> re-asked with the failure
    fake_llm.reply({"problems": [{"category": "队伍与能力", "statement": "公开意识不强",
                                  "evidence": "我局从未公开任何信息"}],
                    "measures": [], "last_year_rectified": "not_stated"})
    fake_llm.reply({"problems": [{"category": "队伍与能力", "statement": "公开意识有待提高", "evidence": problem_quote}],
                    "measures": [{"category": "队伍与能力", "statement": "增强公开意识", "evidence": measure_quote}],
                    "last_year_rectified": "not_stated"})
    run = run_summarize([SEED_004], tmp_path, llm=llm_settings, figures=False)
    assert run.by_method == {"llm": 1}
    s = json.loads((tmp_path / "summaries.jsonl").read_text(encoding="utf-8"))
    assert [(p["category"], p["evidence"]) for p in s["problems"]] == [("队伍与能力", problem_quote)]
    raw = SEED_004.read_text(encoding="utf-8")
    assert raw[s["measures"][0]["start"] : s["measures"][0]["end"]] == measure_quote
    # the re-ask carried the precise failure
    assert len(fake_llm.requests) == 2
    reask = json.dumps(fake_llm.requests[1]["messages"], ensure_ascii=False)
    assert "not found: 我局从未公开任何信息" in reask
    assert problem_quote in text5
    assert s["last_year_rectified"] == "not_stated"
    assert run.usage.calls == 1 and run.usage.requests == 2 and run.usage.validation_retries == 1


V01 = REPORTS / "v01_nzjtj2019_html.html"  # 一 says 收到政府信息公开申请69件; table 三 本年新收 总计 69


def test_section1_figures_are_grounded_and_checked_against_table_3(fake_llm, llm_settings, tmp_path):
    fake_llm.reply({"problems": [], "measures": [], "last_year_rectified": "not_stated"})
    # a figure whose number is not in its quote -> re-asked; then the right one, and one more
    fake_llm.reply({"figures": [{"name": "收到政府信息公开申请数", "value": 96, "quote": "全年共收到政府信息公开申请69件"}]})
    fake_llm.reply({"figures": [{"name": "收到政府信息公开申请数", "value": 69, "quote": "全年共收到政府信息公开申请69件"},
                                {"name": "主动公开政府信息总数", "value": 1426, "quote": "主动公开政府信息1426条"}]})
    run = run_summarize([V01], tmp_path, llm=llm_settings)
    s = json.loads((tmp_path / "summaries.jsonl").read_text(encoding="utf-8"))
    assert s["figures_method"] == "llm"
    assert [(f["name"], f["value"]) for f in s["figures"]] == [("收到政府信息公开申请数", 69),
                                                               ("主动公开政府信息总数", 1426)]
    raw = V01.read_bytes().decode("utf-8")
    assert "applications_received=96" in json.dumps(fake_llm.requests[2]["messages"], ensure_ascii=False)
    assert s["checks"] == []  # 69 = table 三's 本年新收 总计
    rows = (tmp_path / "figures.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3 and ",69,全年共收到政府信息公开申请69件," in rows[1]
    assert run.usage.calls == 2 and run.usage.requests == 3
    assert "主动公开政府信息1426条" in raw


def test_a_figure_that_disagrees_with_table_3_is_a_warning():
    from xxgk.core.narrative import Figure, FigureName
    from xxgk.llm.summaries import cross_check

    report = xxgk.extract(V01)
    figs = [Figure(name=FigureName.applications_received, value=70, quote="收到申请70件")]
    (check,) = cross_check(report, figs)
    assert (check.id, check.outcome.value, check.code) == ("N1", "warning", "narrative_disagrees")
    assert check.message == "section 一 says 70 applications received, table 三 本年新收 总计 is 69"
    assert cross_check(report, [Figure(name=FigureName.applications_received, value=69, quote="x")]) == []


def test_llm_summary_that_never_grounds_falls_back_to_rules(fake_llm, llm_settings, tmp_path):
    bad = {"problems": [{"category": "其他", "statement": "x", "evidence": "文中没有这句话"}], "measures": [],
           "last_year_rectified": "no"}
    for _ in range(3):  # the first answer and two re-asks
        fake_llm.reply(bad)
    run = run_summarize([SEED_004], tmp_path, llm=llm_settings, figures=False)
    s = json.loads((tmp_path / "summaries.jsonl").read_text(encoding="utf-8"))
    assert s["method"] == "rules" and "LLM:" in s["message"]
    assert len(s["measures"]) == 3 and all(m["category_method"] == "rules" for m in s["measures"])
    assert run.usage.requests == 3

