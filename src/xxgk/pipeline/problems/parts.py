"""Section 五 cut into parts of one kind each: this year's problems, the measures, last year's problems and
their rectification. A part starts at a sub-heading ("（一）存在问题", "（二）改进措施", "（一）2024年工作中存在
问题的改进情况") or at a sentence that announces measures ("下一步，我局将…", "针对存在问题，…") or reports last
year's rectification ("我厅针对2022年年度报告中提到的问题，进行了相应整改…", a sentence-long part). The text
before any cue is problems. Offsets are into the section text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.core.narrative import ItemKind

CN = "一二三四五六七八九十"  # the numerals of sub-headings and item markers (shared with ``items``)
# a sub-heading: （一）/一、 then a short title with a cue word, ending at a line end, a colon, 。 or an item marker
_SUBHEADING = re.compile(
    rf"(?:^|(?<=[\n。；;：:！!]))[ \t\u3000]*(?P<num>[（(][{CN}][）)]|[{CN}]、)[ \t\u3000]*"
    rf"(?P<title>[^。；;\n：:，,]{{2,36}}?)"
    rf"(?=[ \t\u3000]*(?:\n|[：:。]|[{CN}][ \t\u3000\n]?是|[1１][、.．]|[（(][{CN}1][）)]|$))"
)
_TITLE_CUE = re.compile(r"问题|不足|措施|改进|整改|计划|打算|下一步|安排|思路|今后|方向")
_MEASURE_TITLE = re.compile(r"措施|改进|计划|打算|下一步|安排|思路|今后|方向|整改")
_PROBLEM_TITLE = re.compile(r"问题|不足|差距")
# last year: 上年度 / 去年 / a year before the report's
_PRIOR = re.compile(r"上一?年度?|去年|上年|(?P<year>20\d\d)\s*年")
_PRIOR_SENTENCE = re.compile(
    r"(?:上一?年度?|去年|上年|(?P<year>20\d\d)\s*年)[^。；;]{0,12}?(?:年度报告|报告|工作)?[^。；;]{0,6}?"
    r"(?:提到|提出|指出|存在|反映)的?[^。；;]{0,6}?问题[^。；;]{0,30}?(?:整改|改进|落实|解决)"
)
# a sentence that announces measures (looked for in its first 40 characters)
_MEASURE_CUE = re.compile(
    r"下一步|下阶段|下一阶段|今后|针对(?:存在|上述|以上|这些|此类?|该)|采取(?:以下|如下)|加以改进|改进措施|整改措施"
    r"|从以下|抓好以下|重点做好|(?:我|本)[\u4e00-\u9fff]{0,10}将(?![^，,。]{0,12}(?:问题|不足))"
    r"|(?:我们|各单位)将|^[ \t\u3000]*将(?:进一步|继续|持续|着力|切实|严格|认真|按照|围绕|从)"
)
_SENTENCE = re.compile(r"[^。！!？?；;\n]*(?:[。！!？?；;]|\n|$)")


@dataclass(frozen=True, slots=True)
class Part:
    kind: ItemKind
    start: int
    end: int
    title: str = ""  # the sub-heading that opened the part, if one did


def _year_before(m: re.Match[str], year: int | None) -> bool:
    y = m.group("year")
    return y is None or year is None or int(y) < year


def _title_kind(title: str, year: int | None) -> ItemKind | None:
    if not _TITLE_CUE.search(title):
        return None
    prior = _PRIOR.search(title)
    if prior and _year_before(prior, year) and ("整改" in title or "改进" in title or "落实" in title):
        return ItemKind.prior_rectification
    if prior and prior.group("year") is None and _PROBLEM_TITLE.search(title):
        return ItemKind.prior_problem
    if _PROBLEM_TITLE.search(title) and not re.search(r"措施|计划|打算|下一步|改进情况|整改情况", title):
        return ItemKind.problem
    if _MEASURE_TITLE.search(title):
        return ItemKind.measure
    return ItemKind.problem


def split_parts(text: str, year: int | None = None) -> list[Part]:
    """The parts of section 五's text, in order; empty parts are left out."""
    cuts: list[tuple[int, int, ItemKind, str]] = []  # (start, body start, kind, title)
    for m in _SUBHEADING.finditer(text):
        kind = _title_kind(m.group("title"), year)
        if kind is not None:
            cuts.append((m.start("num"), m.end("title"), kind, m.group("title").strip()))
    parts: list[Part] = []
    kind, pos, title = ItemKind.problem, 0, ""
    bounds = [*cuts, (len(text), len(text), ItemKind.problem, "")]
    for start, body, next_kind, next_title in bounds:
        parts += _sentence_parts(text, pos, start, kind, title, year)
        kind, pos, title = next_kind, body, next_title
    return [p for p in parts if text[p.start : p.end].strip(" \t\n\u3000。；;：:，,")]


def _sentence_parts(text: str, start: int, end: int, kind: ItemKind, title: str, year: int | None) -> list[Part]:
    """A heading's part, cut again where a sentence announces measures or reports last year's rectification
    (not inside a part a heading gave to last year's rectification)."""
    if kind in (ItemKind.prior_rectification, ItemKind.prior_problem):
        return [Part(kind, start, end, title)]
    out: list[Part] = []
    cur, cur_start = kind, start
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        if s >= e:
            continue
        sentence = text[s:e]
        # tried at every mention of a year (finditer would let "2023年…" swallow "2022年年度报告中提到的问题")
        prior = any(m is not None and _year_before(m, year)
                    for m in (_PRIOR_SENTENCE.match(sentence, a.start()) for a in _PRIOR.finditer(sentence)))
        if prior and cur == ItemKind.problem:
            out.append(Part(cur, cur_start, s, title))
            out.append(Part(ItemKind.prior_rectification, s, e))
            cur_start = e
            continue
        if cur == ItemKind.problem and _MEASURE_CUE.search(sentence[:40]) and not _names_year_problem(sentence, year):
            out.append(Part(cur, cur_start, s, title))
            cur, cur_start, title = ItemKind.measure, s, ""
    out.append(Part(cur, cur_start, end, title))
    return out


def _names_year_problem(sentence: str, year: int | None) -> bool:
    """"2019年，我局…但也存在…问题": the report's own year opening a sentence about problems, not measures."""
    m = re.match(r"\s*(20\d\d)\s*年", sentence)
    if m is None or year is None:
        return False
    return int(m.group(1)) <= year and bool(re.search(r"存在|问题|不足|差距", sentence))
