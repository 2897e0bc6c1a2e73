"""Stage 1 helper for the ``csv`` layout: a line read as a CSV table row (fields between commas, quoted fields,
an empty field a blank cell) or not (a sentence whose normalised "，" are commas, PDF text with thousands
separators)."""

from __future__ import annotations

import re

from xxgk.pipeline.tables.values import parse_value

# a CSV field: in double quotes (a doubled quote inside), or anything up to the next comma (a quote inside a
# field is printed text: normalised “…”)
_CSV_FIELD = re.compile(r'[ \t]*"(?P<q>(?:[^"]|"")*)"[ \t]*(?=,|$)|(?P<p>[^,]*)')


def csv_fields(text: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each field of a CSV line (a quoted field without its quotes; a doubled quote is
    kept as printed), or None when the line does not split as CSV."""
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text.rstrip("\r\n"))
    while True:
        m = _CSV_FIELD.match(text, pos, n)
        if m is None:
            return None
        out.append(m.span("q") if m.group("q") is not None else m.span("p"))
        pos = m.end()
        if pos >= n:
            return out
        if text[pos] != ",":
            return None
        pos += 1
        if pos == n:
            out.append((pos, pos))
            return out


def is_csv_row(text: str) -> bool:
    """A line that reads as a CSV table row (``csv_row``)."""
    return csv_row(text) is not None


def csv_row(text: str) -> list[tuple[int, int]] | None:
    """The fields of a line that reads as a CSV table row, else None: two fields or more (table 二's 2021
    rows have one value), with a number or an empty field among those after the first, or else every field
    short, whole (no bracket left open), without digits and no sentence (a header row). A sentence is no row
    (its "，" are ASCII commas once normalised): its pieces are long, or cut inside brackets. Nor is PDF text
    with thousands separators (``行政许可 1,234 2,345``): a field holding a number after a space."""
    if "," not in text:
        return None
    fields = csv_fields(text)
    if fields is None or len(fields) < 2:
        return None
    cells = [text[a:b].strip() for a, b in fields]
    if any(_SPACED_NUMBER.search(f) for f in cells):
        return None
    if any(not f or parse_value(f) is not None for f in cells[1:]):
        return fields
    # (normalised Chinese text has ASCII commas: a label cut at its commas leaves a bracket open in a field,
    # "(二)部分公开(区分处理的" / "只计这一情形" / "不计其他情形)")
    header = all(len(f) <= _CSV_HEADER_CELL and "。" not in f and f.count("(") == f.count(")")
                 and not any(ch.isdigit() for ch in f) for f in cells)
    return fields if header else None


_SPACED_NUMBER = re.compile(r"\d\s+[+-]?\d|\s[+-]?\d+$")
_CSV_HEADER_CELL = 24  # characters: the longest header cell of the template is 20
