"""The name that signs a report at its end (``xxgk.pipeline.signature``)."""

from __future__ import annotations

from xxgk.pipeline.signature import signed_name


def test_the_name_before_the_date_on_the_last_lines_signs_the_report():
    assert signed_name("……需要报告的事项。\n清溪县卫生健康局\n2022年1月21日\n") == "清溪县卫生健康局"
    assert signed_name("……需要报告的事项。云江省生态环境厅2023年1月19日") == "云江省生态环境厅"


def test_a_pages_tail_after_the_signature_is_passed_over_and_a_date_alone_signs_nothing():
    body = "……事项。\n清溪县卫生健康局\n2022年1月21日\n上一篇：2021年报告\n下一篇：通知\n来源：县卫健局\n"
    assert signed_name(body) == "清溪县卫生健康局"
    assert signed_name("……需要报告的事项。\n2022年1月21日\n") is None
