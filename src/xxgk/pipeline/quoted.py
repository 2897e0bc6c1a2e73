"""Figures quoted in the narrative (section 一) that the tables must agree with. Used as constraints when
a run-together digit string of table 四 has more than one split ("行政诉讼46件，其中结果维持25件…")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from xxgk.core.figures import Figure
from xxgk.core.text import squash

_NUM = r"(\d+)\s*(?:件|起|宗)"
_SEGMENT = re.compile(r"(行政复议|行政诉讼)[^。；;]{0,40}?" + _NUM + r"([^。；;]*)")
_PARTS = {"upheld": r"结果维持", "corrected": r"结果纠正", "other": r"其他结果", "pending": r"尚未审结"}


# numbers a layout text set apart from their words, on a line of their own ("37   46   25"): never one figure
_APART = re.compile(r"(?<=\d)\s+(?=\d)")


def _squashed(text: str) -> str:
    return squash(_APART.sub("；", text))


def t4_figures(text: str) -> dict[str, int]:
    """``{"review.total": 351, "review.upheld": 72, …, "litigation.total": 46, "litigation.upheld": 25}``
    from sentences such as "政府信息公开行政复议351件，其中结果维持72件，…". Litigation figures are the
    sum of the two litigation groups (``t4_cells``)."""
    out: dict[str, int] = {}
    s = _squashed(text)
    for m in _SEGMENT.finditer(s):
        group = "review" if m.group(1) == "行政复议" else "litigation"
        out.setdefault(f"{group}.total", int(m.group(2)))
        rest = m.group(3)
        for key, label in _PARTS.items():
            pm = re.search(label + r"(?:的)?(\d+)\s*(?:件|起|宗)", rest)
            if pm:
                out.setdefault(f"{group}.{key}", int(pm.group(1)))
    return out


def t4_cells(key: str) -> list[tuple[str, str]]:
    """The (row, column) cells of table 四 whose sum a ``t4_figures`` key quotes: ``review.total`` is one
    cell, ``litigation.total`` the two litigation groups' totals."""
    group, col = key.split(".")
    rows = ["review"] if group == "review" else ["litigation_direct", "litigation_after_review"]
    return [(row, col) for row in rows]


def agrees(figures: dict[str, int], t4: Mapping[str, Mapping[str, int | Decimal | None]]) -> bool:
    """Whether a reading of table 四 matches every narrative figure (blank read as 0)."""
    return all(sum((t4[row][col] or 0 for row, col in t4_cells(key)), 0) == want for key, want in figures.items())


# figures of tables 二 and 三 that section 一 quotes, as (canonical key, pattern); the number is group 1.
# Only used to choose among readings of glued cells that all fit the print — never to make a value.
_TABLE_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("t3.new_received.total", r"(?:收到|受理|新收|接收)[^。;,，]{0,16}?(?:申请|事项)[^。;,，\d]{0,4}?"
                                  r"(\d+)(?:件|份|个|条)(?![^。;]{0,6}?(?:含|包括)[^。;]{0,4}?上年)"),
        ("t3.new_received.total", r"(?:收到|受理|新收|接收)(\d+)(?:件|份|个)[^。;\d]{0,20}?申请"),
        ("t3.total.total", r"办结[^。;,，\d]{0,10}?(\d+)件"),
        ("t3.carried_over.total", r"上年度?结转[^。;,，\d]{0,8}?(\d+)件"),
        ("t3.carried_forward.total", r"结转(?:至|到)?(?:下一?年度?|下年)[^。;,，\d]{0,8}?(\d+)件"),
        ("t2.normative_docs.issued", r"(?:制发|印发|出台|制定)[^。;,，\d]{0,10}?规范性文件(\d+)件"),
        ("t2.normative_docs.repealed", r"规范性文件\d+件[、,，]?废止(\d+)件"),
        ("t2.normative_docs.repealed", r"废止[^。;,，\d]{0,10}?规范性文件(\d+)件"),
        ("t2.rules.issued", r"(?:制发|制定|出台)[^。;,，\d]{0,6}?规章(\d+)件"),
        # (2021 template: "废止省政府规章5件、行政规范性文件19件", "现行有效省政府规章312件、行政规范性文件547件")
        ("t2.rules.repealed", r"废止[^。;,，\d]{0,10}?规章(\d+)件"),
        ("t2.normative_docs.repealed", r"废止[^。;,，\d]{0,10}?规章\d+件[、,，和及][^。;,，\d]{0,12}?规范性文件(\d+)件"),
        ("t2.rules.in_force", r"现行有效[^。;,，\d]{0,12}?规章(\d+)件"),
        ("t2.normative_docs.in_force", r"现行有效[^。;,，\d]{0,12}?规范性文件(\d+)件"),
        ("t2.normative_docs.in_force", r"现行有效[^。;,，\d]{0,12}?规章\d+件[、,，和及][^。;,，\d]{0,12}?规范性文件(\d+)件"),
        # 2019 template 本年处理决定数量: "行政许可决定1548条", "行政处罚决定书1018份"
        ("t2.licensing.decisions", r"行政许可(?:处理)?决定(?:书)?[^。;,，\d]{0,4}?(\d+)(?:条|件|份|个)"),
        ("t2.penalty.decisions", r"行政处罚(?:处理)?决定(?:书)?[^。;,，\d]{0,4}?(\d+)(?:条|件|份|个)"),
        ("t2.coercion.decisions", r"行政强制(?:处理)?决定(?:书)?[^。;,，\d]{0,4}?(\d+)(?:条|件|份|个)"),
    )
)


def table_figures(text: str) -> dict[str, Figure]:
    """``{"t3.new_received.total": 14, "t2.normative_docs.issued": 1, …}`` from section 一's sentences
    ("全年共收到信息公开申请14件，当年办结14件", "全年制发厅规范性文件1件、废止1件"). The first figure of a
    key wins; a key quoted twice with different numbers is dropped (the narrative contradicts itself)."""
    s = _squashed(text)
    out: dict[str, int] = {}
    dropped: set[str] = set()
    for key, pat in _TABLE_FIGURES:
        for m in pat.finditer(s):
            value = int(m.group(1))
            if key in out and out[key] != value and key not in dropped:
                dropped.add(key)
            out.setdefault(key, value)
    for key in dropped:
        out.pop(key, None)
    return {k: Figure(v, "section 一") for k, v in out.items()}
