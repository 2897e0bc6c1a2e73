"""problems.csv: section 五 of every report, one row per item (problem, measure, last year's problem or its
rectification), and what the batch page and DuckDB make of it above the single report: problems by category ×
level × region × year (items, reports, share of the reports whose section 五 was read), the most frequent
phrasings per category, and for agencies with consecutive years whether last year's problem categories
reappear.

Every ``xxgk extract`` writes it (the rules' reading, ``xxgk.pipeline.problems``: no LLM); ``evidence`` is the
item as printed, ``start``/``end`` its offsets in the decoded document.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from xxgk.core.model import Report
from xxgk.core.narrative import ItemKind, NarrativeSummary
from xxgk.outputs.records import safe_text

PROBLEMS_CSV = "problems.csv"
PROBLEM_COLUMNS = ("source", "status", "agency", "agency_key", "region", "level", "year", "method", "no_problems",
                   "kind", "n", "category", "category_method", "statement", "evidence", "start", "end")
TOP_PHRASINGS = 5


def problem_rows(report: Report, summary: NarrativeSummary) -> list[list[object]]:
    """The rows of problems.csv for one report, in column order; a report whose section 五 gives no item has
    one row with an empty ``kind`` (so that it counts among the reports read, or says ``method`` none)."""
    m = report.meta
    head = [safe_text(report.source), report.status.value, safe_text(m.agency or ""), m.agency_key or "",
            safe_text(m.region or ""), m.level or "", m.year or "", summary.method, int(summary.no_problems)]
    rows: list[list[object]] = []
    numbers: Counter[ItemKind] = Counter()
    for kind, item in summary.items():
        numbers[kind] += 1
        rows.append([*head, kind.value, numbers[kind], item.category.name if item.category else "",
                     item.category_method or "", safe_text(item.statement), safe_text(item.evidence),
                     item.start if item.start is not None else "", item.end if item.end is not None else ""])
    return rows or [[*head, "", "", "", "", "", "", "", ""]]


@dataclass(slots=True)
class ProblemStats:
    """Counters over problems.csv rows (streamed: memory grows with agencies and categories, not items)."""

    reports: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (level, region, year) -> reports read
    items: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)  # (+ category) -> problem items
    with_category: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)  # -> reports naming it
    phrasings: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_agency: dict[str, dict[int, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    unread: int = 0  # reports whose section 五 was not found

    def add_report(self, rows: Iterable[dict[str, str]]) -> None:
        """The rows of one report (problems.csv is written report by report)."""
        rows = list(rows)
        if not rows:
            return
        first = rows[0]
        if first["method"] == "none":
            self.unread += 1
            return
        group = (first["level"] or "-", first["region"] or "-", first["year"] or "-")
        self.reports[group] += 1
        cats = set()
        for r in rows:
            if r["kind"] != ItemKind.problem.value:
                continue
            cat = r["category"] or "other"
            cats.add(cat)
            self.items[(*group, cat)] += 1
            self.phrasings[cat][r["statement"]] += 1
        for cat in cats:
            self.with_category[(*group, cat)] += 1
        if first["agency_key"] and first["year"].isdigit():
            self.by_agency[first["agency_key"]][int(first["year"])] = cats

    def by(self, *dims: int) -> list[tuple[tuple[str, ...], int, int, int]]:
        """(group over the chosen dimensions of (level, region, year) + category, problem items, reports naming
        the category, reports read in the group)."""
        items: Counter[tuple[str, ...]] = Counter()
        naming: Counter[tuple[str, ...]] = Counter()
        read: Counter[tuple[str, ...]] = Counter()
        for (lv, rg, yr), n in self.reports.items():
            read[tuple((lv, rg, yr)[d] for d in dims)] += n
        for (lv, rg, yr, cat), n in self.items.items():
            items[(*(tuple((lv, rg, yr)[d] for d in dims)), cat)] += n
        for (lv, rg, yr, cat), n in self.with_category.items():
            naming[(*(tuple((lv, rg, yr)[d] for d in dims)), cat)] += n
        return [(k, items[k], naming[k], read[k[:-1]]) for k in sorted(items)]

    def recurrence(self) -> tuple[int, int, Counter[str]]:
        """(agency-year pairs with consecutive years, pairs where a category of last year's problems appears
        again, how often each category reappears)."""
        pairs = again = 0
        cats: Counter[str] = Counter()
        for years in self.by_agency.values():
            for y, now in years.items():
                before = years.get(y - 1)
                if before is None:
                    continue
                pairs += 1
                same = now & before
                again += bool(same)
                cats.update(same)
        return pairs, again, cats

    def top_phrasings(self, category: str) -> list[tuple[str, int]]:
        return self.phrasings[category].most_common(TOP_PHRASINGS)
