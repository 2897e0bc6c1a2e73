"""What the LLM is asked to return, as pure pydantic models (no client import), and the records we keep.

The answer models validate themselves against the validation context instructor passes through:
``text`` (the section text the model was given) for quotes, ``columns`` (row key → column keys) for a
table. A ``ValueError`` raised here is sent back to the model as the re-ask message, so each says precisely
what was wrong. Validation only shapes an answer; a table answer's values are admitted or not by
``xxgk.llm.verify``, against the print.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from xxgk.core.model import Check
from xxgk.core.narrative import FigureName, ProblemCategory
from xxgk.llm.grounding import GroundingText


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


def _grounding(ctx: dict[str, Any]) -> GroundingText | None:
    g = ctx.get("grounding")
    if g is None and "text" in ctx:
        g = ctx["grounding"] = GroundingText(ctx["text"])
    return g


# --- tables -------------------------------------------------------------------------------------------


class CellAnswer(BaseModel):
    key: str = Field(description="the canonical key given in the list, e.g. t3.granted.natural_person")
    value: int | float | None = Field(
        description="the number printed in this cell, copied exactly; null when the cell is empty or holds "
        "'/', '—', '无'. Never compute or guess a number."
    )


class RowAnswer(BaseModel):
    """One table row: where its label stands and the numbers printed after it, column by column."""

    row: str = Field(description="the row key given in the list, e.g. t3.granted")
    label: str | None = Field(None, max_length=120, description="the row's label copied verbatim from the text "
                              "(as printed, even if it differs from the template's wording); null if not printed")
    values: list[int | float | None] = Field(
        description="the numbers printed in this row after its label, one per column in the listed order, copied "
        "exactly; null for a column where the row prints nothing. Never compute or guess a number."
    )


class TableAnswer(BaseModel):
    """One numeric table: ``rows`` (the shape the prompt asks for), or ``cells`` (one value per key, the
    older shape, still accepted). Nothing here decides what enters the dataset: every value is verified
    against the print afterwards (``xxgk.llm.verify``). The validators only ask again for an answer that
    cannot be verified at all (unknown keys, wrong column counts, a label that is not in the text)."""

    rows: list[RowAnswer] = Field(default_factory=list, description="the table's rows, in the listed order")
    cells: list[CellAnswer] = Field(default_factory=list, description="(older shape) one value per key")

    @model_validator(mode="after")
    def _validate(self, info: ValidationInfo) -> TableAnswer:
        ctx = _context(info)
        columns: dict[str, list[str]] = ctx.get("columns", {})  # row key -> its column keys, in order
        problems = []
        if not self.rows and not self.cells:
            problems.append("no rows: give every listed row with its label and values")
        if columns:
            keys = {f"{r}.{c}" for r, cols in columns.items() for c in cols}
            unknown = [r.row for r in self.rows if r.row not in columns] + [c.key for c in self.cells if c.key not in keys]
            if unknown:
                problems.append("unknown rows or keys (use only the listed ones): " + ", ".join(unknown[:12]))
            counts = [f"{r.row} has {len(r.values)} values for {len(columns[r.row])} columns" for r in self.rows
                      if r.row in columns and len(r.values) != len(columns[r.row])]
            if counts:
                problems.append("one value per column, null where nothing is printed: " + "; ".join(counts[:8]))
        g = _grounding(ctx)
        if g is not None:
            absent = [r.row for r in self.rows if r.label and g.find_quote(r.label) is None]
            if absent:
                problems.append("copy each label verbatim from the text; not found: " + ", ".join(absent[:12]))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def claimed(self, columns: dict[str, list[str]]) -> dict[str, int | Decimal | None]:
        """The value the answer gives each key (``t3.granted.natural_person`` → 2), from either shape."""
        out: dict[str, int | Decimal | None] = {c.key: as_number(c.value) for c in self.cells}
        for r in self.rows:
            for col, v in zip(columns.get(r.row, []), r.values, strict=False):
                out[f"{r.row}.{col}"] = as_number(v)
        return out

    def labels(self) -> dict[str, str]:
        """Row key → the label the answer says stands in the text."""
        return {r.row: r.label for r in self.rows if r.label}


def explain(check: Check) -> str:
    """A failing identity with every cell of the equation and its value, for the re-ask."""

    def side(terms: dict[str, Any], total: Any) -> str:
        parts = " + ".join(f"{k}={'blank' if v is None else v}" for k, v in terms.items())
        return f"{parts} (= {total})" if len(terms) > 1 else parts

    return f"{check.id} [{check.equation}]: {side(check.lhs, check.lhs_sum)} ≠ {side(check.rhs, check.rhs_sum)}"


def as_number(v: int | float | None) -> int | Decimal | None:
    if v is None:
        return None
    if isinstance(v, int) or float(v).is_integer():
        return int(v)
    return Decimal(str(v))


# --- section 五 summaries -----------------------------------------------------------------------------


class ItemAnswer(BaseModel):
    category: ProblemCategory = Field(description="one category of the fixed list")
    statement: str = Field(max_length=80, description="the problem or measure in one short normalised sentence")
    evidence: str = Field(max_length=300, description="a verbatim quote from the text that states it")


class Section5Answer(BaseModel):
    """存在的主要问题及改进情况, structured."""

    problems: list[ItemAnswer] = Field(description="the problems the report admits")
    measures: list[ItemAnswer] = Field(description="the improvement measures it announces or reports")
    last_year_rectified: Literal["yes", "partly", "no", "not_stated"] = Field(
        description="whether the report says last year's problems were rectified"
    )

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Section5Answer:
        g = _grounding(_context(info))
        if g is not None:
            bad = [i.evidence for i in (*self.problems, *self.measures) if g.find_quote(i.evidence) is None]
            if bad:
                raise ValueError("evidence must be copied verbatim from the text; not found: "
                                 + " | ".join(b[:60] for b in bad[:6]))
        return self


# --- section 一 key figures ---------------------------------------------------------------------------


class FigureAnswer(BaseModel):
    name: FigureName
    value: int = Field(description="the number as printed")
    quote: str = Field(max_length=200, description="the verbatim phrase of the text that gives the number")

    @field_validator("quote")
    @classmethod
    def _nonblank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("quote must not be empty")
        return v


class Section1Answer(BaseModel):
    """Key figures of 一、总体情况 (only those the text states)."""

    figures: list[FigureAnswer] = Field(description="only figures stated in the text; leave out the others")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Section1Answer:
        g = _grounding(_context(info))
        if g is not None:
            bad = []
            for f in self.figures:
                span = g.find_quote(f.quote)
                if span is None or not any(v == f.value and span.start <= s.start < span.end for v, s in g.numbers):
                    bad.append(f"{f.name.name}={f.value} ({f.quote[:40]})")
            if bad:
                raise ValueError("each figure needs a verbatim quote from the text containing its number; not "
                                 "found: " + "; ".join(bad[:8]))
        return self
