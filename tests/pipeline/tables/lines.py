"""Lines of a table section as the tokenizers get them, from a text written in a test."""

from __future__ import annotations

from xxgk.pipeline.tables.tokens import Line


def lines_of(text: str) -> list[Line]:
    out, pos = [], 0
    for n, t in enumerate(text.split("\n"), start=1):
        out.append(Line(pos, t, n))
        pos += len(t) + 1
    return out
