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
