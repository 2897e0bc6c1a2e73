"""Stage 4 for table 四: fifteen cells by position, or a row per group placed by its label."""

from __future__ import annotations

import pytest

import xxgk

HEAD = "一、总体情况\n2022年，我局认真贯彻落实《条例》。\n四、政府信息公开行政复议、行政诉讼情况\n"
TAIL = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
ROWS = {"review": "行政复议\t3\t1\t0\t2\t6", "direct": "行政诉讼（未经复议直接起诉）\t4\t0\t1\t0\t5",
        "after": "行政诉讼（复议后起诉）\t1\t0\t0\t0\t1"}


def _t4(text: str) -> dict[str, object]:
    return {k: v for k, v in xxgk.extract_text(text).values().items() if k.startswith("t4.")}


@pytest.mark.parametrize("order", [("review", "direct", "after"), ("review", "after", "direct"),
                                   ("after", "direct", "review")])
def test_a_row_per_group_is_placed_by_its_label_in_any_order(order):
    header = "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
    values = _t4(HEAD + header + "\n".join(ROWS[g] for g in order) + "\n" + TAIL)
    assert [values[f"t4.{g}.total"] for g in ("review", "litigation_direct", "litigation_after_review")] == [6, 5, 1]
    assert values["t4.litigation_direct.upheld"] == 4 and values["t4.review.pending"] == 2


def test_fifteen_cells_in_one_row_stay_placed_by_position():
    header = "行政复议\t行政诉讼\n"
    values = _t4(HEAD + header + "\t".join(["3", "1", "0", "2", "6", "4", "0", "1", "0", "5", "1", "0", "0", "0", "1"])
                 + "\n" + TAIL)
    assert [values[f"t4.{g}.total"] for g in ("review", "litigation_direct", "litigation_after_review")] == [6, 5, 1]
