"""Stage 2½: rows in the template's order. Converters damage tables in ways labels alone cannot mend
(corpus 012, a PDF turned into Markdown): a row's label is detached from its numbers and printed rows
earlier, a row of numbers stands with no label at all, or two physical rows run into one. The template
fixes the order of the rows, so:

- ``split_overfull``: a row holding more numbers than its cells, which came from several physical rows
  (token groups), is cut at the group boundary where the first part fills the row exactly; the rest
  become rows without a label;
- ``in_template_order``: of the recognised rows, the largest set that stands in the document in the
  template's order is kept (rows with numbers weigh more than bare labels); a label found out of order
  is a detached fragment, not the row;
- ``fill_gaps``: between two kept rows, rows of numbers without a recognised label are given the
  template's missing rows of that gap, in order — only when their counts agree exactly. Such rows are
  placed by inference (the identities then check them), never by label;
- ``pair_detached``: a run of bare labels (their numbers printed elsewhere: ``pdftotext`` in reading order
  puts a block of numbers before or after the labels it belongs to) takes the block of rows of numbers
  without a label right before or after it, when the counts agree exactly;
- ``orient``: such a block may have been printed column by column (reading order again); it is read
  column by column only when every row then satisfies its row identity (the total is the sum of the
  others) and read row by row it does not, so that the numbers decide, not a guess;
- ``label_blocks``: a page's labels, then all its numbers, one cell a line (pdfminer, and markitdown
  and pdftotext in reading order, on a table with every cell printed), gathered as one row whose label
  fragments hold m recognised labels in the template's order and whose numbers are exactly m rows' worth:
  each label takes its share, row by row or, as ``orient`` decides, column by column.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xxgk.pipeline.tables.rows import Row
from xxgk.pipeline.tables.tokens import Token


@dataclass(slots=True)
class Found:
    key: str | None  # None: a row of numbers whose label was not recognised
    row: Row
    position: int  # offset of the row in the document text

    @property
    def has_values(self) -> bool:
        return any(not v.is_blank for v in self.row.values)


def position(row: Row) -> int:
    if row.values:
        return row.values[0].start
    return row.fragments[0].start if row.fragments else -1


def split_overfull(rows: list[Row], n: int) -> list[Row]:
    """Rows with more than ``n`` printed numbers that span several physical rows, cut where a physical
    row boundary leaves exactly ``n`` numbers (trailing blanks allowed) before it. Where those ``n`` numbers
    come from several lines, only where every piece cut off holds ``n`` numbers too: a rest of fewer is no row
    of its own but digits that broke apart (a number wrapped in a narrow cell, ``3`` / ``0`` for 30, or ``18`` /
    ``7`` for 187 around a line of the row's other numbers), which the cut would silently drop. (A row printed
    whole on its line is cut off whatever follows: an orphan number of the next row, whose label wrapped.)"""
    out: list[Row] = []
    for row in rows:
        out.extend(_split(row, n))
    return out


def _split(row: Row, n: int) -> list[Row]:
    filled = [v for v in row.values if not v.is_blank]
    if len(filled) <= n or len({v.group for v in row.values}) < 2:
        return [row]
    count = 0
    for i, v in enumerate(row.values):
        if not v.is_blank:
            count += 1
        last_of_group = i + 1 == len(row.values) or row.values[i + 1].group != v.group
        if last_of_group and count == n:
            head = Row(fragments=row.fragments, values=row.values[: i + 1])
            rest = _split(Row(fragments=[], values=row.values[i + 1 :]), n)
            several = len({t.group for t in head.values}) > 1  # (the n numbers gathered from several lines)
            if several and any(sum(1 for t in r.values if not t.is_blank) not in (0, n) for r in rest):
                return [row]  # (a number wrapped in its cell, its digits on lines of their own: nothing cut or dropped)
            return [head, *rest]
        if count > n:
            break
    return [row]


def in_template_order(found: Sequence[Found], order: Sequence[str]) -> tuple[list[Found], list[Found]]:
    """(kept, dropped): the heaviest subsequence of recognised rows, in document order, whose keys
    follow ``order``; rows with numbers weigh 2, bare labels 1."""
    rank = {k: i for i, k in enumerate(order)}
    items = sorted((f for f in found if f.key in rank), key=lambda f: f.position)
    best: list[int] = []
    prev: list[int] = []
    for i, f in enumerate(items):
        w = 2 if f.has_values else 1
        best.append(w)
        prev.append(-1)
        for j in range(i):
            if rank[items[j].key] < rank[f.key] and best[j] + w > best[i]:  # type: ignore[index]
                best[i], prev[i] = best[j] + w, j
    if not items:
        return [], []
    i = max(range(len(items)), key=lambda k: (best[k], -k))
    chain: list[int] = []
    while i >= 0:
        chain.append(i)
        i = prev[i]
    keep = set(chain)
    return [items[i] for i in sorted(chain)], [f for k, f in enumerate(items) if k not in keep]


def fill_gaps(kept: Sequence[Found], loose: Sequence[Found], expected: Sequence[str],
              total: int | None = None) -> list[Found]:
    """Rows of numbers without a recognised label (``loose``) given the expected keys missing between
    two kept rows, in order, where the counts agree exactly. ``total``: the index of the row total, to
    tell a block printed column by column (``orient``)."""
    have = {f.key for f in kept}
    rank = {k: i for i, k in enumerate(expected)}
    bounds = [(-1, -1), *((f.position, rank[f.key]) for f in kept if f.key in rank), (1 << 62, len(expected))]
    out: list[Found] = []
    for (p0, r0), (p1, r1) in itertools.pairwise(bounds):
        keys = [k for k in expected[r0 + 1 : r1] if k not in have]
        rows = [f for f in loose if p0 < f.position < p1 and f.has_values]
        if keys and len(keys) == len(rows):
            rows = orient(rows, total)
            out.extend(Found(k, f.row, f.position) for k, f in zip(keys, rows, strict=True))
    return out


def pair_detached(kept: Sequence[Found], loose: Sequence[Found], total: int | None = None) -> list[Found]:
    """Runs of kept bare labels paired, in order, with the rows of numbers without a label printed just
    before or just after the run (nothing else between them), where the counts agree exactly."""
    items = sorted([*kept, *(f for f in loose if f.has_values)], key=lambda f: f.position)
    out: list[Found] = []
    used: set[int] = set()
    i = 0
    while i < len(items):
        if items[i].key is None or items[i].has_values:
            i += 1
            continue
        j = i
        while j < len(items) and items[j].key is not None and not items[j].has_values:
            j += 1
        labels = items[i:j]  # a run of bare labels
        after = _numbers_run(items, j, 1)
        before = _numbers_run(items, i - 1, -1)
        for block in (after, before):
            if len(block) == len(labels) and not used & {id(f) for f in block}:
                rows = orient(block, total)
                out.extend(Found(lab.key, f.row, f.position) for lab, f in zip(labels, rows, strict=True))
                used |= {id(f) for f in block}
                break
        i = j
    return out


def _numbers_run(items: Sequence[Found], start: int, step: int) -> list[Found]:
    """The rows of numbers without a label from ``start`` on (``step`` 1 forward, -1 backward), in
    document order."""
    run: list[Found] = []
    k = start
    while 0 <= k < len(items) and items[k].key is None:
        run.append(items[k])
        k += step
    return run if step > 0 else run[::-1]


def _s1(values: Sequence[int | None], total: int) -> bool:
    if any(v is None for v in values):
        return False
    others = [v for i, v in enumerate(values) if i != total]
    return sum(others) == values[total]  # type: ignore[arg-type]


def orient(block: list[Found], total: int | None) -> list[Found]:
    """A block of equally long rows, read row by row unless, read column by column, every row satisfies
    its row identity and row by row some row does not (see the module docstring)."""
    if total is None or len(block) < 2:
        return block
    width = len(block[0].row.values)
    if any(len(f.row.values) != width for f in block) or not 0 <= total < width:
        return block
    tokens = [v for f in block for v in f.row.values]
    nums = [n for f in block for n in _numbers(f.row)]
    k = len(block)
    by_rows = [nums[r * width : (r + 1) * width] for r in range(k)]
    by_cols = [[nums[c * k + r] for c in range(width)] for r in range(k)]
    if all(_s1(r, total) for r in by_rows) or not all(_s1(r, total) for r in by_cols):
        return block
    return [Found(f.key, Row(fragments=f.row.fragments, values=[tokens[c * k + r] for c in range(width)]),
                  f.position) for r, f in enumerate(block)]


def label_blocks(rows: list[Row], n: int, labels_of: Callable[[Sequence[Token]], list[tuple[str, Token]]],
                 order: Sequence[str], total: int | None = None) -> tuple[list[Row], list[Found]]:
    """(the other rows, the rows of label blocks): a row whose label fragments hold m ≥ 2 labels that
    ``labels_of`` recognises, distinct and in ``order``, and whose values are m × n printed numbers (none
    blank) is m rows, each label with its n numbers (``orient``: by rows or by columns), when every row so
    read keeps its row identity (``total``: the index of the row total). A page whose columns come out in
    another order than printed (pdfminer may put 总计 before 其他) satisfies neither and is left alone: the
    numbers cannot tell one applicant column from another."""
    rank = {k: i for i, k in enumerate(order)}
    rest: list[Row] = []
    out: list[Found] = []
    for row in rows:
        m = len(row.values) // n
        if m < 2 or len(row.values) != m * n or any(v.is_blank for v in row.values):
            rest.append(row)
            continue
        labels = labels_of(row.fragments)
        ranks = [rank.get(k, -1) for k, _ in labels]
        if len(labels) != m or min(ranks) < 0 or any(a >= b for a, b in itertools.pairwise(ranks)):
            rest.append(row)
            continue
        block = [Found(key, Row(fragments=[tok], values=row.values[i * n : (i + 1) * n]), row.values[i * n].start)
                 for i, (key, tok) in enumerate(labels)]
        read = orient(block, total)
        if total is not None and not all(_s1(_numbers(f.row), total) for f in read):
            rest.append(row)  # (neither by rows nor by columns does every row keep its total: not paired)
            continue
        out.extend(read)
    return rest, out


def _numbers(row: Row) -> list[int | None]:
    return [v.value.value if v.value is not None else None for v in row.values]  # type: ignore[misc]
