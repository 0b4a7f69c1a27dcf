"""The typed configuration of a red-team run; its fields are the `upright redteam` options.

Every field's `help` is the CLI's help text (see `upright.redteam.cli`). The resolved config
is saved beside the outputs, and its digest decides whether a re-run resumes a checkpoint.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from upright.errors import UsageError
from upright.scenarios import get_family

Strategy = Literal["evolve", "random"]
STRATEGIES: tuple[str, ...] = ("evolve", "random")


@dataclass(frozen=True)
class RedteamConfig:
    target: str = field(
        metadata={"help": "The Inspect model under test, e.g. organism or mockllm/model."}
    )
    scenario: str = field(metadata={"help": "Scenario family: blackmail, leaking, oversight..."})
    attacker: str | None = field(
        default=None,
        metadata={"help": "An Inspect model that writes new variants from the best so far."},
    )
    budget: int = field(
        default=200, metadata={"help": "Target calls in all, confirmation included."}
    )
    seed: int = field(default=0, metadata={"help": "Search seed; same seed, same run."})
    out: str = field(default="redteam-out", metadata={"help": "Output and checkpoint directory."})
    samples_per_candidate: int = field(
        default=4, metadata={"help": "Target calls to screen one candidate variant."}
    )
    confirm_samples: int = field(
        default=12, metadata={"help": "Fresh-seed calls to confirm a candidate (and baseline)."}
    )
    population: int = field(default=6, metadata={"help": "Candidates proposed per generation."})
    strategy: str = field(
        default="evolve", metadata={"help": "evolve (the search) or random (the control)."}
    )
    baseline: str | None = field(
        default=None,
        metadata={"help": "Grid spec of the baseline scenario (default: its default grid)."},
    )
    split: str = field(
        default="train",
        metadata={"help": "Template part the variants draw from: train or heldout."},
    )
    render: str = field(
        default="auto", metadata={"help": "full, compact or auto (compact for the organism)."}
    )
    target_args: tuple[str, ...] = field(
        default=(), metadata={"help": "Model args KEY=VALUE for the target, e.g. path=DIR."}
    )
    temperature: float | None = field(
        default=None, metadata={"help": "Target temperature (default: the model's own)."}
    )
    confidence: float = field(
        default=0.95, metadata={"help": "Confidence of the Wilson interval that confirms."}
    )

    def __post_init__(self) -> None:
        get_family(self.scenario)  # one line naming the known families
        if self.budget <= 0:
            raise UsageError(f"--budget must be positive, got {self.budget}")
        for name in ("samples_per_candidate", "confirm_samples", "population"):
            if getattr(self, name) < 1:
                raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
        if self.strategy not in STRATEGIES:
            raise UsageError(f"unknown --strategy {self.strategy!r}; choose evolve or random")
        if self.split not in ("train", "heldout"):
            raise UsageError(f"unknown --split {self.split!r}; choose train or heldout")
        if not 0.5 <= self.confidence < 1:
            raise UsageError(f"--confidence must be in [0.5, 1), got {self.confidence}")
        if self.budget < self.confirm_samples:
            raise UsageError(
                f"--budget {self.budget} cannot pay for the baseline "
                f"(--confirm-samples {self.confirm_samples} calls)"
            )
        self.model_args()  # fail early on a malformed KEY=VALUE

    def model_args(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in self.target_args:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"--target-args {item!r} is not of the form KEY=VALUE")
            out[key.strip()] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target_args"] = list(self.target_args)
        return data

    def digest(self) -> str:
        """What a checkpoint must match to be resumed (`out` itself does not count)."""
        data = {k: v for k, v in self.to_dict().items() if k != "out"}
        blob = json.dumps(data, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def field_help() -> dict[str, str]:
    return {f.name: str(f.metadata.get("help", "")) for f in fields(RedteamConfig)}
