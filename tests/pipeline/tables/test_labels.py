"""Label matching (``tables.labels``): the row labels among a row's fragments, with the table-三 group
(（三）…（六）) in force where each stands."""

from __future__ import annotations

from xxgk.pipeline.tables.labels import labels_without_values
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS
from xxgk.pipeline.tables.tokens import Token


def _frags(*texts: str) -> list[Token]:
    return [Token(t, i, i + 1, 1, i, None) for i, t in enumerate(texts)]


def test_bare_labels_take_the_group_of_the_header_before_them():
    # python-docx: all-blank rows run into the next row's label, each with its merged group header repeated
    frags = _frags("三、本年度办理结果", "（五）不予处理", "2.重复申请",
                   "三、本年度办理结果", "（六）其他处理", "3.其他", "三、本年度办理结果", "（七）总计")
    keys = [k for k, _ in labels_without_values("t3", frags, DEFAULT_SETTINGS, "unable")]
    assert keys[:2] == ["not_processed_duplicate", "other_other"]
    # the group in force before the fragments counts until a header changes it
    assert labels_without_values("t3", _frags("3.其他"), DEFAULT_SETTINGS, "unable") == []
    assert [k for k, _ in labels_without_values("t3", _frags("3.其他"), DEFAULT_SETTINGS, "other")] == ["other_other"]


def test_the_heading_printed_again_on_a_later_page_names_no_row():
    # Word's repeated header rows: 其他 and 总计 after the column names are cells of the heading, not rows
    frags = _frags("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人情况", "自然人",
                   "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
                   "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")
    keys = [k for k, _ in labels_without_values("t3", frags, DEFAULT_SETTINGS, "other")]
    assert keys == ["other_overdue_correction", "other_overdue_fee", "other_other"]


def test_a_group_label_written_two_characters_a_line_sets_its_group():
    # （六）其他处理 down a narrow merged cell: "（六" / "）其" / "他处" / "理"
    frags = _frags("(六", ")其", "他处", "3.其他")  # (as the normalised text has them)
    assert [k for k, _ in labels_without_values("t3", frags, DEFAULT_SETTINGS, "not_processed")] == ["other_other"]


def test_a_label_cut_at_the_end_of_its_first_line_is_its_row():
    # a narrow label cell: the row's numbers on its first line, the rest of the label below them
    for first, key in [("5.要求行政机关确认或重", "not_processed_confirm"),
                       ("1.申请人无正当理由逾期", "other_overdue_correction"),
                       ("2.申请人逾期未按收费通", "other_overdue_fee"), ("7.属于行政执法案", "denied_enforcement_file"),
                       ("3.要求提供公开出版", "not_processed_publication"), ("4.无正当理由大量", "not_processed_massive")]:
        group = "other" if key.startswith("other") else None
        assert [k for k, _ in labels_without_values("t3", _frags(first), DEFAULT_SETTINGS, group)] == [key], first
