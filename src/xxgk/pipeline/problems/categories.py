"""Categories by rules: the phrases of ``schemas/problem_phrases.json`` (data, not code) scored against an
item. An item's score for a category is the sum of the lengths of the category's phrases it contains (each
counted once), its title (a titled item's text up to the first 。) counting double; the highest score wins,
ties go to the earlier category of the file's ``order``; an item with no phrase at all is ``other``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xxgk.core.datafiles import data_dir
from xxgk.core.narrative import ProblemCategory

PHRASES_FILE = "problem_phrases.json"


@dataclass(frozen=True, slots=True)
class Phrasebook:
    """The phrases of each category, and the order that breaks ties."""

    phrases: tuple[tuple[ProblemCategory, tuple[str, ...]], ...]

    @classmethod
    def load(cls, path: Path) -> Phrasebook:
        raw = json.loads(path.read_text(encoding="utf-8"))
        cats = raw["categories"]
        order = [ProblemCategory[k] for k in raw["order"]]
        missing = set(ProblemCategory) - set(order)
        if missing or set(cats) != {c.name for c in ProblemCategory}:
            raise ValueError(f"{path}: 'order' and 'categories' must name every category of the taxonomy")
        return cls(tuple((c, tuple(sorted(set(cats[c.name]), key=len, reverse=True))) for c in order))

    def categorise(self, text: str, title: str = "") -> ProblemCategory:
        text, title = "".join(text.split()), "".join(title.split())
        best, best_score = ProblemCategory.other, 0
        for cat, phrases in self.phrases:
            score = sum(len(p) * (2 if p in title else 1) for p in phrases if p in text)
            if score > best_score:
                best, best_score = cat, score
        return best


@lru_cache(maxsize=1)
def phrasebook() -> Phrasebook:
    """The phrasebook shipped with xxgk (read on first use)."""
    return Phrasebook.load(data_dir("schemas") / PHRASES_FILE)
