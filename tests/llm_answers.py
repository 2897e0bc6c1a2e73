"""Documents the rules hand to the LLM, and scripted answers for the fake server (faithful, lazy, wrong and
manipulated), built from the hand-labelled gold — never from xxgk's output."""

from __future__ import annotations

import json
import re

from tests.conftest import GOLD, REPORTS
from tests.layouts import T3_PARAPHRASES, cells_spaced, paraphrase_labels, run_together, to_pdf_rows

ACCEPTED_SEED = "003_ba0fe670444f6260"  # the document adds up
FLAGGED_SEED = "001_7b4b25fcf59f7d61"  # the document itself fails S1, O1 and S2 (spec B)
INCONSISTENT_SEED = "002_054d4c4d902c56e6"  # the document itself fails O1 (natural_person, total)

# the printed label of every row whose wording ``T3_PARAPHRASES`` changes (numbering kept)
_NUMBERING = {"new_received": "一、", "carried_over": "二、", "granted": "（一）", "partial": "（二）",
              "carried_forward": "四、"}
_TEMPLATE_WORDS = {"new_received": "本年新收政府信息公开申请数量", "carried_over": "上年结转政府信息公开申请数量",
                   "granted": "予以公开", "partial": "部分公开（区分处理的，只计这一情形，不计其他情形）",
                   "carried_forward": "结转下年度继续办理"}
PRINTED_LABELS = {f"t3.{row}": _NUMBERING[row] + T3_PARAPHRASES[words] for row, words in _TEMPLATE_WORDS.items()}


def seed_text(stem: str) -> str:
    return (REPORTS / f"{stem}.txt").read_text(encoding="utf-8")


def glued(stem: str) -> str:
    """Crawled web text: each row's cells glued to its label (``…申请数量15130000154``)."""
    return run_together(to_pdf_rows(seed_text(stem)))


def reworded(stem: str) -> str:
    """Every cell printed as its own number, one row per line, but five rows of table 三 worded otherwise
    than the template: the rules place those rows by the template's order only, and the LLM is asked."""
    raw = seed_text(stem)
    tab_layout = sum(line.startswith("\t") for line in raw.splitlines()) > 50  # seed 001: Word's tab export
    rows = cells_spaced(to_pdf_rows(raw)) if tab_layout else cells_spaced(raw)
    return paraphrase_labels(rows)


def gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def gold_value(g: dict, key: str):
    t, row, col = key.split(".")
    return g[t][row][col]


def _user_text(request: dict) -> str:
    return "\n".join(str(m.get("content") or "") for m in request["messages"] if m["role"] == "user")


def requested_keys(request: dict) -> list[str]:
    return re.findall(r"^(t[234]\.\w+\.\w+):", _user_text(request), flags=re.M)


def requested_rows(request: dict) -> dict[str, list[str]]:
    """Row key → its column keys, as the request lists them."""
    out: dict[str, list[str]] = {}
    for key in requested_keys(request):
        t, row, col = key.split(".")
        out.setdefault(f"{t}.{row}", []).append(col)
    return out


def answer_from(g: dict, **override):
    """The older answer shape: the gold value of exactly the keys the request asks for."""

    def answer(request: dict) -> dict:
        cells = []
        for key in requested_keys(request):
            t, row, col = key.split(".")
            cells.append({"key": key, "value": override.get(key, g[t].get(row, {}).get(col))})
        return {"cells": cells}

    return answer


def rows_from(g: dict, *, value=None, labels: dict[str, str] = PRINTED_LABELS):
    """The answer shape the prompt asks for: each requested row with its printed label (for the rows worded
    otherwise) and values. ``value(key, gold_value)`` replaces the values (a wrong or lazy model)."""

    def answer(request: dict) -> dict:
        rows = []
        for row, cols in requested_rows(request).items():
            t, r = row.split(".")
            vals = [g[t].get(r, {}).get(c) for c in cols]
            if value is not None:
                vals = [value(f"{row}.{c}", v) for c, v in zip(cols, vals, strict=True)]
            rows.append({"row": row, "label": labels.get(row), "values": vals})
        return {"rows": rows}

    return answer
