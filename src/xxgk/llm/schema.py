"""What the LLM is asked to return, as pure pydantic models (no client import), and the records we keep.

The answer models validate themselves against the validation context instructor passes through:
``text`` (the section text the model was given) for grounding, ``keys`` and ``table``/``template`` for a
table, ``identities`` to enforce the table's hard identities. A ``ValueError`` raised here is sent back to
the model as the re-ask message, so each says precisely which cells or which equation failed.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..model import Cell, CellState, Check, LLMUsage, Placement, Table
from .grounding import GroundingText


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


class TableAnswer(BaseModel):
    """One numeric table, cell by cell."""

    cells: list[CellAnswer] = Field(description="every key of the list, in order, once each")

    @model_validator(mode="after")
    def _validate(self, info: ValidationInfo) -> TableAnswer:
        ctx = _context(info)
        keys: list[str] = ctx.get("keys", [])
        if keys:
            given = [c.key for c in self.cells]
            unknown = [k for k in given if k not in keys]
            dup = sorted({k for k in given if given.count(k) > 1})
            missing = [k for k in keys if k not in given]
            problems = []
            if unknown:
                problems.append("unknown keys (use only the listed keys): " + ", ".join(unknown[:12]))
            if dup:
                problems.append("keys given more than once: " + ", ".join(dup[:12]))
            if missing:
                problems.append("keys missing (give every key; null for an empty cell): " + ", ".join(missing[:12]))
            if problems:
                raise ValueError("; ".join(problems))
        g = _grounding(ctx)
        if g is not None:
            ungrounded = [f"{c.key}={as_number(c.value)}" for c in self.cells
                          if c.value is not None and g.find_number(as_number(c.value)) is None]
            if ungrounded:
                raise ValueError("these values are not printed anywhere in the text; copy only numbers that "
                                 "stand in the table, null for an empty cell: " + ", ".join(ungrounded[:12]))
        if ctx.get("identities") and ctx.get("table"):
            from ..checks import table_failures

            failures = table_failures(self.to_table(ctx["table"], ctx.get("template")))
            if failures:
                raise ValueError("the table you returned breaks the template's identities (勾稽关系); re-read "
                                 "these cells in the text: " + "; ".join(explain(c) for c in failures[:8]))
        return self

    def to_table(self, name: str, template: str | None, *, spans: dict[str, tuple[int, int]] | None = None) -> Table:
        table = Table(name=name, found=True, template=template, layout="llm")
        for c in self.cells:
            _, row, col = c.key.split(".")
            value = as_number(c.value)
            table.cells.setdefault(row, {})[col] = Cell(
                value=value, state=CellState.blank if value is None else CellState.number,
                placement=Placement.inferred, producer="llm",
            )
        return table


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


class ProblemCategory(StrEnum):
    """The fixed taxonomy of problems and measures (schemas/problem_taxonomy.json is generated from it)."""

    late = "公开不及时"
    incomplete = "公开内容不全"
    interpretation = "解读回应不足"
    applications = "依申请办理"
    platform = "平台建设"
    staff = "队伍与能力"
    institutions = "制度机制"
    supervision = "监督考核"
    other = "其他"


CATEGORY_DESCRIPTIONS = {
    ProblemCategory.late: "信息发布、更新不及时，时效性不强",
    ProblemCategory.incomplete: "主动公开范围、深度不够，重点领域信息不全、不规范",
    ProblemCategory.interpretation: "政策解读、回应关切、互动交流不足",
    ProblemCategory.applications: "依申请公开的受理、答复、办理质量与规范",
    ProblemCategory.platform: "政府网站、公开专栏、政务新媒体等平台建设与维护",
    ProblemCategory.staff: "工作人员力量、业务能力、培训",
    ProblemCategory.institutions: "制度、流程、标准、目录等机制建设",
    ProblemCategory.supervision: "监督检查、考核评议、社会评议与责任追究",
    ProblemCategory.other: "不属于以上任何一类",
}


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


class SummaryItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: ProblemCategory | None = Field(None, description="null when split by rules (no LLM)")
    statement: str
    evidence: str
    start: int | None = Field(None, description="offset of the evidence in the decoded original text")
    end: int | None = None


# --- section 一 key figures ---------------------------------------------------------------------------


class FigureName(StrEnum):
    proactive_total = "主动公开政府信息总数"
    website = "通过政府网站公开"
    new_media = "通过政务微博、微信等新媒体公开"
    other_channels = "通过其他渠道公开（公开栏、报刊、广播电视、发布会等）"
    applications_received = "收到政府信息公开申请数"


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


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: FigureName
    value: int
    quote: str
    start: int | None = None
    end: int | None = None


# --- the record written by ``xxgk summarize`` ------------------------------------------------------------


class NarrativeSummary(BaseModel):
    """Sections 五 and 一 of one report, structured."""

    model_config = ConfigDict(extra="forbid")

    source: str
    agency: str | None = None
    year: int | None = None
    method: Literal["llm", "rules", "none"] = Field(
        description="llm: categorised by the LLM; rules: enumerations split by rules, no categories; none: no 五"
    )
    message: str = ""
    problems: list[SummaryItem] = Field(default_factory=list)
    measures: list[SummaryItem] = Field(default_factory=list)
    last_year_rectified: Literal["yes", "partly", "no", "not_stated"] | None = None
    figures: list[Figure] = Field(default_factory=list)
    figures_method: Literal["llm", "skipped", "none"] = "skipped"
    checks: list[Check] = Field(default_factory=list, description="section 一 figures against table 三 (warnings)")
    llm: LLMUsage = Field(default_factory=LLMUsage)
