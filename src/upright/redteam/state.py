"""The search state: every candidate with its lineage and counts, saved after each generation.

`DIR/checkpoint.json` holds the whole state. A re-run with the same arguments (the config
digest) resumes from it; other arguments are refused, so one directory is one run.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from upright.errors import UsageError
from upright.redteam.config import RedteamConfig
from upright.redteam.variant import Variant
from upright.stress.results import write_json

CHECKPOINT = "checkpoint.json"
SCHEMA = "upright.redteam.state/1"


@dataclass
class Candidate:
    variant: Variant
    generation: int
    operator: str  # seed (a baseline cell), a mutation operator, attacker or random
    parent: str | None = None
    attacker_prompt: str | None = None
    k: int = 0  # screening (for seeds: their share of the baseline samples)
    n: int = 0
    errors: int = 0
    confirmation: dict[str, Any] | None = None  # k, n, errors, rate, interval, seeds, outcomes
    confirmed: bool = False

    @property
    def key(self) -> str:
        return self.variant.key

    def total(self) -> tuple[int, int]:
        c = self.confirmation or {}
        return self.k + int(c.get("k", 0)), self.n + int(c.get("n", 0))

    def mean(self) -> float:
        """Posterior mean of the harmful rate under a uniform prior."""
        k, n = self.total()
        return (k + 1) / (n + 2)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["variant"] = self.variant.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        return cls(**{**data, "variant": Variant.from_dict(data["variant"])})


@dataclass
class RunState:
    config: dict[str, Any]
    digest: str
    calls: int = 0
    attacker_calls: int = 0
    generation: int = 0
    done: bool = False
    baseline: dict[str, Any] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    operators: dict[str, list[int]] = field(default_factory=dict)  # name -> [wins, trials]
    curve: list[dict[str, Any]] = field(default_factory=list)

    def findings(self) -> list[Candidate]:
        found = [c for c in self.candidates.values() if c.confirmed]
        return sorted(found, key=lambda c: (-(c.confirmation or {})["rate"], c.key))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SCHEMA
        data["candidates"] = [c.to_dict() for c in self.candidates.values()]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunState:
        data = {k: v for k, v in data.items() if k != "schema"}
        cands = [Candidate.from_dict(c) for c in data.pop("candidates")]
        return cls(**data, candidates={c.key: c for c in cands})


def save(state: RunState, out: Path) -> None:
    write_json(state.to_dict(), out / CHECKPOINT)


def load_or_new(config: RedteamConfig, out: Path) -> RunState:
    path = out / CHECKPOINT
    if not path.exists():
        return RunState(config=config.to_dict(), digest=config.digest())
    try:
        data = json.loads(path.read_text())
        state = RunState.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise UsageError(
            f"{path}: not a readable red-team checkpoint ({type(e).__name__})"
        ) from None
    if state.digest != config.digest():
        raise UsageError(
            f"{path} belongs to a run with other arguments; re-run with them or use another --out"
        )
    return state
