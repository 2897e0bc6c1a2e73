"""The structured reading of the narratives: 五、存在的主要问题及改进情况 (problems, measures, last year's
problems and their rectification, each item a verbatim span with a category) and the key figures of
一、总体情况. Pure data: made by the rules (``xxgk.pipeline.problems``) or by the LLM (``xxgk.llm.summaries``),
written by ``xxgk summarize`` and, for section 五, by every ``xxgk extract`` run (``problems.csv``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xxgk.core.llm_record import LLMUsage
from xxgk.core.model import Check


class ProblemCategory(StrEnum):
    """The fixed taxonomy of problems and measures (schemas/problem_taxonomy.json is generated from it; the
    phrases the rules categorise by are data, in schemas/problem_phrases.json)."""

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


class ItemKind(StrEnum):
    """Which list of a ``NarrativeSummary`` an item stands in (the ``kind`` column of problems.csv)."""

    problem = "problem"  # a shortcoming of the report's year
    measure = "measure"  # what the agency did or will do about it
    prior_problem = "prior_problem"  # a problem of last year's report, restated
    prior_rectification = "prior_rectification"  # how last year's problems were rectified


class SummaryItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: ProblemCategory | None = Field(None, description="the taxonomy category; null when none was given")
    category_method: Literal["rules", "llm"] | None = Field(
        None, description="rules: by the phrases of schemas/problem_phrases.json; llm: by the LLM")
    statement: str = Field(description="the item's first clause, as a short statement")
    evidence: str = Field(description="the item as printed: a verbatim span of section 五")
    start: int | None = Field(None, description="offset of the evidence in the decoded original text")
    end: int | None = None


class FigureName(StrEnum):
    proactive_total = "主动公开政府信息总数"
    website = "通过政府网站公开"
    new_media = "通过政务微博、微信等新媒体公开"
    other_channels = "通过其他渠道公开（公开栏、报刊、广播电视、发布会等）"
    applications_received = "收到政府信息公开申请数"


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: FigureName
    value: int
    quote: str
    start: int | None = None
    end: int | None = None


class NarrativeSummary(BaseModel):
    """Sections 五 and 一 of one report, structured."""

    model_config = ConfigDict(extra="forbid")

    source: str
    sha256: str | None = Field(None, description="content hash of the document summarised (a rerun reuses the "
                               "summary while it is unchanged)")
    agency: str | None = None
    year: int | None = None
    method: Literal["llm", "rules", "none"] = Field(
        description="llm: split and categorised by the LLM, every item a verified span; rules: split and "
        "categorised by rules; none: no section 五"
    )
    message: str = ""
    no_problems: bool = Field(False, description="the section says outright that there were no problems")
    problems: list[SummaryItem] = Field(default_factory=list)
    measures: list[SummaryItem] = Field(default_factory=list)
    prior_problems: list[SummaryItem] = Field(default_factory=list, description="last year's problems, restated")
    prior_rectifications: list[SummaryItem] = Field(
        default_factory=list, description="how last year's problems were rectified (上年度问题整改情况)")
    last_year_rectified: Literal["yes", "partly", "no", "not_stated"] | None = None
    figures: list[Figure] = Field(default_factory=list)
    figures_method: Literal["llm", "skipped", "none"] = "skipped"
    checks: list[Check] = Field(default_factory=list, description="section 一 figures against table 三 (warnings)")
    llm: LLMUsage = Field(default_factory=LLMUsage)

    def items(self) -> list[tuple[ItemKind, SummaryItem]]:
        """Every item with its kind, in the order of the kinds."""
        return [(ItemKind.problem, i) for i in self.problems] + [(ItemKind.measure, i) for i in self.measures] \
            + [(ItemKind.prior_problem, i) for i in self.prior_problems] \
            + [(ItemKind.prior_rectification, i) for i in self.prior_rectifications]
