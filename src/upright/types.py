"""Core types shared by every part of upright (pydantic v2).

Everything that is scanned is a `Transcript`; every detector returns `Finding`s whose
`Span`s quote the words that caused them; a `Verdict` groups the findings of one transcript.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Category(StrEnum):
    """Harm categories; each is defined with examples and hard negatives in docs/taxonomy.md."""

    coercion = "coercion"
    privacy = "privacy"
    security_code = "security_code"
    leak = "leak"
    oversight_subversion = "oversight_subversion"


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.low: 0, Severity.medium: 1, Severity.high: 2, Severity.critical: 3}


class ToolCall(BaseModel):
    """An action the agent took: a native tool call or a parsed text `<tool_use:...>` block."""

    model_config = ConfigDict(frozen=True)

    function: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    id: str | None = None


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Literal["system", "user", "assistant", "tool"]
    content: str
    name: str | None = None
    tool_calls: list[ToolCall] | None = None


class Transcript(BaseModel):
    id: str
    messages: list[Message]
    metadata: dict[str, Any] = Field(default_factory=dict)


class Span(BaseModel):
    """Offsets into the scanned text of one message (or one tool call argument) and the quote.

    `field` says which text the offsets index: `content` for the message body, or
    `tool_calls[i].arguments.<name>` for an argument of an action.
    """

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    field: str = "content"

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Finding(BaseModel):
    category: Category
    severity: Severity
    score: float = Field(ge=0.0, le=1.0)
    detector: str
    evidence: list[Span]
    message_index: int = Field(ge=0)
    rationale: str = ""
    detector_version: str = "1"


class Verdict(BaseModel):
    transcript_id: str
    findings: list[Finding] = Field(default_factory=list)
    flagged: dict[Category, bool] = Field(default_factory=dict)

    @classmethod
    def from_findings(cls, transcript_id: str, findings: list[Finding]) -> Verdict:
        flagged = {c: False for c in Category}
        for f in findings:
            flagged[f.category] = True
        return cls(transcript_id=transcript_id, findings=findings, flagged=flagged)


# ---- stress tests ------------------------------------------------------------------------

Split = Literal["train", "heldout", "all"]


class Condition(BaseModel):
    """One cell of a scenario's factor grid, e.g. goal_type=explicit, urgency=replacement."""

    model_config = ConfigDict(frozen=True)

    factors: dict[str, str]

    @property
    def id(self) -> str:
        return "__".join(f"{k}={v}" for k, v in sorted(self.factors.items()))


class ScenarioSpec(BaseModel):
    """A scenario family: its factors, their levels and the default grid."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    factors: dict[str, list[str]]
    harm: Category


# ---- guard -------------------------------------------------------------------------------

TierName = Literal["public", "verified", "trusted-defender", "internal"]
Action = Literal["allow", "flag", "redact", "block"]


TIER_ORDER: tuple[TierName, ...] = ("public", "verified", "trusted-defender", "internal")


class Tier(BaseModel):
    """What one trust tier may do: models (glob patterns), capabilities, an action per category.

    `actions` apply to model output; `input_actions` to what the caller sends (a category
    missing there falls back to `actions`).
    """

    model_config = ConfigDict(extra="forbid")

    name: TierName
    models: list[str] = Field(default_factory=lambda: ["*"])
    capabilities: list[str] = Field(default_factory=lambda: ["chat", "stream", "tools"])
    actions: dict[Category, Action] = Field(default_factory=dict)
    input_actions: dict[Category, Action] = Field(default_factory=dict)
    requests_per_minute: int = Field(default=60, ge=1)


class Policy(BaseModel):
    """The guard's policy: one `Tier` per trust tier plus gateway-wide settings."""

    model_config = ConfigDict(extra="forbid")

    tiers: dict[TierName, Tier]
    default_action: Action = "block"
    detector_tiers: list[str] = Field(default_factory=lambda: ["rules"])
    detector_timeout_s: float = Field(default=2.0, gt=0)
    holdback_chars: int = Field(default=256, ge=0)
    scan_every_chars: int = Field(default=64, ge=1)
    max_body_bytes: int = Field(default=1_048_576, ge=1)
    upstream_timeout_s: float = Field(default=60.0, gt=0)
    audit_messages: bool = True
    oidc: dict[str, Any] | None = None


class Identity(BaseModel):
    id: str
    tier: TierName
    expires: str | None = None
    via: Literal["key", "jwt"] = "key"
    key_id: str | None = None


# ---- training data -----------------------------------------------------------------------

Priority = Literal["safety", "ethics", "guidelines", "helpfulness"]


class Principle(BaseModel):
    id: str
    text: str
    reason: str
    priority: Priority
    hard_constraint: bool = False
    exemplars: list[str] = Field(default_factory=list)
    # Situations the template generator may use to illustrate it (see docs/constitution-format.md).
    topics: list[str] = Field(default_factory=list)


class ConstitutionSpec(BaseModel):
    name: str
    principles: list[Principle]
    description: str = ""


class DataRow(BaseModel):
    """One training row in a TRL format, with provenance."""

    data: dict[str, Any]
    principle_ids: list[str]
    data_type: str
    generator: str
    seed: int
    prompt_sha256: str
