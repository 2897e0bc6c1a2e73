"""Grounding: every number and every quote the LLM returns must stand in the text it was given.

Matching is done on a normalised copy (full-width digits and letters → ASCII, whitespace dropped) with a
map back to the original offsets, so a span always points into the text as printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int  # exclusive, in the original text


_NUMBER = re.compile(r"(?<![\d.])[+-]?\d+(?:[,，]\d{3})*(?:\.\d+)?(?![\d])")


class GroundingText:
    """A text to ground answers in: squashed (no whitespace, NFKC) with offsets into the original."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _squashed(self) -> tuple[str, list[int]]:
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(self.text):
            n = unicodedata.normalize("NFKC", ch)
            for c in n:
                if not c.isspace():
                    chars.append(c)
                    index.append(i)
        return "".join(chars), index

    @cached_property
    def numbers(self) -> list[tuple[Decimal, Span]]:
        """Every number printed in the text, in reading order. Digits split by spaces ("1 2") are not
        joined: a number is a run of digits as printed."""
        out = []
        norm = "".join(c if len(n := unicodedata.normalize("NFKC", c)) != 1 else n for c in self.text)
        for m in _NUMBER.finditer(norm):
            try:
                value = Decimal(m.group().replace(",", "").replace("，", "").lstrip("+"))
            except InvalidOperation:
                continue
            out.append((value, Span(m.start(), m.end())))
        return out

    def find_number(self, value: int | Decimal, after: int = 0) -> Span | None:
        """The first place the number stands at or after ``after``, else its first place anywhere. A number
        printed on its own is preferred; else its digits inside a run of glued digits (cells run together,
        "申请数量15130000154"), which is the case the LLM is asked to split."""
        target = Decimal(value)
        first = None
        for v, span in self.numbers:
            if v == target and not self._leading_zero(span):
                if span.start >= after:
                    return span
                first = first or span
        return first or self._in_digit_run(target, after)

    def _leading_zero(self, span: Span) -> bool:
        """"007" or "000" is a run of glued cells, not the number 7 or 0 printed on its own."""
        digits = unicodedata.normalize("NFKC", self.text[span.start : span.end]).lstrip("+-")
        return len(digits) > 1 and digits[0] == "0" and digits[1].isdigit()

    def _in_digit_run(self, target: Decimal, after: int) -> Span | None:
        digits = format(abs(target), "f")
        if not digits.isdigit():
            return None
        first = None
        for _, span in self.numbers:
            run = self.text[span.start : span.end]
            run = unicodedata.normalize("NFKC", run)
            if len(run) <= len(digits) or not run.lstrip("+-").isdigit():
                continue
            i = run.find(digits)
            while i >= 0:
                hit = Span(span.start + i, span.start + i + len(digits))
                if hit.start >= after:
                    return hit
                first = first or hit
                i = run.find(digits, i + 1)
        return first

    def find_quote(self, quote: str) -> Span | None:
        """Where a quoted passage stands, ignoring whitespace and full-width/half-width differences."""
        squashed, index = self._squashed
        q = "".join(c for c in unicodedata.normalize("NFKC", quote) if not c.isspace())
        if not q:
            return None
        i = squashed.find(q)
        if i < 0:
            return None
        return Span(index[i], index[i + len(q) - 1] + 1)
