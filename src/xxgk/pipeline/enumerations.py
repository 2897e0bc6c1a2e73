"""Rule-based reading of 五、存在的主要问题及改进情况 (the offline fallback of the summaries): split the
section into its problems part and its measures part, and each part into the items of its enumeration
(一是…二是…, 1、2、, （一）…, ①②). No categories: that needs the LLM, and the result says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_CN = "一二三四五六七八九十"
# an item marker: 一是 / 1、 1. 1． / （一） (1) / ①
_MARKER = re.compile(
    rf"(?:(?<=^)|(?<=[\n。；;：:！!]))\s*(?:\[bookmark:[^\]]*\])?\s*"
    rf"(?P<m>[{_CN}]\s?是|\d{{1,2}}[、.．](?!\d)|[（(][{_CN}\d]{{1,2}}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_INLINE_SHI = re.compile(rf"(?P<m>(?<![{_CN}])[{_CN}]\s?是)")
# where the measures start: a sub-heading or a sentence announcing them
_MEASURES = re.compile(
    r"(?:^|\n|[。；;])\s*(?:[（(][一二三四五六七八九十\d][）)])?\s*[^。；;]{0,80}?"
    r"(?:改进情况|改进措施|整改措施|工作计划|工作打算|下一步|下阶段|针对存在的?问题|将采取以下措施|加以改进|抓好以下工作|重点做好)"
)
_PROBLEM_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十\d][）)]\s*[^\n]{0,20}问题[^\n]{0,10}\n")


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    start: int  # offsets into the section text
    end: int

    @property
    def statement(self) -> str:
        """The item's first clause, as a short statement."""
        head = re.split(r"[。；;！!]", self.text, maxsplit=1)[0]
        head = re.sub(r"\s*\n\s*", "", _MARKER.sub("", head, count=1).strip(" ：:，,"))
        if len(head) <= 60:
            return head
        # too long for a statement: cut at the last clause boundary within the limit, else mark the cut
        cut = max(head.rfind(c, 0, 60) for c in "，,、")
        return head[:cut] if cut >= 12 else head[:59] + "…"


def split_parts(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(problems span, measures span) in ``text``; the measures span is empty when none is announced."""
    m = _MEASURES.search(text)
    if m is None:
        return (0, len(text)), (len(text), len(text))
    cut = m.start() + (len(m.group()) - len(m.group().lstrip("\n。；; ")))
    return (0, cut), (cut, len(text))


def split_items(text: str, start: int, end: int) -> list[Item]:
    """The items of the enumeration in ``text[start:end]``; the whole part as one item when it has no
    enumeration. Sub-headings ("（一）存在问题") are not items."""
    part = text[start:end]
    heading = _PROBLEM_HEADING.match(part)
    skip = heading.end() if heading else 0
    marks = [m.start("m") for m in _MARKER.finditer(part, skip)]
    if len(marks) < 2:
        marks = [m.start("m") for m in _INLINE_SHI.finditer(part, skip)]
    if len(marks) < 2:
        body = part[skip:].strip()
        if not body:
            return []
        s = start + part.index(body, skip)
        return [Item(body, s, s + len(body))]
    out = []
    lead = part[skip : marks[0]].strip()
    bounds = [*marks, len(part)]
    for a, b in pairwise(bounds):
        chunk = part[a:b]
        if chunk.strip() and not _is_subheading(chunk):
            body = chunk.strip()
            out.append(Item(body, start + a, start + a + len(body)))
    if lead and _has_problem_words(lead) and not out:
        out.insert(0, Item(lead, start + part.index(lead), start + part.index(lead) + len(lead)))
    return out


def _is_subheading(chunk: str) -> bool:
    """"（二）改进情况" on a line of its own, not an item."""
    first, nl, _ = chunk.partition("\n")
    return bool(re.match(r"\s*[（(][一二三四五六七八九十\d][）)]", first)) and len(first) < 30 and bool(nl) \
        and not re.search(r"[。；;，,]", first)


def _has_problem_words(s: str) -> bool:
    return bool(re.search(r"问题|不足|差距|有待|不够|欠缺|不及时|不高|不强", s))
