"""A report saved as a string's literal rather than the string: ``"一、总体情况\\n（一）…\\t12\\t…"``.

Crawlers keep a page's text as a string, and the scripts around them now and then write the string's literal
instead of its text: ``json.dumps(text)`` into a ``.txt`` (the whole file one JSON string, every line break
an ``\\n``, every tab a ``\\t``; with ``ensure_ascii``, Python's default, every CJK character a ``\\uXXXX``), a
Python ``repr(text)``, or a text whose escapes were escaped once more than they were read back (a record's
body that still reads ``…\\n…`` once its JSON is parsed; a database export that escapes line breaks). Read as
it is, such a file is one line of escapes: no section heading, "not a report", or a table whose cells are
glued by ``\\t``. The text it holds is read instead: the file's offsets then refer to that text, as for a
crawler record's body (``crawl_record``), and the reader says so in a note.

Two shapes are told apart:

* ``string_literal``: the whole file (spaces around it aside) is one JSON or Python string literal, in double
  or single quotes, that parses as one;
* ``escaped_text``: no quotes around it, but its line breaks are escapes: at least ``MIN_ESCAPES`` line-break
  escapes (``\\n``, ``\\r``) and more than ``ESCAPES_PER_LINE`` of them for each real line break. Only the
  escapes of a string literal are undone (``\\n \\r \\t \\" \\' \\\\ \\/ \\b \\f``, ``\\uXXXX``, ``\\xXX``);
  Markdown's escaped punctuation (``\\+38``, ``1\\.``) is no string escape and stays as printed.
"""

from __future__ import annotations

import ast
import json
import re

#: fewest line-break escapes that make a text with none of its own an escaped text (a report has dozens)
MIN_ESCAPES = 10
#: line-break escapes for each real line break above which the escapes are the text's lines
ESCAPES_PER_LINE = 4

_LINE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[nr]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrt\"'\\/bf]))")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\", "/": "/", "b": "\b", "f": "\f"}


def string_literal(text: str) -> str | None:
    """The string that ``text``, one JSON or Python string literal, stands for; None when it is not one."""
    s = text.strip()
    if len(s) < 2 or s[0] not in "\"'" or s[-1] != s[0]:
        return None
    if s[0] == '"':
        try:
            value = json.loads(s)
        except ValueError:
            value = None
        if isinstance(value, str):
            return value
    if "\n" in s:  # (a literal holds no raw line break: a text that merely opens and ends with a quote)
        return None
    try:
        value = ast.literal_eval(s)  # (a Python repr: single quotes, \x escapes; literals only, never code)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def escaped_text(text: str) -> str | None:
    """``text`` with its string escapes undone, when its line breaks are escapes (see the module's doc)."""
    if "\\" not in text:
        return None
    escapes = sum(1 for _ in _LINE_ESCAPE.finditer(text))
    if escapes < MIN_ESCAPES or escapes <= ESCAPES_PER_LINE * text.count("\n"):
        return None
    return unescape(text)


def unescape(text: str) -> str:
    """A string literal's escapes undone, left to right (``\\\\n`` is a backslash and an n); a surrogate pair
    written as two ``\\u`` escapes becomes its one character."""
    def one(m: re.Match[str]) -> str:
        code, byte, simple = m.groups()
        if simple is not None:
            return _SIMPLE[simple]
        return chr(int(code or byte, 16))

    out = _ESCAPE.sub(one, text)
    if any("\ud800" <= ch <= "\udfff" for ch in out):
        out = out.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return out
