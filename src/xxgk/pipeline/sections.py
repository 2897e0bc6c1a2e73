"""Split a report into its six sections.

A heading is a short line that carries a known heading text (spec §1), optionally after its numeral
("三、", "5、" as Word numbering flattens it) or with none at all. Requiring the heading text is what
keeps table 三's own row labels ("一、本年新收…", "四、结转下年度继续办理") and list items ("1、…") from
being taken for headings. Headings are taken in order; a numbered candidate wins over an unnumbered one.
When a table section has no heading (seed 004 has no "二、"), its table is found by an anchor instead
(the 第二十条 caption, the 勾稽关系 note, the 行政复议/行政诉讼 header).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from xxgk.core.text import NormText, squash, undecorated
from xxgk.pipeline.tables.tokens import Line

_NUMERALS = "一二三四五六"
_PREFIX = re.compile(r"^(?:(?P<cn>[一二三四五六七八九十])[、.,:]|[(](?P<pcn>[一二三四五六七八九十])[)][、.]?"
                     r"|(?P<ar>[1-9])[、.]|第(?P<part>[一二三四五六])部分[、:.]?)")

_TOPICS: dict[int, re.Pattern[str]] = {
    1: re.compile(r"^(?:总体情况|概述|总体概况|基本情况|工作概况)"),
    2: re.compile(r"^主动公开(?:政府)?信息(?:的)?(?:情况|工作情况)"),
    3: re.compile(r"^收到(?:和|的|及|与)?处理(?:政府)?信息公开申请(?:的)?情况"),
    4: re.compile(r"(?:行政复议|复议).{0,8}(?:行政诉讼|诉讼)(?:的)?情况|^政府信息公开(?:工作)?(?:被申请)?行政复议"),
    5: re.compile(r"存在(?:的)?(?:主要)?问题(?:及|和|与)?(?:改进|整改)|^(?:主要)?问题(?:及|和)改进"),
    6: re.compile(r"^其他需要报告的事项"),
}
_MAX_HEADING = 48
# cheap pre-filter on the raw line: every heading text holds one of these
_HINT = re.compile(r"总体|概述|概况|基本情况|主动公开|处理|复议|问题|其他需要")

_ANCHORS: dict[int, re.Pattern[str]] = {
    2: re.compile(r"第二十条第"),
    3: re.compile(r"勾稽关系|本年新收政府信息公开申请|^申请人情况"),
    4: re.compile(r"^行政复议(?:行政诉讼)?$|^行政复议行政诉讼"),
}


# section 五 whose heading was lost (a converter dropped it): the first sub-heading about problems after the
# tables, e.g. "（一）2024 年工作中存在问题的改进情况" or "（二）存在的主要问题"
_PROBLEMS_SUBHEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十]、|\d[、.])?[^。；;，,]{0,24}"
    r"(?:存在的?(?:主要)?问题|主要问题|问题(?:的)?(?:整改|改进)|不足之处)[^。；;，,]{0,12}$"
)
_TABLE_ROW = re.compile(r"\d+\D+\d+\D+\d+")


@dataclass(slots=True)
class SectionSpan:
    number: int
    heading: str | None  # as printed (normalised); None when found by anchor
    start: int  # offset of the heading line (or the anchor line)
    body_start: int  # first offset after the heading line
    end: int = -1  # start of the next section (or end of text)
    line: int = 0


def _heading_number(s: str) -> tuple[int | None, str]:
    m = _PREFIX.match(s)
    if not m:
        return None, s
    if m.group("cn") or m.group("pcn"):  # (一、 or （一）: a report that numbers its sections as sub-items)
        num = "一二三四五六七八九十".index(m.group("cn") or m.group("pcn")) + 1
    elif m.group("ar"):
        num = int(m.group("ar"))
    else:
        num = _NUMERALS.index(m.group("part")) + 1
    return num, s[m.end() :]


def _sole_cell(row: str) -> str | None:
    """The text of a Markdown row's only non-empty cell (``| 一、总体情况 |``, ``| 二、… | | |``), else None."""
    cells = [c.strip() for c in row.strip().strip("|").split("|") if c.strip()]
    return cells[0] if len(cells) == 1 else None


def _heading_text(text: str) -> str:
    """A heading line as printed, without the bars of a Markdown row that holds it (``| 一、总体情况 |``)."""
    s = text.strip()
    return (_sole_cell(s) or s) if s.startswith("|") else s


def heading_candidates(lines: list[Line]) -> dict[int, list[tuple[int, bool]]]:
    """section number -> [(line index, numbered consistently)] for every line that reads as a heading."""
    out: dict[int, list[tuple[int, bool]]] = {k: [] for k in _TOPICS}
    for i, ln in enumerate(lines):
        t = ln.text
        if len(t) > 4 * _MAX_HEADING or not (_HINT.search(t) or (" " in t.strip() and _HINT.search(squash(t)))):
            continue
        if t.lstrip().startswith("|"):  # a heading alone in a Markdown row (a PDF's text box written as a
            cell = _sole_cell(t)  # table; a table's first row "| 二、主动公开政府信息情况 | | |")
            if cell is None:
                continue
            t = cell
        s = undecorated(squash(t))  # "## **三、收到和处理…**" (Markdown from converters)
        if not s or len(s) > _MAX_HEADING:
            continue
        num, rest = _heading_number(s)
        for k, pat in _TOPICS.items():
            if pat.search(rest):
                if num is None or num == k:
                    out[k].append((i, num == k))
                break
    return out


def split_sections(nt: NormText, lines: list[Line] | None = None) -> dict[int, SectionSpan]:
    lines = lines if lines is not None else [Line(s, t, i + 1) for i, (s, t) in enumerate(nt.lines())]
    cands = heading_candidates(lines)
    found: dict[int, SectionSpan] = {}
    after = -1  # headings must come in order
    for k in sorted(_TOPICS):
        options = [(i, numbered) for i, numbered in cands[k] if i > after]
        if not options:
            continue
        numbered = [i for i, ok in options if ok]
        i = numbered[0] if numbered else options[0][0]
        # an unnumbered match must not jump over a later section's numbered heading
        if not numbered:
            later = [j for kk in range(k + 1, 7) for j, ok in cands[kk] if ok and j > after]
            if later and i > min(later):
                continue
        ln = lines[i]
        body = ln.start + len(ln.text)
        if nt.text[body : body + 1] == "\n":  # (a piece of a cut line is followed by the next piece)
            body += 1
        found[k] = SectionSpan(k, _heading_text(ln.text), ln.start, body, line=ln.number)
        after = i

    # table sections without a heading: find their table by an anchor line between the neighbours
    for k in (2, 3, 4):
        if k in found:
            continue
        lo = max((found[j].body_start for j in found if j < k), default=0)
        hi = min((found[j].start for j in found if j > k), default=len(nt.text))
        for ln in lines:
            if lo <= ln.start < hi and _ANCHORS[k].search(squash(ln.text)):
                found[k] = SectionSpan(k, None, ln.start, ln.start, line=ln.number)
                break

    if 5 not in found and 6 in found:
        headless = _headless_problems(lines, found)
        if headless is not None:
            found[5] = headless

    ordered = sorted(found.values(), key=lambda s: s.start)
    for i, cur in enumerate(ordered):
        cur.end = ordered[i + 1].start if i + 1 < len(ordered) else len(nt.text)
        if cur.end < cur.body_start:  # two sections on one line
            cur.body_start = cur.end
    return found


# headings inside a long line (one-line scrapes): the numeral is required there, and the topic is read
# right after it; the line is cut before the numeral and after the topic
_MID_TOPICS = (
    r"总体情况|概述|总体概况|基本情况|工作概况",
    r"主动公开(?:政府)?信息(?:的)?(?:工作)?情况",
    r"收到(?:和|的|及|与)?处理(?:政府)?信息公开申请(?:的)?情况",
    r"(?:因)?(?:政府信息公开(?:工作)?)?(?:被申请|被)?(?:行政复议|复议)[^。;]{0,12}?(?:行政诉讼|诉讼)(?:的)?情况",
    r"(?:政府信息公开)?(?:工作)?存在(?:的)?(?:主要)?问题(?:及|和|与)?(?:改进|整改)(?:情况|措施)?"
    r"|(?:主要)?问题(?:及|和)改进(?:情况|措施)?",
    r"其他需要报告的事项",
)
_MID_HEADING = re.compile(
    "|".join(f"(?P<h{k}>(?:[{n}]|{k})\\s*[、.]\\s*(?:{t}))"
             for k, (n, t) in enumerate(zip("一二三四五六", _MID_TOPICS, strict=True), 1))
    # 五 and 六 printed with no numeral (seed 002): after a boundary, and not inside an enumeration
    + "|" + "|".join(f"(?<=[\\s。;；\\d)）])(?:{t})(?![,，、;；和及与的])" for t in _MID_TOPICS[4:])
)
# a section heading (with its numeral) or a table caption printed beside a line's text after a wide gap:
# a PDF page laid out in two columns, its text sorted by height (PyMuPDF's sort, pdftotext -layout), puts
# the next column's heading on the line of a table row ("行政事业性收费      128.35     三、收到和处理…")
_BESIDE = re.compile(
    r"(?<=\S)(?: {3,}|\t)(?="
    + "|".join(f"[{n}]\\s*[、.]\\s*(?:{t})" for n, t in zip("一二三四五六", _MID_TOPICS, strict=True))
    + r"|第[二〇0-9]{1,3}十?条第[(（][一二三四五六七八九十]{1,3}[)）]项)")
_INDENT = re.compile(r" {2,}")
#: a line longer than this is searched for headings inside it
LONG_LINE = 200


#: lines a text must print before its spacing is judged (see ``single_spaced``)
_SPACED_LINES = 20


def single_spaced(lines: list[Line], nt: NormText) -> tuple[list[Line], list[int] | None]:
    """The lines of a text whose every line break was doubled, with the empty line after each line left out and
    the rest numbered in turn, and each one's line in the file; None for the lines of any other text.

    Such a text (CR CR LF read as two breaks; a converter's paragraphs or cells joined by an empty line:
    docx2txt, ``"\n\n".join``) has an empty line after every line, and each empty line of the text it was made
    from is two more: every run of empty lines between two printed lines is odd (2k + 1 for k), and hardly two
    printed lines stand together (a cell's own line break). Read as it is, every cell of a one-cell-a-line table
    stands alone (a number alone between empty lines looks like a page number) and an empty cell is three empty
    lines; so each run keeps k, and rows, cells and paragraphs stand as they were printed. A form feed (a page's
    end, read as a line break) is no line of the text: not counted, and kept. Offsets stay those of the text;
    the lines are numbered as they now stand (the line right below another is the next one, as layout text's
    rules read it), and ``extract`` gives the file's numbers back to the report."""
    def page_break(ln: Line) -> bool:
        return not ln.text and nt.raw[nt.to_raw(ln.start) : nt.to_raw(ln.start) + 1] == "\f"

    printed = [i for i, ln in enumerate(lines) if ln.text]  # (a line of spaces may be a blank cell: printed)
    if len(printed) < _SPACED_LINES:
        return lines, None
    runs = [[ln for ln in lines[a + 1 : b] if not page_break(ln)] for a, b in itertools.pairwise(printed)]
    if any(len(run) % 2 == 0 and run for run in runs) or sum(1 for run in runs if not run) > 0.05 * len(runs):
        return lines, None
    out = lines[: printed[0] + 1]
    for (a, b), run in zip(itertools.pairwise(printed), runs, strict=True):
        kept = {id(ln) for ln in run[: len(run) // 2]}  # (a run of 2k + 1 empty lines keeps k)
        out += [ln for ln in lines[a + 1 : b] if id(ln) in kept or page_break(ln)]
        out.append(lines[b])
    out += lines[printed[-1] + 1 :]
    return [Line(ln.start, ln.text, i + 1) for i, ln in enumerate(out)], [ln.number for ln in out]


_DRAWN_ROW = re.compile(r"^\s*[|│+├┌└](?:[^|│]*[|│]){3}")  # a row of a table drawn with bars


def cut_long_lines(lines: list[Line]) -> list[Line]:
    """Lines with section headings inside them (a report scraped onto one line) cut into pieces: before
    each heading and after its topic text, so that every heading stands on a line of its own, and after
    every run of two or more spaces (the ideographic indent "　　" that opens a paragraph in scraped
    text). Offsets are unchanged (pieces are slices of the same text); short lines are kept as they are."""
    out: list[Line] = []
    for ln in lines:
        if len(ln.text) <= LONG_LINE:
            beside = _BESIDE.search(ln.text) if "   " in ln.text or "\t" in ln.text else None
            if beside is None:
                out.append(ln)
            else:  # (the text before the gap, then what stands beside it)
                cut = beside.end()
                out += [Line(ln.start, ln.text[:cut], ln.number), Line(ln.start + cut, ln.text[cut:], ln.number)]
            continue
        headings = list(_MID_HEADING.finditer(ln.text))
        if not headings and _DRAWN_ROW.match(ln.text):
            out.append(ln)  # a wide row of a drawn table (pandoc's grid tables): its spaces pad cells
            continue
        cuts = {0, len(ln.text)}
        for m in headings:
            cuts.update((m.start(), m.end()))
        cuts.update(m.end() for m in _INDENT.finditer(ln.text))
        points = sorted(cuts)
        for a, b in itertools.pairwise(points):
            out.append(Line(ln.start + a, ln.text[a:b], ln.number))
    return out


def section_lines(lines: list[Line], span: SectionSpan) -> list[Line]:
    """The lines (sorted by start) that begin inside the section's body."""
    starts = [ln.start for ln in lines]
    return lines[bisect.bisect_left(starts, span.body_start) : bisect.bisect_left(starts, span.end)]


def clip_lines(lines: list[Line], start: int, end: int) -> list[Line]:
    """The parts of ``lines`` (sorted by start) that fall within [start, end) (a line that runs past either
    end is cut)."""
    starts = [ln.start for ln in lines]
    first = max(0, bisect.bisect_right(starts, start) - 1)
    out = []
    for ln in lines[first : bisect.bisect_left(starts, end)]:
        stop = ln.start + len(ln.text)
        if start <= ln.start and stop <= end:
            if ln.text:
                out.append(ln)  # (inside: kept as it is)
            continue
        a, b = max(ln.start, start), min(stop, end)
        if a < b:
            out.append(Line(a, ln.text[a - ln.start : b - ln.start], ln.number))
    return out


def _headless_problems(lines: list[Line], found: dict[int, SectionSpan]) -> SectionSpan | None:
    """Section 五 without its heading: a sub-heading about problems between the last section before 六 and 六,
    with no table row after it (so it is not a label inside table 三 or 四)."""
    lo = max(s.body_start for k, s in found.items() if k < 6) if any(k < 6 for k in found) else 0
    hi = found[6].start
    inside = [ln for ln in lines if lo <= ln.start < hi]
    for i, ln in enumerate(inside):
        text = squash(ln.text)
        if len(text) <= 40 and _PROBLEMS_SUBHEADING.match(text) \
                and not any(_TABLE_ROW.search(squash(x.text)) for x in inside[i + 1 :]):
            return SectionSpan(5, None, ln.start, ln.start, line=ln.number)
    return None


# where each table's own lines begin: its first caption or header cell
_TABLE_OPENS = {"t2": re.compile(r"第二十条"), "t3": re.compile(r"申请人情况|本年新收政府信息公开申请"),
                "t4": re.compile(r"结果维持")}


def displaced_tables(lines: list[Line], spans: dict[int, SectionSpan], names: list[str]) -> dict[str, list[Line]]:
    """The lines of tables printed away from their sections: a page laid out in a table, whose extractor
    (trafilatura) keeps the layout cell's text, every heading in it, then the tables nested in it, or a CMS
    that puts the tables after the article. For each of ``names`` (tables whose section holds no line), the
    lines after the last section's heading from the table's first caption or header cell (``第二十条``,
    ``申请人情况``, ``结果维持``) to the next such start of another table. Tables found in their own sections
    are not looked for."""
    if not spans or not names:
        return {}
    last = max(spans.values(), key=lambda s: s.start)
    after = section_lines(lines, last)
    opens: dict[str, int] = {}
    for name, pattern in _TABLE_OPENS.items():
        i = next((i for i, ln in enumerate(after) if pattern.search(ln.text)), None)
        if i is not None:
            opens[name] = i
    if "t4" in opens:  # the header row above 结果维持 (行政复议 / 行政诉讼)
        i = opens["t4"]
        opens["t4"] = next((j for j in range(i, max(i - 3, -1), -1) if "行政复议" in after[j].text), i)
    order = sorted(opens.items(), key=lambda kv: kv[1])
    out = {}
    for k, (name, i) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(after)
        if name in names:
            out[name] = after[i:end]
    return out


# the words of each table's rows and headers, to tell which table a block of Markdown rows belongs to
_TABLE_WORDS = {
    "t2": re.compile(r"第二十条|规章|规范性文件|行政许可|行政处罚|行政强制|事业性收费|集中采购|对外管理服务"),
    "t3": re.compile(r"申请人情况|本年新收|上年结转|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|结转下年|"
                     r"国家秘密|禁止公开|三安全一稳定|第三方合法|内部事务|过程性信息|执法案卷|行政查询|不掌握|另行制作|"
                     r"仍不明确|信访|重复申请|出版物|大量反复|重新出具|不补正|缴纳费用"),
    "t4": re.compile(r"行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结"),
}
_SECTION_OF = {"t2": 2, "t3": 3, "t4": 4}
_NUMBER_CELL = re.compile(r"\|\s*[+-]?\d[\d,]*(?:\.\d+)?\s*(?=\|)")


def misplaced_tables(lines: list[Line], spans: dict[int, SectionSpan]) -> dict[str, list[Line]]:
    """Blocks of Markdown table rows standing in a later section than their table's: a pipeline that writes
    each PDF page's text, then the page's tables (pdfplumber's ``extract_text`` and ``extract_tables``), puts
    the rest of table 三 and table 四 after the page's headings 四、 and 五、. A block (lines opening with ``|``,
    rows of two cells or more, one number at least) whose rows name one table's rows more than another's,
    standing after that table's section, is that table's. Table name -> its blocks' lines, in order."""
    out: dict[str, list[Line]] = {}
    starts = sorted((s.start, n) for n, s in spans.items())
    for block in _pipe_blocks(lines):
        if max(ln.text.count("|") for ln in block) < 3 or not any(_NUMBER_CELL.search(ln.text) for ln in block):
            continue
        counts = {name: sum(1 for ln in block if words.search(ln.text)) for name, words in _TABLE_WORDS.items()}
        best = max(counts, key=lambda k: counts[k])
        if counts[best] == 0 or sorted(counts.values())[-2] == counts[best]:
            continue
        at = [n for s, n in starts if s <= block[0].start]
        own = spans.get(_SECTION_OF[best])
        if at and own is not None and at[-1] != own.number and own.start < block[0].start:
            out.setdefault(best, []).extend(block)
    return out


def _pipe_blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    run: list[Line] = []
    for ln in [*lines, Line(-1, "", -1)]:
        if ln.text.lstrip().startswith("|"):
            run.append(ln)
        elif run:
            blocks.append(run)
            run = []
    return blocks
