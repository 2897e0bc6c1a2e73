"""tables/joint.py: one reading per row so that linear column identities hold."""

from __future__ import annotations

import itertools
import random

from xxgk.pipeline.tables.joint import fitting_choices

O1 = {"total": 1, "a": -1, "b": -1}
S2 = {"new": 1, "old": 1, "total": -1, "fwd": -1}


def brute(options, fixed, identities):
    rows = list(options)
    out = []
    for pick in itertools.product(*(range(len(options[r])) for r in rows)):
        vec = {**fixed, **{r: options[r][i] for r, i in zip(rows, pick, strict=True)}}
        width = len(next(iter(vec.values())))
        if all(sum(ident.get(r, 0) * v[c] for r, v in vec.items()) == 0 for ident in identities for c in range(width)):
            out.append(dict(zip(rows, pick, strict=True)))
    return out


def test_the_one_choice_that_adds_up_is_found():
    options = {"total": [[12, 3], [1, 23]], "a": [[10, 1], [1, 1]], "b": [[2, 2], [0, 21]]}
    got = fitting_choices(options, {}, [O1], max_steps=10_000, max_fits=100)
    assert got == [{"total": 0, "a": 0, "b": 0}]


def test_fixed_rows_count_and_both_identities_must_hold():
    options = {"total": [[5], [6]], "fwd": [[1], [2]]}
    fixed = {"a": [2], "b": [3], "new": [4], "old": [3]}
    # O1: total = 5; S2: 4 + 3 = 5 + fwd → fwd = 2
    assert fitting_choices(options, fixed, [O1, S2], max_steps=10_000, max_fits=100) == [{"total": 0, "fwd": 1}]


def test_no_fit_is_an_empty_list_and_a_bound_is_none():
    options = {"total": [[5], [6]], "a": [[1], [2]]}
    assert fitting_choices(options, {"b": [9]}, [O1], max_steps=10_000, max_fits=100) == []
    many = {r: [[i] for i in range(30)] for r in ("total", "a", "b")}
    assert fitting_choices(many, {}, [O1], max_steps=50, max_fits=100) is None  # steps
    assert fitting_choices(many, {}, [O1], max_steps=100_000, max_fits=10) is None  # fits


def test_without_an_identity_nothing_is_decided():
    assert fitting_choices({"x": [[1], [2]]}, {}, [], max_steps=100, max_fits=100) is None
    assert fitting_choices({"x": [[1]]}, {}, [], max_steps=100, max_fits=100) == [{"x": 0}]


def test_agrees_with_exhaustive_search_on_random_tables():
    rng = random.Random(7)
    for _ in range(200):
        width = rng.randint(1, 3)
        rows = ["total", "a", "b", "new", "old", "fwd"]
        amb = rng.sample(rows, rng.randint(1, 4))
        options = {r: [[rng.randint(0, 4) for _ in range(width)] for _ in range(rng.randint(1, 4))] for r in amb}
        fixed = {r: [rng.randint(0, 4) for _ in range(width)] for r in rows if r not in amb}
        ids = [O1, S2]
        want = brute(options, fixed, ids)
        got = fitting_choices(options, fixed, ids, max_steps=1_000_000, max_fits=100_000)
        assert got is not None
        key = lambda d: tuple(sorted(d.items()))  # noqa: E731
        assert sorted(got, key=key) == sorted(want, key=key)
