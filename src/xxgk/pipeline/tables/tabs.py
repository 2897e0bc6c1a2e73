"""Stage 0 for tab-separated rows that a converter printed otherwise: lines repaired before the tokenizer,
offsets kept (every repair replaces characters one for one, or reads several lines as one).

- ``single_tabs``: cells between pairs of tabs (Resiliparse);
- ``joined_at_tabs``: a browser's ``innerText`` of cells that hold paragraphs or blocks, the tab between two
  cells on a line of its own.
"""

from __future__ import annotations

import re
from itertools import pairwise

from xxgk.pipeline.tables.tokens import Line

_TAB_RUN = re.compile(r"\t+")


def single_tabs(lines: list[Line]) -> list[Line]:
    """Cells separated by two tabs each (Resiliparse's text of a table: ``结果维持\t\t结果纠正``, a blank cell
    ``\t\t\u00a0\t\t``): where every run of tabs in the lines is of an even length, six of them at least, the
    second tab of each pair is read as a space (offsets kept), so that a pair separates two cells."""
    runs = [len(m.group()) for ln in lines if "\t" in ln.text for m in _TAB_RUN.finditer(ln.text)]
    if len(runs) < 6 or any(n % 2 for n in runs):
        return lines
    return [Line(ln.start, ln.text.replace("\t\t", "\t "), ln.number) if "\t" in ln.text else ln for ln in lines]


def joined_at_tabs(lines: list[Line]) -> list[Line]:
    """A browser's ``innerText`` of a table whose cells hold paragraphs (``<td><p>…</p></td>``): each cell's text
    between empty lines, the tab between two cells on a line of its own (``规章`` / `` `` / ``\\t`` / `` `` /
    ``0``; cells that hold blocks: ``规章`` / ``\\t`` / ``0``, rows apart by empty lines). Where six lines or more
    hold only a tab, each between two cells, the lines from a cell to the next cell over such a line are read as
    one line, its line breaks as spaces (offsets kept): a row of tab-separated cells. Two lines of text with no
    tab line between them are two rows (or a paragraph's lines)."""
    tabs = [i for i, ln in enumerate(lines) if ln.text == "\t"]
    if len(tabs) < 6 or tabs[0] == 0 or tabs[-1] + 1 == len(lines) \
            or any(b.start <= a.start + len(a.text) for a, b in pairwise(lines)):
        return lines
    beside = [(lines[i - 1], lines[i + 1]) for i in tabs]
    paragraphs = all(not a.text and not b.text for a, b in beside)
    # (cells that hold blocks: a tab between two cells' text somewhere, and no tab-led cell beside any tab line —
    # the tab layout prints a blank cell "\t" between tab-led cells "\t0"; there an empty line ends the row)
    blocks = not paragraphs and any(_cell_text(a) and _cell_text(b) for a, b in beside) \
        and all(_beside_a_cell(a) and _beside_a_cell(b) for a, b in beside)
    if not paragraphs and not blocks:
        return lines
    out: list[Line] = []
    group: list[Line] = []  # (the lines of the row being joined, empty ones too)
    last_text = False  # the group's last non-empty line is text (not a tab)
    for ln in lines:
        if not ln.text.strip(" "):
            if group and blocks:
                out.extend(_joined(group))
                group = []
            if group:
                group.append(ln)
            else:
                out.append(ln)
            continue
        text = ln.text != "\t"
        if group and text and last_text:  # two cells' text with no tab between: the row ended
            out.extend(_joined(group))
            group = []
        group.append(ln)
        last_text = text
    if group:
        out.extend(_joined(group))
    return out


def _cell_text(ln: Line) -> bool:
    """A line of a cell's text that no tab leads."""
    return bool(ln.text) and not ln.text.startswith("\t")


def _beside_a_cell(ln: Line) -> bool:
    """What may stand beside a tab line between cells that hold blocks (WeChat's ``<section>`` in ``<td>``:
    Chromium's ``innerText`` prints ``规章`` / ``\t`` / ``0`` / ``\t`` / ``0``): a cell's text, another tab (an
    empty cell), or an empty line where the row ends."""
    return not ln.text or ln.text == "\t" or _cell_text(ln)


def _joined(group: list[Line]) -> list[Line]:
    """One line of a group's lines (its trailing empty lines kept apart)."""
    k = len(group)
    while k > 1 and not group[k - 1].text.strip(" "):
        k -= 1
    body, rest = group[:k], group[k:]
    if len(body) == 1:
        return group
    text = body[0].text
    for a, b in pairwise(body):  # (each line break a space: two where an empty line after each was left out)
        text += " " * (b.start - a.start - len(a.text)) + b.text
    return [Line(body[0].start, text, body[0].number), *rest]
