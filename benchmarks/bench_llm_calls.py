"""LLM calls, requests and prompt size per report, against the fake OpenAI-compatible server of the tests.

Run from the repository root: ``python benchmarks/bench_llm_calls.py [--label before|after]``. Every
document is extracted with the LLM on; the fake server answers faithfully (the hand-labelled gold, in both
answer shapes: ``rows`` with labels and the older ``cells``), so the figures show what the routing sends,
not what a model gets right. Token counts of a real endpoint are not available offline: the prompt size is
given in characters of the messages sent (system + user), and the fake's fixed usage is not quoted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes import FakeLLM
from tests.llm_answers import (
    ACCEPTED_SEED,
    FLAGGED_SEED,
    INCONSISTENT_SEED,
    PRINTED_LABELS,
    glued,
    gold,
    requested_keys,
    reworded,
)

import xxgk
from xxgk.llm.settings import LLMSettings

DOCS = {
    "000 glued (blanks left no trace)": ("000_5c96ff8a9c100224", lambda: glued("000_5c96ff8a9c100224")),
    "001 glued (every cell printed)": (FLAGGED_SEED, lambda: glued(FLAGGED_SEED)),
    "002 glued (blanks left no trace)": (INCONSISTENT_SEED, lambda: glued(INCONSISTENT_SEED)),
    "003 glued (every cell printed)": (ACCEPTED_SEED, lambda: glued(ACCEPTED_SEED)),
    "001 rows reworded": (FLAGGED_SEED, lambda: reworded(FLAGGED_SEED)),
    "003 rows reworded": (ACCEPTED_SEED, lambda: reworded(ACCEPTED_SEED)),
}


def faithful(g: dict):
    def answer(request: dict) -> dict:
        text = "\n".join(str(m.get("content") or "") for m in request["messages"])
        cells, rows = [], {}
        for key in requested_keys(request):
            t, row, col = key.split(".")
            v = g[t].get(row, {}).get(col)
            cells.append({"key": key, "value": v})
            rows.setdefault(f"{t}.{row}", []).append(v)
        return {"cells": cells,
                "rows": [{"row": r, "label": PRINTED_LABELS[r] if PRINTED_LABELS.get(r, "\0") in text else None,
                          "values": vs} for r, vs in rows.items()]}

    return answer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    fake = FakeLLM()
    tmp = Path(tempfile.mkdtemp())
    settings = LLMSettings(enabled=True, base_url=fake.base_url, model="fake-model", api_key="k", cache=False,
                           cache_dir=tmp / "cache", backoff_initial=0.01, backoff_max=0.02, timeout=5.0)
    print(f"| document ({args.label}) | status | calls | HTTP requests | prompt characters sent |")
    print("|---|---|---:|---:|---:|")
    totals = [0, 0, 0]
    for name, (stem, make) in DOCS.items():
        g = gold(stem)
        fake.queue.clear()
        for _ in range(12):
            fake.reply(faithful(g))
        before = len(fake.requests)
        report = xxgk.extract_text(make(), llm=settings)
        sent = fake.requests[before:]
        chars = sum(len(str(m.get("content") or "")) for r in sent for m in r["messages"])
        u = report.llm.usage
        totals = [totals[0] + u.calls, totals[1] + u.requests, totals[2] + chars]
        print(f"| {name} | {report.status} | {u.calls} | {u.requests} | {chars:,} |")
    n = len(DOCS)
    print(f"| **per report** | | {totals[0] / n:.2f} | {totals[1] / n:.2f} | {totals[2] / n:,.0f} |")
    fake.close()


if __name__ == "__main__":
    main()
