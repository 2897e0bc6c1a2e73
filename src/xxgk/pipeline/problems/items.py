"""The items of one part of section 五, as spans of the section text.

- An enumerated part (一是/二是, （一）（二）, 1、2、, ①②, numbered 1, 2, 3… in order) gives one item per
  enumerated unit, from after its marker to the next marker; a unit that holds an enumeration of its own
  ("（二）完善平台建设 一是… 二是…") gives its inner units. Text before the first marker is a lead-in, not an
  item, unless it names problems of its own.
- An unenumerated problems part gives the problems its sentences name: the members of a list ("存在A、B、C等
  问题", "主要是：A，B，C", "如A、B等"), else each clause that states a shortcoming (仍需/有待/不够/不足…);
  framing ("取得了一定成效，但也存在一些不足") is not an item.
- An unenumerated measures part gives its sentences and ；-clauses, without the announcing words ("下一步，
  我局将") and without sentences that only announce ("主要将从以下几个方面加以改进：").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.core.narrative import ItemKind
from xxgk.pipeline.problems.parts import CN, Part

_BOUNDARY = r"(?:^|(?<=[\s。；;：:！!，,\]]))"
_FAMILIES: dict[str, re.Pattern[str]] = {
    # (一是; 一 / 是 across a line break, in layout text padded with spaces on both sides)
    "shi": re.compile(rf"(?P<n>[{CN}])(?:[ \t\u3000]*\n)?[ \t\u3000]*是(?![否非的])"),
    "paren": re.compile(rf"{_BOUNDARY}[ \t\u3000]*[（(](?P<n>[{CN}]|\d{{1,2}})[）)]"),
    "num": re.compile(rf"{_BOUNDARY}[ \t\u3000]*(?P<n>\d{{1,2}})[、.．](?!\d)"),
    "circled": re.compile(r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩])"),
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_JUNK = re.compile(r"\[bookmark:[^\]]*\]")
_TRIM = " \t\n\u3000。；;：:，,、"
# a clause that states a shortcoming
_DEFICIENT = re.compile(
    r"仍需|还需|尚需|亟需|需要进一步|需进一步|有待|不够|不足|欠缺|缺乏|不高|不强|不及时|不完善|不健全|不规范|不到位|"
    r"不丰富|不多样|不专业|不全|不深|不广|不便|不稳定|不尽|薄弱|滞后|单一|较少|偏少|不平衡|差距|短板|问题|困难|空间"
)
# framing: says there are problems without naming one
_GENERIC = re.compile(
    r"^(?:[^，,]{0,40}(?:取得|成效|成绩|进步|进展|顺利)[^，,]*|[^，,]{0,30}(?:存在|有)(?:着)?(?:一定|一些|不少|部分|以下|如下|"
    r"不小)?的?(?:问题|不足|差距|短板)(?:和不足|和差距)?|[^，,]{0,40}(?:要求|期盼|期待|目标)相比|对照[^，,]{0,30}|"
    r"主要(?:表现|体现)(?:在|为)|具体(?:表现|体现)(?:在|为))$"
)
_GENERIC_PIECE = re.compile(r"^(?:一些|一定|部分|不少|不小)?的?(?:问题|不足|差距|短板)(?:和(?:问题|不足|差距))?$")
# a clause that says there was none ("未发现明显问题")
NO_PROBLEMS = re.compile(r"(?:未发现|没有|无)(?:明显|突出|重大)?(?:的)?(?:问题|不足)|不存在(?:明显|突出)?(?:的)?问题")
_LIST_LEAD = re.compile(r"(?:存在(?:着)?|主要是|主要有|主要表现在|主要体现在|表现为|体现在|[，,：:]如|^如|比如|例如)[:：]?")
_LIST_TAIL = re.compile(r"(?:等(?:方面)?(?:的)?(?:问题|不足|情况|现象)?|的问题|等)$")
_CONNECTIVE = re.compile(r"(?:但是|但|而且|并且|同时|此外|另外|虽然|然而|且|仍然|仍|还|也|其中)[，,]?")
# the words that announce measures, at the start of a measure sentence
_ANNOUNCE = re.compile(
    r"^(?:针对[^，,。]{0,30}[，,])?(?:(?:下一步|下阶段|下一阶段|今后|20\d\d\s*年(?:度)?)[，,]?)?"
    r"(?:[^，,。]{0,16}?将(?:从以下[^，,。]*|重点)?[，,：:]?)?"
)
_ANNOUNCE_ONLY = re.compile(r"以下|如下|几个方面|几方面")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    title_end: int  # end of the item's title (its text up to the first 。), for the categories


def part_items(text: str, part: Part) -> list[Span]:
    units = _enumerated(text, part.start, part.end)
    if units is not None:
        items: list[Span] = []
        lead = text[part.start : units[0][0]].rstrip()
        if part.kind == ItemKind.problem and not lead.endswith(("：", ":")):  # "…等方面仍需提升：一是…" announces
            items += _problem_items(text, part.start, units[0][0])
        for _, s, e in units:
            inner = _enumerated(text, s, e)
            if inner is not None and _is_title(text[s : inner[0][0]]):
                items += [_span(text, a, b) for _, a, b in inner]
            else:
                items.append(_span(text, s, e))
        return [i for i in items if i.end > i.start]
    if part.kind == ItemKind.problem:
        return _problem_items(text, part.start, part.end)
    if part.kind == ItemKind.measure:
        return _sentences(text, part.start, part.end, strip_announce=True)
    return _sentences(text, part.start, part.end, strip_announce=False)


def _enumerated(text: str, start: int, end: int) -> list[tuple[int, int, int]] | None:
    """The units (marker start, text start after the marker, end at the next marker) of the first enumeration
    with at least two items in order."""
    best: list[re.Match[str]] | None = None
    piece = text[start:end]  # searched on its own, so that a marker opening the part is at "^"
    for fam, pat in _FAMILIES.items():
        run: list[re.Match[str]] = []
        for m in pat.finditer(piece):
            n = _ordinal(fam, m.group("n"))
            if n == len(run) + 1:
                run.append(m)
            elif n == 1 and len(run) < 2:
                run = [m]
        if len(run) >= 2 and (best is None or run[0].start() < best[0].start()):
            best = run
    if best is None:
        return None
    ends = [start + m.start() for m in best[1:]] + [end]
    return [(start + m.start(), start + m.end(), e) for m, e in zip(best, ends, strict=True)]


def _ordinal(fam: str, n: str) -> int:
    if fam == "circled":
        return _CIRCLED.index(n) + 1
    if n.isdigit():
        return int(n)
    return {"十": 10}.get(n, CN.index(n) + 1)


def _is_title(s: str) -> bool:
    """The text before an inner enumeration is a title (a short phrase), not a statement of its own."""
    s = _JUNK.sub("", s).strip(_TRIM)
    return len(s) <= 30 and not re.search(r"[。；;]", s)


def _span(text: str, start: int, end: int) -> Span:
    """``text[start:end]`` without surrounding blanks, junk and final punctuation."""
    j = _JUNK.search(text, start, end)
    while j is not None and not text[start : j.start()].strip(_TRIM):
        start = j.end()
        j = _JUNK.search(text, start, end)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    stops = [i for i in (text.find("。", start, end), text.find("，", start, end)) if i > 0]
    return Span(start, end, min(stops) if stops else end)


def _clauses(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    out, s = [], start
    for i in range(start, end):
        if text[i] in seps:
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip(_TRIM)]


def _problem_items(text: str, start: int, end: int) -> list[Span]:
    items: list[Span] = []
    for s, e in _clauses(text, start, end, "。！!？?\n" if "\n\n" in text[start:end] else "。！!？?"):
        items += _sentence_problems(text, s, e)
    return items


def _sentence_problems(text: str, start: int, end: int) -> list[Span]:
    sentence = text[start:end]
    flat = sentence.replace("\n", "")
    lead = None  # the last list lead followed by a list
    for m in _LIST_LEAD.finditer(sentence):
        if re.search(r"[、，,；;]", sentence[m.end() :]):
            lead = m
    if lead is not None:
        a = start + lead.end()
        b = end
        tail = _LIST_TAIL.search(text[a:b].rstrip(_TRIM))
        if tail:
            b = a + tail.start()
        pieces = _clauses(text, a, b, "、，,；;")
        named = [(p, q) for p, q in pieces if not _GENERIC_PIECE.match(text[p:q].strip(_TRIM).replace("\n", ""))]
        if len(pieces) >= 2 and named:
            return [_trimmed(text, p, q) for p, q in named]
    if not _DEFICIENT.search(flat):
        return []
    out = []
    pending: tuple[int, int] | None = None
    for p, q in _clauses(text, start, end, "，,；;"):
        clause = text[p:q].strip(_TRIM).replace("\n", "")
        if _GENERIC.match(_CONNECTIVE.sub("", clause, count=1)) or NO_PROBLEMS.search(clause):
            pending = None
            continue
        if _DEFICIENT.search(clause):
            out += _shared_predicate(text, pending[0] if pending else p, p, q)
            pending = None
        elif clause.startswith("以及") and out:
            out.append(_trimmed(text, p + text[p:q].index("以及") + 2, q))
        else:
            pending = (p, q)
    return out


def _shared_predicate(text: str, first: int, start: int, end: int) -> list[Span]:
    """A clause "A、B仍需要加强": A and B are two problems when each is a phrase of its own (5+ characters)."""
    if first < start:  # a clause without a predicate before this one belongs to it
        return [_trimmed(text, first, end)]
    pieces = _clauses(text, start, end, "、")
    if len(pieces) >= 2 and all(len(text[p:q].strip(_TRIM)) >= 5 for p, q in pieces):
        return [_trimmed(text, p, q) for p, q in pieces]
    return [_trimmed(text, start, end)]


def _trimmed(text: str, start: int, end: int) -> Span:
    """A problem's span without the leading connective ("但", "仍") and the trailing "等(问题)"."""
    span = _span(text, start, end)
    m = _CONNECTIVE.match(text[span.start : span.end])
    s = span.start + m.end() if m and m.end() < span.end - span.start else span.start
    e = span.end
    tail = _LIST_TAIL.search(text, s, e)
    if tail and tail.start() > s + 2:
        e = tail.start()
    return _span(text, s, e)


def _sentences(text: str, start: int, end: int, *, strip_announce: bool) -> list[Span]:
    out = []
    for s, e in _clauses(text, start, end, "。！!？?；;"):
        span = _span(text, s, e)
        body = text[span.start : span.end]
        if strip_announce:
            m = _ANNOUNCE.match(body)
            if m and m.end() < len(body):
                rest = body[m.end() :]
                if _ANNOUNCE_ONLY.search(body[: m.end()] + rest[:12]) and len(rest.strip(_TRIM)) < 12:
                    continue
                span = _span(text, span.start + m.end(), span.end)
            # a short sentence that only announces ("主要将从以下几个方面加以改进")
            if _ANNOUNCE_ONLY.search(body) and len(body) < 40 and not re.search(r"[，,]", body[-20:]):
                continue
        if span.end > span.start:
            out.append(span)
    return out
