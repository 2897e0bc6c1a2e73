"""Figures quoted in the narrative (section 一) that the tables must agree with. Used as constraints when
a run-together digit string of table 四 has more than one split ("行政诉讼46件，其中结果维持25件…")."""

from __future__ import annotations

import re

from .text import squash

_NUM = r"(\d+)\s*(?:件|起|宗)"
_SEGMENT = re.compile(r"(行政复议|行政诉讼)[^。；;]{0,40}?" + _NUM + r"([^。；;]*)")
_PARTS = {"upheld": r"结果维持", "corrected": r"结果纠正", "other": r"其他结果", "pending": r"尚未审结"}


def t4_figures(text: str) -> dict[str, int]:
    """``{"review.total": 351, "review.upheld": 72, …, "litigation.total": 46, "litigation.upheld": 25}``
    from sentences such as "政府信息公开行政复议351件，其中结果维持72件，…". Litigation figures are the
    sum of the two litigation groups."""
    out: dict[str, int] = {}
    s = squash(text)
    for m in _SEGMENT.finditer(s):
        group = "review" if m.group(1) == "行政复议" else "litigation"
        out.setdefault(f"{group}.total", int(m.group(2)))
        rest = m.group(3)
        for key, label in _PARTS.items():
            pm = re.search(label + r"(?:的)?(\d+)\s*(?:件|起|宗)", rest)
            if pm:
                out.setdefault(f"{group}.{key}", int(pm.group(1)))
    return out


def agrees(figures: dict[str, int], t4: dict[str, dict[str, int | None]]) -> bool:
    """Whether a reading of table 四 matches every narrative figure (blank read as 0)."""
    for key, want in figures.items():
        group, col = key.split(".")
        if group == "review":
            got = t4["review"][col] or 0
        else:
            got = (t4["litigation_direct"][col] or 0) + (t4["litigation_after_review"][col] or 0)
        if got != want:
            return False
    return True
