"""Reading one cell's text as a value: number, signed change, money with unit, blank or not-applicable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from xxgk.core.model import CellState

_NUM = re.compile(
    r"^(?P<sign>[+-]?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|元|件|个|项|条|次|人次)?$"
)
_WORD_SIGN = re.compile(r"^(?P<word>增加|新增|增|减少|减)(?P<num>\d+)(?:项|个|件)?$")
_NOT_APPLICABLE = frozenset({"/", "-", "--", "—", "——", "–", "―", "――", "无", "空", "N/A", "NA", "n/a", "\\", "×"})
# zero written as a character (〇, the numeral; 零, the word): a count of 0, its raw text kept
_ZERO_WORDS = frozenset({"〇", "零"})
# what a data frame prints for a missing value (pandas' to_markdown and to_string, a database's NULL): a blank cell
_NULL_WORDS = frozenset({"nan", "NaN", "NAN", "None", "null", "NULL", "<NA>", "NaT"})
# (― is U+2015, the horizontal bar some CMS editors put in an empty cell: v09's page)
_PAGE_NUMBER = re.compile(r"^[-—–－]{1,2}\s*\d{1,3}\s*[-—–－]{1,2}$")
# a page footer "page/pages" (Word's PAGE / NUMPAGES fields: "2/4", "2/ 4")
_PAGE_SLASH = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
# a page footer that counts the pages: "第 3 页 共 6 页", "第3页/共6页", "共6页 第3页"
_PAGE_OF = re.compile(r"^(?:第\s*\d{1,3}\s*页\s*[,，/、]?\s*(?:共\s*\d{1,3}\s*页)?"
                      r"|共\s*\d{1,3}\s*页\s*[,，/、]?\s*第\s*\d{1,3}\s*页)$")


@dataclass(frozen=True, slots=True)
class Value:
    state: CellState
    value: int | Decimal | None = None
    unit: str | None = None
    signed: bool = False  # printed with an explicit sign or 增/减 word


BLANK = Value(CellState.blank)
NOT_APPLICABLE = Value(CellState.not_applicable)
ZERO_WORD = Value(CellState.number, 0)  # 〇 or 零 alone in a cell
#: a cell that prints several numbers apart ("53 0": two columns a converter merged into one cell, camelot's
#: and tabula's stream mode, markitdown): no one number; never the digits joined (530)
AMBIGUOUS = Value(CellState.ambiguous)


@lru_cache(maxsize=8192)
def parse_value(text: str) -> Value | None:
    """The value a normalised cell text holds, or None when the text is not a value (a label)."""
    s = text.strip()
    if not s:
        return BLANK
    if " " in s or "\n" in s:
        if several_numbers(s):
            return AMBIGUOUS
        s = "".join(s.split())
    m = _NUM.match(s)
    if m:
        num = m.group("num").replace(",", "")
        try:
            value: int | Decimal = Decimal(num) if "." in num else int(num)
        except (ValueError, InvalidOperation):  # pragma: no cover - the regex guarantees digits
            return None
        if m.group("sign") == "-":
            value = -value
        unit = m.group("unit")
        return Value(CellState.number, value, unit if unit in ("元", "万元") else None, bool(m.group("sign")))
    if s in _ZERO_WORDS:
        return ZERO_WORD
    if s in _NOT_APPLICABLE:
        return NOT_APPLICABLE
    if s in _NULL_WORDS:
        return BLANK
    m = _WORD_SIGN.match(s)
    if m:
        n = int(m.group("num"))
        return Value(CellState.number, -n if m.group("word").startswith("减") else n, None, True)
    return None


def several_numbers(text: str) -> bool:
    """Whether a cell's text is two or more numbers apart ("53 0", "1 0 11"), each a value of its own and at
    least one a number: cells run into one (a number and its unit apart, "542.16 万元", are one value)."""
    parts = text.split()
    if len(parts) < 2:
        return False
    values = [parse_value(p) for p in parts]
    return all(v is not None for v in values) and any(v is not None and v.value is not None for v in values)


def two_numbers(line: str) -> bool:
    """Whether a line prints two numbers apart, with or without a label before them (``规章  1   11``: a text
    browser's row, whose blank cells print spaces), unlike ``several_numbers``'s cell of numbers only. A page's
    footer (``第 3 页 共 6 页``) prints none."""
    words = line.split()
    if len(words) < 2 or is_page_furniture(line):
        return False
    return sum(1 for w in words if _DIGIT.search(w) and parse_value(w) is not None) >= 2


_DIGIT = re.compile(r"\d")


# the column numbers pandas prints over a table it read without a header row ("0  1  2  3", "| 0 | 1 | 2 |",
# "0,1,2,3"): a line of the integers 0, 1, 2 … in order and nothing else
_POSITIONS = re.compile(r"[\s|,:\-]*0(?:[\s|,]+\d+)+[\s|,]*")


def is_positional_header(line: str) -> bool:
    """A line of column numbers 0, 1, 2 … (at least three, in order): a data frame's header, no table row."""
    if _POSITIONS.fullmatch(line) is None:
        return False
    numbers = [int(n) for n in re.findall(r"\d+", line)]
    return len(numbers) >= 3 and numbers == list(range(len(numbers)))


# a running header: the report's title at the top of every page ("云江省人民政府 2021 年政府信息公开工作年度报告")
_RUNNING_TITLE = re.compile(r"信息公开(?:工作)?的?(?:年度)?(?:工作)?(?:情况)?(?:报告|年报)\s*$")


def is_page_furniture(line: str) -> bool:
    """What a PDF's pages print around their content, never table content: a page number ("- 3 -"), a footer
    that counts the pages ("第 3 页 共 6 页", "2/ 4"), a running header that is the report's title."""
    if "/" in line and _PAGE_SLASH.match(line.strip()):
        return True
    if "页" in line:
        return bool(_PAGE_OF.match(line.strip()))
    if "报" in line:
        return bool(_RUNNING_TITLE.search(line))
    return ("-" in line or "—" in line or "–" in line or "－" in line) and bool(_PAGE_NUMBER.match(line.strip()))
