"""The body that signs a report at its end: its name, then the date, before any tail a web page prints after the
article (related articles, source and editors, the site's footer)."""

from __future__ import annotations

import re

from xxgk.core.text import squash

# the report signed at its end: a body's name, then the date ("清溪县卫生健康局\n2022年1月21日"), on lines of their
# own or run on after the last sentence ("…需要报告的事项。云江省生态环境厅2023年1月19日")
_SIGNED = re.compile(r"(?:^|[。！；;\n])\s*(?P<name>[^\s。，,；;：:！？!?\d]{4,40}?)\s*"
                     r"(?:(?:19|20)\d{2}|[一二][〇零○0一二三四五六七八九]{3})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*"
                     r"[\d一二三四五六七八九十]{1,3}\s*日\s*$")


# what a page prints after an article: its related articles, source and editors, the site's footer
_PAGE_TAIL = re.compile(r"^(?:往期推荐|推荐阅读|相关阅读|相关链接|相关文章|相关文件|上一篇|下一篇|来源[:：]|信息来源[:：]|"
                        r"编辑[:：]|责任编辑|责编|审核[:：]|校对|初审|主办[:：]|承办[:：]|版权所有|扫一扫|阅读原文|【打印】|"
                        r"打印本页|关闭窗口)")


def signed_name(body: str) -> str | None:
    """The name that signs the report at its end (its last lines: the name, then the date). Only the very end of
    the text — or of what comes before a page's tail of related articles, source, editors and footer
    (``_PAGE_TAIL``, in its last 15 lines). Whether it names a body is the caller's to judge."""
    lines = body.rstrip().splitlines()
    cuts = [i for i in range(max(0, len(lines) - 15), len(lines)) if _PAGE_TAIL.match(squash(lines[i]))]
    for end in (len(lines), *reversed(cuts)):  # (the fewest lines left out first)
        # (a name holds no line break: any match stands on the last lines before ``end``, not 15 lines up)
        m = _SIGNED.search("\n".join(lines[max(0, end - 15):end]).rstrip()[-200:])
        if m is not None:
            return m.group("name").strip()
    return None
