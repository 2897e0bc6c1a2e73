"""Choosing one reading per row so that the table's column identities hold (a pure stage).

A row whose digits could be split several ways has several *readings*, each a vector of cell values
(blank read as 0). The identities a table obeys in every column are linear — table 三's O1 is
``total − Σ leaves = 0`` and S2 is ``new + carried over − total − carried forward = 0`` — so each is a
mapping row → coefficient. :func:`fitting_choices` finds every choice of one reading per row under which
all of them hold in every column, in two steps that keep the work far below the product of the rows'
reading counts:

1. **Column pruning.** Column by column, a reading whose value in that column cannot be completed by any
   values of the other rows' remaining readings (in that column alone) is dropped; repeated until nothing
   changes. A column holds only a few distinct values per row, so this is cheap, and a reading dropped
   here could not be part of any fit.
2. **Meet in the middle.** The rows left are split in two halves of about equal product; every choice of
   each half is summed once (the residuals packed into one integer, which keeps sums linear), and the
   halves are joined on the residual that completes the target.

Every value summed counts as a step against ``max_steps``; past it, or past ``max_fits`` fits, the search
gives up (``None``) and nothing is resolved by it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

Vector = Sequence[int]
Identity = Mapping[str, int]

_FIELD = 64  # bits per packed residual component: far above any sum of counts a report prints


class _Budget:
    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, n: int) -> bool:
        self.left -= n
        return self.left >= 0


def fitting_choices(options: Mapping[str, Sequence[Vector]], fixed: Mapping[str, Vector],
                    identities: Sequence[Identity], *, max_steps: int,
                    max_fits: int) -> list[dict[str, int]] | None:
    """Every choice (row → index into ``options[row]``) under which each identity sums to 0 in every
    column, the ``fixed`` rows counting with their one reading; ``None`` when a bound was reached.
    With no identity every choice fits, so the answer is ``None`` unless there is only one."""
    rows = [r for r in options if options[r]]
    if len(rows) < len(options):
        return []
    width = len(next(iter(options.values()))[0]) if options else 0
    ids = [dict(i) for i in identities if any(i.get(r, 0) for r in (*options, *fixed))]
    budget = _Budget(max_steps)
    alive = {r: list(range(len(options[r]))) for r in rows}
    if ids:
        for _ in range(width * len(rows) + 1):
            changed = False
            for c in range(width):
                kept = _prune_column(c, rows, options, alive, fixed, ids, budget)
                if kept is None:
                    return None
                for r in rows:
                    if len(kept[r]) < len(alive[r]):
                        alive[r], changed = kept[r], True
                if any(not alive[r] for r in rows):
                    return []
            if not changed:
                break
    elif math.prod(len(a) for a in alive.values()) > 1:
        return None
    return _join(rows, options, alive, fixed, ids, width, budget, max_fits)


def _pack(values: Sequence[int]) -> int:
    """Components into one integer, ``_FIELD`` bits each, signed (balanced): packing is linear."""
    return sum(v << (_FIELD * k) for k, v in enumerate(values))


def _column_term(row: str, value: int, ids: list[dict[str, int]]) -> int:
    return _pack([i.get(row, 0) * value for i in ids])


def _prune_column(c: int, rows: list[str], options: Mapping[str, Sequence[Vector]], alive: dict[str, list[int]],
                  fixed: Mapping[str, Vector], ids: list[dict[str, int]],
                  budget: _Budget) -> dict[str, list[int]] | None:
    """The readings of each row whose value in column ``c`` some values of the other rows complete."""
    target = -sum(_column_term(r, v[c], ids) for r, v in fixed.items())
    values = [sorted({options[r][i][c] for i in alive[r]}) for r in rows]
    terms = [{v: _column_term(r, v, ids) for v in vs} for r, vs in zip(rows, values, strict=True)]
    reach: list[set[int]] = [{0}]  # reach[k]: residuals the first k rows can make
    for t in terms:
        if not budget.spend(len(reach[-1]) * len(t)):
            return None
        reach.append({s + d for s in reach[-1] for d in t.values()})
    need: set[int] = {target}  # residuals the rows from k on must make, walking back
    kept: dict[str, list[int]] = {}
    for k in range(len(rows) - 1, -1, -1):
        t = terms[k]
        if not budget.spend(len(reach[k]) * len(t)):
            return None
        good = {v for v, d in t.items() if any(s + d in need for s in reach[k])}
        kept[rows[k]] = [i for i in alive[rows[k]] if options[rows[k]][i][c] in good]
        need = {n - t[v] for n in need for v in good}
    return kept


def _join(rows: list[str], options: Mapping[str, Sequence[Vector]], alive: dict[str, list[int]],
          fixed: Mapping[str, Vector], ids: list[dict[str, int]], width: int, budget: _Budget,
          max_fits: int) -> list[dict[str, int]] | None:
    def term(row: str, vec: Vector) -> int:
        return _pack([i.get(row, 0) * vec[c] for i in ids for c in range(width)])

    target = -sum(term(r, v) for r, v in fixed.items())
    ordered = sorted(rows, key=lambda r: len(alive[r]))
    balance = math.isqrt(math.prod(len(alive[r]) for r in ordered))
    size, mid = 1, 0
    while mid < len(ordered) - 1 and size * len(alive[ordered[mid]]) <= balance:
        size *= len(alive[ordered[mid]])
        mid += 1
    left_rows, right_rows = ordered[:mid], ordered[mid:]
    left = _sums(left_rows, options, alive, term, budget)
    right = _sums(right_rows, options, alive, term, budget) if left is not None else None
    if left is None or right is None:
        return None
    fits: list[dict[str, int]] = []
    for key, choices in right.items():
        for lc in left.get(target - key, ()):
            for rc in choices:
                if len(fits) >= max_fits:
                    return None
                fit = dict(zip(left_rows, lc, strict=True))
                fit.update(zip(right_rows, rc, strict=True))
                fits.append({r: fit[r] for r in rows})
    return fits


def _sums(rows: list[str], options: Mapping[str, Sequence[Vector]], alive: dict[str, list[int]],
          term: Callable[[str, Vector], int], budget: _Budget) -> dict[int, list[tuple[int, ...]]] | None:
    """Packed residual → the choices (reading indices, in ``rows`` order) that make it."""
    sums: dict[int, list[tuple[int, ...]]] = {0: [()]}
    for r in rows:
        adds = [(i, term(r, options[r][i])) for i in alive[r]]
        grown: dict[int, list[tuple[int, ...]]] = {}
        for key, choices in sums.items():
            if not budget.spend(len(choices) * len(adds)):
                return None
            for i, d in adds:
                grown.setdefault(key + d, []).extend((*ch, i) for ch in choices)
        sums = grown
    return sums
