"""The LLM step against a fake OpenAI-compatible server on 127.0.0.1: real HTTP, the real openai client and
instructor. Documents are seeds whose table rows were glued together (as crawled web text is), so the rules
leave cells ambiguous and route those tables — and only those — to the LLM."""

from __future__ import annotations

import copy
import json
import re

import pytest

import xxgk
from tests.conftest import GOLD, REPORTS
from tests.layouts import run_together, to_pdf_rows
from xxgk.llm.client import LLMClient
from xxgk.llm.prompts import load_prompt
from xxgk.llm.run import run_sync
from xxgk.llm.schema import TableAnswer
from xxgk.llm.settings import LLMSettings, load_settings

ACCEPTED_SEED = "003_ba0fe670444f6260"  # the document adds up
INCONSISTENT_SEED = "002_054d4c4d902c56e6"  # the document itself fails O1 (natural_person, total)


def glued(stem: str) -> str:
    return run_together(to_pdf_rows((REPORTS / f"{stem}.txt").read_text(encoding="utf-8")))


def gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def requested_keys(request: dict) -> list[str]:
    text = "\n".join(str(m.get("content") or "") for m in request["messages"] if m["role"] == "user")
    return re.findall(r"^(t[234]\.\w+\.\w+):", text, flags=re.M)


def answer_from(g: dict, **override):
    """A reply function: the gold values of exactly the keys the request asks for."""

    def answer(request: dict) -> dict:
        cells = []
        for key in requested_keys(request):
            t, row, col = key.split(".")
            cells.append({"key": key, "value": override.get(key, g[t].get(row, {}).get(col))})
        return {"cells": cells}

    return answer


def gold_value(g: dict, key: str):
    t, row, col = key.split(".")
    return g[t][row][col]


# --- routing -------------------------------------------------------------------------------------------


def test_well_formed_reports_make_zero_llm_calls(fake_llm, llm_settings):
    for path in sorted(REPORTS.iterdir()):
        report = xxgk.extract(path, llm=llm_settings)
        assert report.llm.status == "not_needed", (path.name, report.llm)
        assert report.llm.usage.calls == 0
    assert fake_llm.requests == []


def test_only_the_unsettled_tables_are_sent_with_only_their_section(fake_llm, llm_settings):
    text = glued(ACCEPTED_SEED)
    fake_llm.reply(answer_from(gold(ACCEPTED_SEED))).reply(answer_from(gold(ACCEPTED_SEED)))
    report = xxgk.extract_text(text, llm=llm_settings)
    sent = sorted({requested_keys(r)[0].split(".")[0] for r in fake_llm.requests})
    assert sent == ["t2", "t3"]  # table 四 was parsed by rules: not sent
    for r in fake_llm.requests:
        sent_text = r["messages"][-1]["content"].split("<<<")[1]
        assert "存在的主要问题" not in sent_text and "总体情况" not in sent_text  # never the whole report
        assert len(sent_text) < len(text) / 2
    assert {t.table for t in report.llm.tables} == {"t2", "t3"}


# --- answers -------------------------------------------------------------------------------------------


def test_valid_answer_is_merged_grounded_and_accepted(fake_llm, llm_settings):
    text = glued(ACCEPTED_SEED)
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(answer_from(g)).reply(answer_from(g))
    report = xxgk.extract_text(text, llm=llm_settings)
    assert report.status == "accepted", report.reason
    assert report.llm.status == "used"
    assert all(t.outcome == "merged" for t in report.llm.tables)
    for key, value in report.values().items():
        if key.startswith(("t2", "t3")) and not key.endswith("_unit"):
            assert value == gold_value(g, key), key
    rules = xxgk.extract_text(text)
    unsettled = [k for t in (rules.t2, rules.t3) for k, c in t.iter_cells() if c.placement != "label"]
    assert len(unsettled) >= 10
    for key in unsettled:
        cell = report.cell(key)
        assert cell.producer == "llm" and cell.placement == "inferred" and cell.value == gold_value(g, key)
        if cell.value is not None:  # grounded: the span holds the number as printed
            assert text[cell.provenance.start : cell.provenance.end] == cell.raw == str(cell.value).lstrip("-")
    settled = [k for k, c in rules.t3.iter_cells() if c.placement == "label"]
    assert settled and all(report.cell(k).producer == "rules" for k in settled)  # rules' certain cells kept
    assert report.cell("t4.review.total").producer == "rules"
    u = report.llm.usage
    assert (u.calls, u.requests, u.prompt_tokens, u.completion_tokens, u.validation_retries) == (2, 2, 240, 80, 0)


def test_identity_failure_is_reasked_with_the_failure_and_corrected(fake_llm, llm_settings):
    text = glued(ACCEPTED_SEED)
    g = gold(ACCEPTED_SEED)
    right = gold_value(g, "t3.total.natural_person")
    wrong = 0  # printed in the section (other cells), so grounded; but the identities break
    assert wrong != right
    t2_reply = answer_from(g)

    def first(request):
        if requested_keys(request)[0].startswith("t2"):
            return t2_reply(request)
        return answer_from(g, **{"t3.total.natural_person": wrong})(request)

    def second(request):
        return answer_from(g)(request)

    fake_llm.reply(first).reply(first).reply(second)
    report = xxgk.extract_text(text, llm=llm_settings)
    assert report.status == "accepted", report.reason
    assert len(fake_llm.requests) == 3
    reask = next(r for r in fake_llm.requests if len(r["messages"]) > 2)
    failure = "\n".join(str(m.get("content") or "") for m in reask["messages"][2:])
    assert "勾稽" in failure and "natural_person" in failure and "t3.total.natural_person" in failure
    assert report.llm.usage.validation_retries == 1
    assert report.value("t3.total.natural_person") == right


def test_ungrounded_number_is_rejected_and_never_accepted(fake_llm, llm_settings):
    text = glued(ACCEPTED_SEED)
    g = gold(ACCEPTED_SEED)
    invented = answer_from(g, **{"t2.licensing.decisions": 987654})
    for _ in range(4):  # t2: the invented number on every attempt; t3: right
        fake_llm.reply(lambda r: (invented if requested_keys(r)[0].startswith("t2") else answer_from(g))(r))
    report = xxgk.extract_text(text, llm=llm_settings)
    assert report.status != "accepted"
    t2 = next(t for t in report.llm.tables if t.table == "t2")
    assert t2.outcome == "ungrounded" and "987654" in t2.message
    assert 987654 not in report.values().values()
    assert report.cell("t2.licensing.decisions").state in ("ambiguous", "missing")  # as the rules left it


def test_llm_table_still_failing_identities_is_rejected(fake_llm, llm_settings):
    """Seed 002 itself fails O1: the faithful LLM reading fails it too, after every re-ask. The LLM cells are
    never certain, so the report is rejected — not flagged, not accepted."""
    text = glued(INCONSISTENT_SEED)
    g = gold(INCONSISTENT_SEED)
    for _ in range(6):
        fake_llm.reply(answer_from(g))
    report = xxgk.extract_text(text, llm=llm_settings)
    assert report.status == "rejected", report.reason
    t3 = next(t for t in report.llm.tables if t.table == "t3")
    assert t3.outcome == "merged" and "identities still fail" in t3.message
    assert any(c.id == "O1" and c.column == "natural_person" and not c.certain for c in report.checks)
    assert report.llm.usage.validation_retries == 2


# --- transport ---------------------------------------------------------------------------------------------


def _client_ask(settings: LLMSettings, messages, text: str, keys: list[str]):
    prompt = load_prompt("table")
    ctx = {"keys": keys, "text": text, "table": "t4", "template": "2021", "identities": True}

    async def go():
        client = LLMClient(settings)
        try:
            return await client.ask(prompt, messages, TableAnswer, ctx)
        finally:
            client.close()

    return run_sync(go)


T4_TEXT = "行政复议 结果维持 2 结果纠正 1 其他结果 0 尚未审结 0 总计 3"


def _t4_answer(total=3):
    keys = [f"t4.review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]
    return keys, {"cells": [{"key": k, "value": v} for k, v in zip(keys, (2, 1, 0, 0, total), strict=True)]}


def _messages():
    return load_prompt("table").messages(section="四", table_title="t", keys="t4.review.*", text=T4_TEXT)


def test_429_then_success_is_a_transport_retry(fake_llm, llm_settings):
    keys, ans = _t4_answer()
    fake_llm.reply(status=429, message="rate limited").reply(ans)
    out = _client_ask(llm_settings, _messages(), T4_TEXT, keys)
    assert out.answer is not None
    assert (out.usage.requests, out.usage.transport_retries, out.usage.validation_retries) == (2, 1, 0)


def test_timeout_is_retried_then_gives_up_with_a_clear_error(fake_llm, llm_settings):
    keys, ans = _t4_answer()
    settings = llm_settings.model_copy(update={"timeout": 0.3})
    fake_llm.reply(ans, delay=1.0).reply(ans)
    out = _client_ask(settings, _messages(), T4_TEXT, keys)
    assert out.answer is not None and out.usage.transport_retries == 1

    for _ in range(4):
        fake_llm.reply(ans, delay=1.0)
    settings = settings.model_copy(update={"cache": False})
    from xxgk.llm.client import LLMError

    with pytest.raises(LLMError, match="timed out"):
        _client_ask(settings, [*_messages()], T4_TEXT + " ", keys)


def test_garbage_json_is_reasked(fake_llm, llm_settings):
    keys, ans = _t4_answer()
    settings = llm_settings.model_copy(update={"mode": "JSON"})
    fake_llm.reply(content="好的，结果如下：{cells: [broken").reply(ans)
    out = _client_ask(settings, _messages(), T4_TEXT, keys)
    assert out.answer is not None
    assert out.usage.requests == 2 and out.usage.validation_retries == 1


def test_blank_content_reply_is_reasked(fake_llm, llm_settings):
    """DeepSeek's JSON mode may return an empty content: a failed attempt, re-asked."""
    keys, ans = _t4_answer()
    settings = llm_settings.model_copy(update={"mode": "JSON", "provider": "deepseek"})
    fake_llm.reply(content="").reply(ans)
    out = _client_ask(settings, _messages(), T4_TEXT, keys)
    assert out.answer is not None and out.usage.requests == 2


def test_reasoning_content_is_ignored(fake_llm, llm_settings):
    """GLM thinking models send reasoning_content next to the content: only content is parsed."""
    keys, ans = _t4_answer()
    settings = llm_settings.model_copy(update={"mode": "JSON"})
    fake_llm.reply(ans, reasoning="先看表格……总计是 3")
    out = _client_ask(settings, _messages(), T4_TEXT, keys)
    assert out.answer is not None and [c.value for c in out.answer.cells] == [2, 1, 0, 0, 3]


def test_the_callers_messages_are_never_mutated(fake_llm, llm_settings):
    keys, good = _t4_answer()
    _, bad = _t4_answer(total=2)
    fake_llm.reply(bad).reply(good)
    messages = _messages()
    before = copy.deepcopy(messages)
    out = _client_ask(llm_settings, messages, T4_TEXT, keys)
    assert out.answer is not None and out.usage.validation_retries == 1
    assert messages == before
    assert len(fake_llm.requests[1]["messages"]) > len(messages)  # the re-ask added turns to its own copy


# --- cache ---------------------------------------------------------------------------------------------------


def test_rerun_is_served_from_the_cache_with_zero_requests(fake_llm, llm_settings):
    text = glued(ACCEPTED_SEED)
    g = gold(ACCEPTED_SEED)
    fake_llm.reply(answer_from(g)).reply(answer_from(g))
    first = xxgk.extract_text(text, llm=llm_settings)
    n = len(fake_llm.requests)
    second = xxgk.extract_text(text, llm=llm_settings)
    assert len(fake_llm.requests) == n == 2
    assert second.values() == first.values() and second.status == "accepted"
    assert (second.llm.usage.cached, second.llm.usage.requests, second.llm.usage.prompt_tokens) == (2, 0, 0)


def test_cache_key_changes_with_the_prompt_version_and_model(llm_settings):
    client = LLMClient(llm_settings)
    prompt = load_prompt("table")
    msgs = _messages()
    key = client.cache_key(prompt, msgs, TableAnswer)
    bumped = prompt.__class__(prompt.name, "999", prompt.sha, prompt.system, prompt.user)
    assert client.cache_key(bumped, msgs, TableAnswer) != key
    other = LLMClient(llm_settings.model_copy(update={"model": "other"}))
    assert other.cache_key(prompt, msgs, TableAnswer) != key
    assert client.cache_key(prompt, msgs, TableAnswer) == key


def test_frozen_with_an_empty_cache_fails_without_a_request(fake_llm, llm_settings):
    text = glued(ACCEPTED_SEED)
    rules = xxgk.extract_text(text)
    report = xxgk.extract_text(text, llm=llm_settings.model_copy(update={"frozen": True}))
    assert fake_llm.requests == []
    assert report.llm.status == "failed"
    assert {t.outcome for t in report.llm.tables} == {"frozen_miss"}
    assert report.status == rules.status == "rejected"
    assert report.values() == rules.values()


# --- settings -----------------------------------------------------------------------------------------------


def test_an_api_key_alone_does_not_switch_the_llm_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"OPENAI_API_KEY": "sk-x", "XXGK_LLM_MODEL": "gpt-4o-mini"}
    s = load_settings(env=env)
    assert not s.active and "off" in s.problem()
    assert load_settings(env=env, enabled=True).active
    report = xxgk.extract(REPORTS / f"{ACCEPTED_SEED}.txt", llm=s)
    assert report.llm.status == "off" and "enable it with --llm" in report.llm.message


def test_config_file_and_provider_modes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "xxgk.toml"
    cfg.write_text('[llm]\nenabled = true\nbase_url = "https://api.deepseek.com/v1"\nmodel = "deepseek-chat"\n'
                   'concurrency = 8\n', encoding="utf-8")
    s = load_settings(env={"XXGK_LLM_API_KEY": "k"})
    assert s.active and s.concurrency == 8 and s.provider_info.name == "deepseek" and s.resolved_mode == "JSON"
    assert load_settings(env={"XXGK_LLM_API_KEY": "k", "XXGK_LLM_MODE": "tools"}).resolved_mode == "TOOLS"
    local = load_settings(env={}, base_url="http://127.0.0.1:11434/v1", model="qwen2.5", enabled=True)
    assert local.provider_info.name == "ollama" and local.resolved_mode == "JSON_SCHEMA" and local.active
    assert "sk-" not in repr(load_settings(env={"OPENAI_API_KEY": "sk-secret"}))
