"""Stage 1 for tables written in a markup language's own table syntax, as document converters write them:
MediaWiki (pandoc ``-t mediawiki``) and AsciiDoc (pandoc ``-t asciidoc``). Each row's cells are one group,
every cell printed, so each token knows how many cells follow it in its row (``from_end``); the lines
outside the tables are read as in the ``lines`` layout."""

from __future__ import annotations

import re

from xxgk.pipeline.tables.linewise import tokenize_lines
from xxgk.pipeline.tables.tokens import Line, Token, apart, cell_token
from xxgk.pipeline.tables.values import is_page_furniture

# MediaWiki's table markup (pandoc's ``-t mediawiki``): ``{|`` opens a table, ``|-`` a row, ``|}`` closes it,
# ``|+`` is its caption; a cell a line (``| 行政复议``, ``! 总计``) or several (``| a || b``), its attributes
# before a bar (``|width="7%"| 行政复议``)
_WIKI_ROW = re.compile(r"^\s*(?:\{\||\|-|\|\}|\|\+)")
_WIKI_CELL = re.compile(r"^\s*[|!]")
_WIKI_ATTRIBUTES = re.compile(r'^\s*(?:[a-z-]+="[^"]*"\s*)+$')


def tokenize_wiki(lines: list[Line]) -> list[Token]:
    """MediaWiki tables: the cells of a row (its lines from one ``|-`` to the next) are one group, an empty
    cell (``|`` alone) a blank token, a cell's attributes dropped; the lines outside the tables (after a
    ``|}``, before the next ``{|``) are read as in the ``lines`` layout."""
    tokens: list[Token] = []
    row: list[Token] = []

    def close() -> None:
        tokens.extend(counted_from_end(row))
        row.clear()

    inside = True  # (a section that starts inside a table: its heading stood in the table's caption row)
    group = 0
    for ln in lines:
        text = ln.text
        if _WIKI_ROW.match(text):
            close()
            inside = not text.lstrip().startswith("|}")
            group = ln.number * 2 + 1  # (the row's cells one group, apart from the lines-layout groups)
            continue
        if not inside or not _WIKI_CELL.match(text):
            close()
            if text.strip() and not is_page_furniture(text):
                tokens.extend(tokenize_lines([ln]))
            continue
        lead = len(text) - len(text.lstrip())
        sep = "!!" if text.lstrip().startswith("!") else "||"
        pos = ln.start + lead + 1
        for part in text[lead + 1:].split(sep):
            cell = part
            attrs, bar, rest = part.partition("|")
            if bar and _WIKI_ATTRIBUTES.match(attrs):
                cell, pos = rest, pos + len(attrs) + 1
            row += apart(cell_token(cell, pos, pos + len(cell), ln.number, group))
            pos += len(cell) + len(sep)
    close()
    return tokens


def counted_from_end(row: list[Token]) -> list[Token]:
    """A row whose every cell is printed, each token told how many cells follow it (``from_end``)."""
    for i, tok in enumerate(row):
        tok.from_end = len(row) - 1 - i
    return row


# AsciiDoc's tables: ``[cols="14%,10%,…",options="header"]`` then ``|===`` open a table, ``|===`` closes it; a bar
# opens each cell (an empty last cell leaves the line ending in a bar), a span's specifier stands before its
# bar (``2+|``, ``.2+|``: at the end of the cell before), and a row may go on over lines until its cells are
# all printed (pandoc writes an empty line after each row)
_ADOC_FENCE = "|==="
_ADOC_ATTRIBUTES = re.compile(r'^\[(?:[a-z]+="?[^\]]*"?,?)+\]\s*$')
_ADOC_COLS = re.compile(r'cols="([^"]*)"')
_ADOC_SPAN = re.compile(r"\s(?:\d+|\.\d+|\d+\.\d+)[+*]\s*$")


def tokenize_asciidoc(lines: list[Line]) -> list[Token]:
    """AsciiDoc tables: a row's cells (over one line or more, until the table's column count, else up to the
    empty line after it) are one group, an empty cell a blank token, span specifiers dropped (a spanned cell
    then reads once, as in a Markdown table); the lines outside the tables as in the ``lines`` layout."""
    tokens: list[Token] = []
    row: list[Token] = []
    columns = 0  # the table's column count, from its ``cols`` attribute (0: unknown)
    inside = False
    group = 0

    def close() -> None:
        tokens.extend(counted_from_end(row))
        row.clear()

    for ln in lines:
        text = ln.text
        stripped = text.strip()
        if stripped == _ADOC_FENCE:
            close()
            inside = not inside
            continue
        if _ADOC_ATTRIBUTES.match(stripped):
            close()
            cols = _ADOC_COLS.search(stripped)
            columns = len(cols.group(1).split(",")) if cols else 0
            continue
        if not inside or not stripped.startswith("|"):
            close()
            if stripped and not is_page_furniture(text):
                tokens.extend(tokenize_lines([ln]))
            continue
        if not row:
            group = ln.number * 2 + 1
        lead = len(text) - len(text.lstrip())
        pos = ln.start + lead + 1
        for part in text[lead + 1:].split("|"):
            cell = _ADOC_SPAN.sub(lambda m: " " * len(m.group()), part)
            row += apart(cell_token(cell, pos, pos + len(cell), ln.number, group))
            pos += len(part) + 1
        if not columns or len(row) >= columns:
            close()
    close()
    return tokens
