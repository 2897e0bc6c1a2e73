"""Every extracted number is traceable: its offsets point at its printed text in the original."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import FIXTURES, REPORTS, SEEDS
from xxgk.core.text import norm

DOCS = [REPORTS / f"{s}.txt" for s in SEEDS] + sorted(FIXTURES.glob("pdftext_*.txt"))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem[:24])
def test_each_value_stands_where_its_provenance_says(path):
    raw = path.read_bytes().decode("utf-8-sig")  # as decoded by xxgk: CRLF kept (the PDF texts have it)
    report = xxgk.extract(path)
    lines = raw.split("\n")
    n = 0
    for t in (report.t2, report.t3, report.t4):
        for key, cell in t.iter_cells():
            if cell.state != "number":
                continue
            p = cell.provenance
            assert raw[p.start : p.end] == cell.raw, key
            assert cell.raw in lines[p.line - 1], key
            digits = norm(cell.raw).strip().lstrip("+").replace("万元", "").replace("元", "")
            assert digits.lstrip("-") in str(cell.value).replace("-", ""), key
            n += 1
    assert n > 0


def test_narrative_sections_are_original_text():
    r = xxgk.extract(REPORTS / "002_054d4c4d902c56e6.txt")
    raw = (REPORTS / "002_054d4c4d902c56e6.txt").read_text(encoding="utf-8")
    five = r.sections["5"]
    assert five.heading == "存在的主要问题及改进情况" and five.text.startswith("（一）存在问题")
    assert raw[five.start : five.end] == five.text
    assert r.sections["6"].text == "本年度无其他需要报告的事项。"
