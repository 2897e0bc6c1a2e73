"""Gold label files (``eval/gold/*.json``, format in ``eval/README.md``): loading, flattening to
canonical keys, and comparing an extracted report with them field by field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from xxgk.core.errors import InvalidReportFileError
from xxgk.core.model import Cell, CellState, CheckOutcome, Meta, Placement, Report, Status, Table
from xxgk.version import __version__

GoldValue = int | Decimal | str | None


def load_gold(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise InvalidReportFileError(f"cannot read gold file: {exc}", source=str(path)) from None
    if not isinstance(data, dict) or not {"meta", "t2", "t3", "t4"} <= data.keys():
        raise InvalidReportFileError("not a gold file (needs meta, t2, t3, t4)", source=str(path))
    return data


def flatten(gold: dict[str, Any]) -> dict[str, GoldValue]:
    """Canonical key -> value for every table cell of a gold file (and ``t2.procurement.amount_unit``)."""
    out: dict[str, GoldValue] = {}
    for table in ("t2", "t3", "t4"):
        for row, cols in gold.get(table, {}).items():
            for col, value in cols.items():
                out[f"{table}.{row}.{col}"] = value
    return out


def same_value(a: GoldValue, b: GoldValue) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return Decimal(str(a)) == Decimal(str(b))


@dataclass(frozen=True, slots=True)
class FieldDiff:
    key: str
    gold: GoldValue
    got: GoldValue
    outcome: str  # wrong / missed / spurious / absent / extra

    def __str__(self) -> str:
        return f"{self.key}: gold {self.gold!r}, got {self.got!r} ({self.outcome})"


def compare(report: Report, gold: dict[str, Any]) -> tuple[int, list[FieldDiff]]:
    """(number of gold fields, differences). Keys the gold has and the report lacks are ``absent``;
    keys the report has beyond the gold are ``extra``. Metadata fields are compared as ``meta.*``."""
    want = flatten(gold)
    got = report.values()
    diffs: list[FieldDiff] = []
    for key, gv in want.items():
        if key not in got:
            diffs.append(FieldDiff(key, gv, None, "absent"))
            continue
        rv = got[key]
        if not same_value(gv, rv):
            outcome = "missed" if rv is None else ("spurious" if gv is None else "wrong")
            diffs.append(FieldDiff(key, gv, rv, outcome))
    for key in got.keys() - want.keys():
        diffs.append(FieldDiff(key, None, got[key], "extra"))
    meta = gold.get("meta", {})
    n = len(want)
    for field in ("agency", "year", "template"):
        if field in meta:
            n += 1
            rv = getattr(report.meta, field)
            if not same_value(meta[field], rv):
                outcome = "missed" if rv is None else ("spurious" if meta[field] is None else "wrong")
                diffs.append(FieldDiff(f"meta.{field}", meta[field], rv, outcome))
    return n, diffs


def check_labels(report: Report) -> tuple[list[str], list[str]]:
    """The report's failing hard identities and warnings, in the notation of gold files'
    ``expect`` (``O1 total``, ``S1 t3.total``, ``S3 review``, ``total_not_reported t3.granted``)."""
    failures, warnings = [], []
    for c in report.checks:
        where = c.column if c.id in ("O1", "S2") else f"{c.table}.{c.row}" if c.id == "S1" else c.row
        if c.outcome == CheckOutcome.failed and c.severity == "hard":
            failures.append(f"{c.id} {where}")
        elif c.outcome == CheckOutcome.warning:
            warnings.append(f"{c.code} {c.table}.{c.row}" if c.row else f"{c.code} {c.table}")
    warnings += [n.code for n in report.notes if n.code == "mixed_template"]
    return failures, warnings


def report_from_gold(gold: dict[str, Any], source: str) -> Report:
    """A report holding a gold file's values (every cell placed by a human), so that the identities
    can be run on a label before it is committed."""

    tables = {}
    for name in ("t2", "t3", "t4"):
        table = Table(name=name, found=name in gold, layout="gold")
        for row, cols in gold.get(name, {}).items():
            cells = {}
            for col, value in cols.items():
                if col == "amount_unit":
                    continue
                state = CellState.blank if value is None else CellState.number
                unit = cols.get("amount_unit") if col == "amount" else None
                cells[col] = Cell(value=value, raw=None, state=state, placement=Placement.label, producer="human",
                                   unit=unit)
            table.cells[row] = cells
        tables[name] = table
    meta = gold.get("meta", {})
    template = meta.get("template")
    tables["t2"].template = template
    tables["t3"].template = "2021" if any(k.startswith("other_") for k in gold.get("t3", {})) else "2019"
    return Report(
        source=gold.get("source") or source,
        xxgk_version=__version__,
        status=Status.failed,
        meta=Meta(agency=meta.get("agency"), year=meta.get("year"), year_source=meta.get("year_source"),
                  template=template),
        t2=tables["t2"], t3=tables["t3"], t4=tables["t4"],
    )


def load_report_or_gold(path: str | Path) -> tuple[Report, str]:
    """A report JSON written by ``xxgk extract`` (kind ``report``) or a gold file (kind ``gold``)."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw, parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise InvalidReportFileError(f"cannot read JSON: {exc}", source=str(path)) from None
    if isinstance(data, dict) and "status" in data and "xxgk_version" in data:
        try:
            return Report.model_validate_json(raw), "report"
        except ValueError as exc:
            first = str(exc).splitlines()[0:3]
            raise InvalidReportFileError("not a valid report file: " + " ".join(first), source=str(path)) from None
    if isinstance(data, dict) and {"meta", "t2", "t3", "t4"} <= data.keys():
        return report_from_gold(data, str(path)), "gold"
    raise InvalidReportFileError("neither a report written by xxgk extract nor a gold file", source=str(path))


def gold_draft(report: Report) -> tuple[dict[str, Any], list[str]]:
    """A gold file drafted from an extraction, marked unverified, and the checklist of cells most worth a
    human look, most doubtful first: cells in failing identities; cells not read (ambiguous, missing); LLM
    cells; cells placed by inference; blank-vs-zero choices (blank cells in rows that print numbers)."""

    draft: dict[str, Any] = {
        "source": report.source,
        "verified": False,
        "meta": {"agency": report.meta.agency, "year": report.meta.year, "year_source": report.meta.year_source,
                 "template": report.meta.template},
    }
    ranked: list[tuple[int, str]] = []  # (priority, line): most doubtful first
    rank = {"missing": 1, "ambiguous": 1, "number": 3, "blank": 3, "not_applicable": 3}
    for t in (report.t2, report.t3, report.t4):
        rows: dict[str, dict[str, Any]] = {}
        for row, cols in t.cells.items():
            rows[row] = {}
            printed = any(c.state == "number" for c in cols.values())
            for col, c in cols.items():
                v = c.value
                rows[row][col] = float(v) if isinstance(v, Decimal) else v
                key = f"{t.name}.{row}.{col}"
                line = f" (line {c.provenance.line})" if c.provenance and c.provenance.line else ""
                if c.placement != "label" or c.producer != "rules":
                    priority = rank.get(c.state.value, 3) - (1 if c.producer != "rules" else 0) + 1
                    ranked.append((priority, f"{key}: {c.state.value}, placed {c.placement.value} by {c.producer}{line}"))
                elif c.state == "blank" and printed:
                    ranked.append((5, f"{key}: blank in a row that prints numbers — blank or 0?{line}"))
            if t.name == "t2" and row == "procurement" and "amount" in cols:
                rows[row]["amount_unit"] = cols["amount"].unit
        draft[t.name] = rows
    failing = [c for c in report.checks if c.outcome == CheckOutcome.failed]
    ranked.extend((0, f"identity {c.message}: every cell in it") for c in failing)
    # failing identities, then cells not read (ambiguous, missing), then LLM cells, then inferred, then blank-or-0
    look = [line for _, line in sorted(ranked, key=lambda x: x[0])]
    draft["expect"] = {"status": report.status.value, "hard_failures": [], "warnings": []}
    failures, warnings = check_labels(report)
    draft["expect"]["hard_failures"], draft["expect"]["warnings"] = failures, warnings
    draft["notes"] = "DRAFT from xxgk " + report.xxgk_version + ": check every cell against the document, " \
                     "then set verified to true."
    return draft, look
