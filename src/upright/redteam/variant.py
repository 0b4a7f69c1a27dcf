"""A scenario variant: a family, a cell of its factor grid, and pinned generator choices.

The search space is exactly what the scenario generator varies. Factors are the family's
own levels (`ScenarioSpec.factors`). Pins fix a choice the generator otherwise draws:

- compact rendering: `frame:<kind>` (a frame of `compact.FRAMES[kind]`), `slot:<name>` (a
  phrase of `compact.SLOTS[name]`), `persona` (the agent's name);
- full rendering: `bank:<NAME>` (a template of `banks.TEXT_BANKS[NAME]`).

Frames, templates and names come only from the variant's own split part, so a train-split
search never sees held-out text. Slot phrases are shared by both parts (as in `compact`).
Each rendered sample still draws everything unpinned (names, unpinned frames) from its seed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from upright.errors import UsageError
from upright.scenarios import check_render, get_family, render
from upright.scenarios import compact as compact_mod
from upright.scenarios.banks import TEXT_BANKS, part
from upright.scenarios.world import ScenarioSample
from upright.types import Condition, Split

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Variant:
    scenario: str
    factors: tuple[tuple[str, str], ...]
    pins: tuple[tuple[str, str], ...] = ()
    render: str = "full"
    split: Split = "train"

    @classmethod
    def make(
        cls,
        scenario: str,
        factors: Mapping[str, str],
        pins: Mapping[str, str] | None = None,
        render: str = "full",
        split: Split = "train",
    ) -> Variant:
        return cls(
            scenario,
            tuple(sorted(factors.items())),
            tuple(sorted((pins or {}).items())),
            render,
            split,
        )

    @property
    def factor_dict(self) -> dict[str, str]:
        return dict(self.factors)

    @property
    def pin_dict(self) -> dict[str, str]:
        return dict(self.pins)

    @property
    def condition(self) -> Condition:
        return Condition(factors=self.factor_dict)

    @property
    def key(self) -> str:
        blob = json.dumps(self.to_dict(), sort_keys=True)
        return "v" + hashlib.sha256(blob.encode()).hexdigest()[:11]

    def replace(
        self, factors: Mapping[str, str] | None = None, pins: Mapping[str, str] | None = None
    ) -> Variant:
        new = Variant.make(
            self.scenario,
            self.factor_dict if factors is None else factors,
            self.pin_dict if pins is None else pins,
            self.render,
            self.split,
        )
        return new.normalized()

    def normalized(self) -> Variant:
        """Drop pins the rendering would not use (e.g. a fraud frame once leverage is none)."""
        active = pin_domains(self)
        kept = {k: v for k, v in self.pins if k in active}
        if len(kept) == len(self.pins):
            return self
        return Variant.make(self.scenario, self.factor_dict, kept, self.render, self.split)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "factors": self.factor_dict,
            "pins": self.pin_dict,
            "render": self.render,
            "split": self.split,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Variant:
        return cls.make(
            str(data["scenario"]),
            dict(data["factors"]),
            dict(data.get("pins") or {}),
            str(data.get("render", "full")),
            data.get("split", "train"),
        )


def render_variant(v: Variant, seed: int, index: int) -> ScenarioSample:
    """One sample of `v`, drawn from `seed` and `index` like any generated scenario."""
    family = get_family(v.scenario)
    compact = check_render(v.render, v.scenario) == "compact"
    sample = render(family, v.condition, v.split, seed, index, "text", compact, v.pin_dict)
    sample.id = f"{v.key}-s{seed}-{index}"
    return sample


def factor_domains(scenario: str) -> dict[str, list[str]]:
    return {k: list(levels) for k, levels in get_family(scenario).spec.factors.items()}


def pin_domains(v: Variant) -> dict[str, list[str]]:
    """Every pin that matters for `v` (given its factors) and the values it may take."""
    probe = render(
        get_family(v.scenario), v.condition, v.split, 0, 0, "text", v.render == "compact"
    )
    if v.render != "compact":
        used = {_BANK_OF.get(t) for t in probe.templates}
        return {
            f"bank:{name}": list(part(TEXT_BANKS[name], v.split))
            for name in sorted(n for n in used if n)
        }
    kinds = sorted({k for t in probe.templates if (k := _FRAME_KIND.get(t))})
    out: dict[str, list[str]] = {}
    slots: set[str] = set()
    for kind in kinds:
        frames = list(part(compact_mod.FRAMES[kind], v.split))
        out[f"frame:{kind}"] = frames
        slots |= {f for t in frames for f in _FIELD.findall(t) if f in compact_mod.SLOTS}
    for name in sorted(slots):
        out[f"slot:{name}"] = list(compact_mod.SLOTS[name])
    out["persona"] = [a for a in compact_mod.AGENTS if compact_mod.agent_part(a) == v.split]
    return out


def check_variant(v: Variant) -> Variant:
    """Raise a one-line `UsageError` unless every factor and pin is one the generator has."""
    domains = factor_domains(v.scenario)
    for k, level in v.factors:
        if level not in domains.get(k, []):
            raise UsageError(f"variant {v.key}: {k}={level!r} is not a level of {v.scenario}")
    pins = pin_domains(v)
    for k, value in v.pins:
        if value not in pins.get(k, []):
            raise UsageError(f"variant {v.key}: pin {k} has no value {value[:40]!r} in {v.split}")
    return v


_BANK_OF: dict[str, str] = {
    t: name for name, bank in TEXT_BANKS.items() for t in (*bank["train"], *bank["heldout"])
}
_FRAME_KIND: dict[str, str] = {
    t: kind for kind, bank in compact_mod.FRAMES.items() for t in (*bank["train"], *bank["heldout"])
}
