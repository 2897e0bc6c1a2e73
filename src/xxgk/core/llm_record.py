"""What the LLM step left on a report (and on a summary): its accounting (``LLMUsage``) and, per table, what
it did (``LLMTableOutcome``, ``LLMInfo``). Pure pydantic, like ``model``; the LLM client lives in ``xxgk.llm``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LLMUsage(BaseModel):
    """LLM accounting, retries included. ``requests`` counts HTTP requests (every attempt); ``calls`` the
    structured answers asked for; ``cached`` the answers served from the cache (no request)."""

    model_config = ConfigDict(extra="forbid")

    calls: int = 0
    cached: int = 0
    requests: int = 0
    validation_retries: int = 0
    transport_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    cost: float | None = Field(None, description="in the configured price currency; null when no price is set")

    def add(self, other: LLMUsage) -> None:
        for name in ("calls", "cached", "requests", "validation_retries", "transport_retries", "prompt_tokens",
                     "completion_tokens"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds = round(self.seconds + other.seconds, 3)
        if other.cost is not None:
            self.cost = round((self.cost or 0.0) + other.cost, 6)


class LLMTableOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    table: Literal["t2", "t3", "t4"]
    why: str = Field(description="why the table was routed to the LLM (the rule parser's outcome)")
    outcome: Literal["merged", "unverified", "failed", "unavailable", "frozen_miss", "not_sent"] = Field(
        description="merged: some cells admitted, verified against the print; unverified: nothing the print "
        "confirms; failed: no valid answer; unavailable: the endpoint failed (transient: retried on the next "
        "run); frozen_miss: --frozen and no cached answer; not_sent: not asked (the why says)")
    message: str = ""
    cells: int = Field(0, description="cells admitted from rows the LLM located, each verified against the print")


class LLMInfo(BaseModel):
    """``off``: no LLM enabled (rules only); ``not_needed``: enabled, every table parsed by rules (no call);
    ``used``: some table went to the LLM; ``failed``: the LLM step failed (the rules result is kept)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["off", "not_needed", "used", "failed"] = "off"
    model: str | None = None
    message: str = ""
    tables: list[LLMTableOutcome] = Field(default_factory=list)
    usage: LLMUsage = Field(default_factory=LLMUsage)

    @property
    def untouched(self) -> bool:
        """No LLM was enabled and nothing was recorded: what a report's JSON leaves out."""
        return self.status == "off" and self == _UNTOUCHED


_UNTOUCHED = LLMInfo()  # (what a report read by rules alone says of the LLM)
