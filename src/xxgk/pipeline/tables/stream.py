"""Stage 1 for tables printed without line structure (the ``stream`` layout): a table section's characters
to text and number tokens, wherever the line breaks are or are not.

Scrapers that join a page's text nodes (corpus 001–005), CSV exports and flattened PDFs print a table as
one run of characters: ``规章000行政规范性文件1126第二十条第（五）项信息内容本年处理决定数量行政许可3189``.
There is no cell separator, so the only structure left is the template's own vocabulary. This stage cuts
the stream into

- **number tokens**: maximal runs of digits with an optional leading sign and an optional decimal part
  and money unit (``1126``, ``+82179``, ``225253.168万元``). A run may hold several cells glued together;
  splitting it is left to the placement stage (``xxgk.pipeline.tables.readings``), which knows the column count and
  the identities. Digits inside parentheses (``（其中修订16件）``), dates (``2020年``) and percentages are text;
- **text tokens**: everything else, cut before every numbering marker (``（一）``, ``一、``, ``2.``) and
  before every label of the table's own vocabulary (``规章``, ``信息内容`` …), so that a row label is its
  own fragment however the header words before it were glued to it.

A digit directly followed by ``.`` or ``、`` and a non-digit is the numbering of the next label
(``…00000002.其他法律行政法规禁止公开``: the run is ``0000000``, the ``2.`` opens the next row); the
sub-item numbers of the template are single digits (1–8), so exactly one digit is taken.

Every token keeps its offsets into the normalised document text, like the other tokenizers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from xxgk.core.spec import T2_ROW_LABELS
from xxgk.pipeline.tables.tokens import Line, Token
from xxgk.pipeline.tables.values import BLANK, NOT_APPLICABLE, parse_value

# a number: sign, digits (thousands separators allowed), decimals, money unit
_NUMBER = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?(?:万元|元)?")
# what may not follow a number for it to be a cell value (dates, percentages, ordinals, quantities in prose)
_NOT_A_VALUE_AFTER = re.compile(r"\s*(?:年|月|日|号|时|%|个工作日|周岁|岁|次会议|届)")
# a numbering digit: one digit, then "." or "、" and a character that is not a digit
_NUMBERING_DIGIT = re.compile(r"\d[.、](?=\s*[^\d\s])")
_PAREN = re.compile(r"\([^()]{0,80}\)")
# marks of a cell that does not apply, standing alone between numbers or spaces ("3 — — — 3", "0//0")
_NA_CHARS = frozenset("—–-/\\×")
# and "无" ("none"), a mark only where it stands like them: after a number or a space, before one or the end
_NA_MARKS = _NA_CHARS | {"无"}
_ONE_CHAR_MARKS = frozenset("/\\×无")  # (a dash may be printed double, "——": a run of dashes stays one cell)
# cut points inside text: numbering markers ("(一)" not after 第, "一、") and vocabulary labels
_MARKERS = r"(?<!第)\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、|\d[.、](?=[^\d\s])"

# labels of each table's own vocabulary that open a new fragment (longest first)
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "t2": (
        "其他对外管理服务事项", "行政规范性文件", "行政事业性收费", "政府集中采购", "规范性文件", "行政许可",
        "行政处罚", "行政强制", "规章", "第二十条", "信息内容",
        "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "本年处理决定数量",
        "处理决定数量", "采购项目数量", "采购总金额", "本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额",
    ),
    "t3": ("申请人情况",),
    "t4": ("行政复议", "行政诉讼"),
}


@lru_cache(maxsize=4)
def _cut_pattern(table: str) -> re.Pattern[str]:
    words = sorted(_VOCABULARY.get(table, ()), key=len, reverse=True)
    alternatives = [_MARKERS, *(re.escape(w) for w in words)]
    return re.compile("|".join(alternatives))


def tokenize_stream(lines: list[Line], table: str, original: Original | None = None) -> list[Token]:
    """Text and number tokens of a table section, independent of its line breaks (a line break is only
    a separator). ``table``: ``t2``/``t3``/``t4``, whose vocabulary cuts the text. ``original``: the
    original characters of a span of the text; with it, every no-break space printed as such is a blank
    token, the trace an ``&nbsp;`` cell leaves (whether the table's blanks are such traces is for the
    placement to decide: ``place.traces_consistent``)."""
    tokens: list[Token] = []
    cut = _cut_pattern(table)
    for group, ln in enumerate(lines):
        if ln.text.strip():
            tokens.extend(_line_tokens(ln, group, cut, table, original))
    return tokens


Original = Callable[[int, int], tuple[str, list[int]]]
_TRACES = frozenset(("\u00a0", "&nbsp;", "&#160;", "&#xa0;", "&#xA0;"))  # a no-break space, or its reference


def _traces(ln: Line, a: int, b: int, group: int, original: Original | None) -> list[Token]:
    """Blank tokens for the spaces [a, b) of a line, one each, when every one was a no-break space."""
    if original is None:
        return []
    out = []
    for i in range(a, b):
        if original(ln.start + i, ln.start + i + 1)[0] not in _TRACES:
            return []
        out.append(Token(ln.text[i], ln.start + i, ln.start + i + 1, ln.number, group, BLANK))
    return out


def _line_tokens(ln: Line, group: int, cut: re.Pattern[str], table: str,
                 original: Original | None = None) -> list[Token]:
    text = ln.text
    protected = [(m.start(), m.end()) for m in _PAREN.finditer(text)]
    out: list[Token] = []
    text_start: int | None = None  # start of the pending text run
    i, n = 0, len(text)
    pi = 0
    while i < n:
        while pi < len(protected) and protected[pi][1] <= i:
            pi += 1
        if pi < len(protected) and protected[pi][0] <= i < protected[pi][1]:
            if text_start is None:
                text_start = i
            i = protected[pi][1]
            continue
        ch = text[i]
        if ch.isdigit() or (ch in "+-" and i + 1 < n and text[i + 1].isdigit()):
            m = _NUMBER.match(text, i)
            if m is not None:
                end = m.end()
                # the last digit is the numbering of the next label ("…0000002.其他法律…")
                tail = _NUMBERING_DIGIT.match(text, end - 1) if text[end - 1].isdigit() else None
                if tail is not None and end < n and text[end] in ".、" and not _unit_end(m.group()) \
                        and (text[end] == "、" or not text[end + 1 : end + 2].isspace()):
                    end -= 1
                if end > i and not _NOT_A_VALUE_AFTER.match(text, m.end()) and not _glued_to_word(text, i):
                    if text_start is not None:
                        out.extend(_text_tokens(ln, text_start, i, group, cut))
                        text_start = None
                    out.append(Token(text[i:end], ln.start + i, ln.start + end, ln.number, group,
                                     parse_value(text[i:end])))
                    i = end
                    continue
                if text_start is None:
                    text_start = i
                i = max(end, i + 1) if end > i else i + 1
                continue
        if ch in _NA_MARKS:
            j = _marks_end(text, i, text_start, table, cut)
            if j is not None:  # "3 — — 3", "规章///": cells marked not applicable
                if text_start is not None:
                    out.extend(_text_tokens(ln, text_start, i, group, cut))
                    text_start = None
                mark = text[i:j]
                # (marks of one character run together, a cell each: "0/////0", "00000无无无"; a run of dashes is
                # one token, whose cells the placement counts: one dash or two a cell)
                cells = [(k, k + 1) for k in range(i, j)] if len(set(mark)) == 1 and mark[0] in _ONE_CHAR_MARKS \
                    else [(i, j)]
                out += [Token(text[a:b], ln.start + a, ln.start + b, ln.number, group,
                              parse_value(text[a:b]) or NOT_APPLICABLE) for a, b in cells]
                i = j
                continue
        if ch.isspace():
            if text_start is not None:
                out.extend(_text_tokens(ln, text_start, i, group, cut))
                text_start = None
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            out.extend(_traces(ln, i, j, group, original))
            i = j
            continue
        if text_start is None:
            text_start = i
        i += 1
    if text_start is not None:
        out.extend(_text_tokens(ln, text_start, n, group, cut))
    return out


# the row labels of table 二, after which marks glued to the label are its cells ("规章///", "行政许可无"; 规范性文件
# ends 行政规范性文件 too)
_ROW_LABELS = tuple(T2_ROW_LABELS.values())


def _marks_end(text: str, i: int, text_start: int | None, table: str, cut: re.Pattern[str]) -> int | None:
    """The end of a run of not-applicable marks at ``i`` that stands as cells, or None (text). Marks stand
    so after a number, a space or the line's start, up to a number, a space or the line's end ("3 — — 3",
    "0/////0"); and glued to a row label of table 二, or two or more of one mark glued to any word
    ("…尚未审结总计无无无无无"), up to a number, a space, the end, or the next label or numbering marker."""
    j = i
    n = len(text)
    while j < n and text[j] in _NA_MARKS:
        j += 1
    if i == 0 or text[i - 1].isspace() or text[i - 1].isdigit():
        return j if j == n or text[j].isspace() or text[j].isdigit() else None
    if text_start is None or not (j == n or text[j].isspace() or text[j].isdigit() or cut.match(text, j)):
        return None
    mark = text[i:j]
    if table == "t2" and text[text_start:i].endswith(_ROW_LABELS):
        return j
    repeated = j - i >= 2 and len(set(mark)) == 1 and mark[0] in _ONE_CHAR_MARKS
    return j if repeated and _CJK.match(text, i - 1) else None


_CJK = re.compile(r"[\u4e00-\u9fff)）」”]")


def _unit_end(number: str) -> bool:
    return number.endswith("元")


def _glued_to_word(text: str, i: int) -> bool:
    """A number glued to Latin letters is part of a word or code (``N1``, ``GB2312``), not a cell."""
    return i > 0 and text[i - 1].isascii() and text[i - 1].isalpha()


def _text_tokens(ln: Line, a: int, b: int, group: int, cut: re.Pattern[str]) -> list[Token]:
    """Text between a and b (line offsets), cut before numbering markers and vocabulary labels."""
    s = ln.text[a:b]
    points = sorted({0, *(m.start() for m in cut.finditer(s) if m.start() > 0)})
    out = []
    for k, p in enumerate(points):
        q = points[k + 1] if k + 1 < len(points) else len(s)
        piece = s[p:q]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            body = piece.strip()
            out.append(Token(body, ln.start + a + p + lead, ln.start + a + p + lead + len(body), ln.number, group,
                             None))
    return out


# row labels of the three tables, to tell a line that holds several rows
_ROW_WORDS = re.compile(
    "本年新收|上年结转|予以公开|部分公开|国家秘密|禁止公开|三安全一稳定|第三方合法|内部事务|过程性信息|执法案卷|行政查询|"
    "不掌握|另行制作|仍不明确|信访|重复申请|出版物|大量反复|重新出具|不补正|缴纳费用|其他处理|总计|结转下年|"
    "规章|规范性文件|行政许可|对外管理服务|行政处罚|行政强制|事业性收费|集中采购|结果维持|结果纠正|其他结果|尚未审结"
)


_PROSE = re.compile(r"[。，,；;：:！？!?]")


# a row's cells glued after its label to the end of the line: "规章000", "行政许可46+312856", "…271860.42万元"
_GLUED_ROW = re.compile(r"[\u4e00-\u9fff）)”\"](?P<run>[+-]?\d[\d.+\-]*(?:万元|元)?)(?P<blanks>[\s\u00a0\u3000]*)$")


# a row whose cells are run together but for its blank cells' no-break spaces: "…申请数量3·····3" (each · an
# &nbsp; cell of a page whose text nodes were joined with nothing between them, a row a line)
_TRACED_ROW = re.compile(r"[\u4e00-\u9fff）)”\"](?P<run>(?:[+-]?\d[\d.+\-]*)?(?: +[+-]?\d[\d.+\-]*)*)(?P<blanks> *)$")


def _traced_row(ln: Line, original: Original) -> bool:
    """A line ending in a row's cells, numbers run together and blank cells' no-break spaces, at least one (a
    row of blank cells only, ``规章···``, too)."""
    m = _TRACED_ROW.search(ln.text)
    if m is None or " " not in m.group(0):
        return False
    spaces = [i for i in range(m.start("run"), len(ln.text)) if ln.text[i] == " "]
    return all(original(ln.start + i, ln.start + i + 1)[0] in _TRACES for i in spaces)


def glued_rows(lines: list[Line], with_blanks: bool = False, original: Original | None = None) -> int:
    """Lines that each hold one table row with its cells run together: a row label, then without a space a
    run of digits that ends the line, two characters or more or followed by two blank cells or more (a web
    page's rows, one a line, through BeautifulSoup's ``get_text()``: the cells' text nodes joined with
    nothing between them, a blank cell's NBSP the only trace it leaves; with ``original``, also such a row whose
    NBSPs stand between its numbers). Not a label glued to only its first
    number (pypdf, PyMuPDF): there the row's other numbers follow after a space or on the next lines.
    ``with_blanks``: only the rows whose run is followed by blanks (table 三's full digit runs, one a line,
    are read better by their lines: ``lines`` cuts each by its row's identity)."""
    rows = [ln for ln in lines if ln.text.strip()]
    printed = [ln.text for ln in rows]
    n = 0
    for i, text in enumerate(printed):
        if original is not None and _traced_row(rows[i], original) and _ROW_WORDS.search(text):
            n += 1  # (its blanks are traces: the stream reading places its cells by them)
            continue
        m = _GLUED_ROW.search(text)
        blanks = len(m.group("blanks")) >= 2 if m is not None else False
        if m is None or (len(m.group("run")) < 2 and not blanks) or (with_blanks and not blanks) \
                or not _ROW_WORDS.search(text, 0, m.start() + 1):
            continue
        after = printed[i + 1].lstrip()[:1] if i + 1 < len(printed) else ""
        if not (after.isdigit() or after in ("+", "-")):
            n += 1
    return n


def rows_on_one_line(lines: list[Line]) -> int:
    """The most table rows any one line holds: row labels each followed, before the next label, by a
    number outside parentheses. Two or more mean the line structure no longer separates rows (a table
    scraped onto one line) and the ``stream`` layout is the reading that fits."""
    best = 0
    for ln in lines:
        text = ln.text
        if len(text) < 20 or sum(text.count(bar) for bar in "|│┃║") > 2:  # (a row of a drawn table: cells)
            continue
        bare = _PAREN.sub(lambda m: " " * len(m.group()), text)
        hits = list(_ROW_WORDS.finditer(bare))
        count = 0
        for a, b in zip(hits, [*hits[1:], None], strict=False):
            between = bare[a.end() : b.start() if b is not None else len(bare)]
            # a row's values follow its label directly: prose between two labels has punctuation
            if any(ch.isdigit() for ch in between) and not _PROSE.search(between):
                count += 1
        best = max(best, count)
    return best
