"""The section-五 eval (xxgk.evaluation.narratives) on the LLM path, against the fake OpenAI-compatible server."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPORTS
from xxgk.evaluation.narratives import narrative_summary, run_narrative_eval

SEED_004 = REPORTS / "004_9f0ed78e15ea2a92.txt"


def test_narrative_eval_scores_the_llm_path_with_its_calls(fake_llm, llm_settings):
    """``xxgk eval --llm`` on section 五: the LLM's items are scored like the rules' (span overlap), with calls
    and tokens; an item it places on the wrong side shows in the confusion."""
    narratives = Path(__file__).resolve().parents[2] / "eval" / "narratives"
    fake_llm.reply({"problems": [{"category": "队伍与能力", "statement": "公开意识有待提高",
                                  "evidence": "我局公开政府信息的意识还需要进一步提高"},
                                 {"category": "平台建设", "statement": "形式待改进",
                                  "evidence": "一是进一步增强工作人员的信息公开意识,规范公开程序,提高信息公开工作水平"}],
                    "measures": [], "last_year_rectified": "not_stated"})
    s = narrative_summary(run_narrative_eval(narratives, [(SEED_004, "004_9f0ed78e15ea2a92")], llm_settings))
    assert s["methods"] == {"llm": 1} and s["llm"]["calls"] == 1 and s["llm"]["prompt_tokens"] > 0
    assert s["gold_items"] == 6 and s["returned"] == 2 and s["matched"] == 2
    assert s["kinds"] == {"measure→problem": 1, "problem→problem": 1} and s["measure_as_problem"] == 1
    assert s["category_accuracy"] == 0.5  # staff right; the measure is staff in the gold, not platform
