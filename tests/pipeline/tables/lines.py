"""Lines of a table section as the tokenizers get them, from a text written in a test; and table 三's heading as
layout text prints it, which the layout-text tests share."""

from __future__ import annotations

from xxgk.pipeline.tables.tokens import Line


def lines_of(text: str) -> list[Line]:
    out, pos = [], 0
    for n, t in enumerate(text.split("\n"), start=1):
        out.append(Line(pos, t, n))
        pos += len(t) + 1
    return out


# table 三's heading as pdftotext -layout prints a Word table: names stacked down narrow cells, the spanning
# 申请人情况 / 法人或其他组织 over them, the row-label column's note on the left
T3_HEADING = """\
                                           申请人情况
                                          法人或其他组织
（本列数据的勾稽关系为：第一项加第二项之和，等
                                自然   商业   科研   社会   法律
于第三项加第四项之和）                                                   总计
                                人              公益   服务   其他
                                     企业   机构   组织   机构"""
