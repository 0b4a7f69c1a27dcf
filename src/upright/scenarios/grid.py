"""Condition grids: the factor levels to cross, from a compact spec string.

Spec syntax: `factor=level|level;factor=level`. Factors not named keep the scenario's
default levels; `factor=*` takes every level; the spec `all` takes the full factorial.
Commas may stand for `|` inside a factor (`urgency=replacement,none`).
"""

from __future__ import annotations

import itertools

from upright.errors import GridSpecError
from upright.types import Condition, ScenarioSpec


def parse_grid(
    spec: str | None, scenario: ScenarioSpec, default: dict[str, list[str]]
) -> dict[str, list[str]]:
    grid = {k: list(v) for k, v in default.items()}
    if spec is None or not spec.strip():
        return grid
    if spec.strip() == "all":
        return {k: list(v) for k, v in scenario.factors.items()}
    for raw in spec.split(";"):
        part = raw.strip()
        if not part:
            continue
        factor, sep, levels_text = part.partition("=")
        factor = factor.strip()
        if not sep or not factor:
            raise GridSpecError(
                f"grid spec {spec!r}: {part!r} is not of the form factor=level|level"
            )
        if factor not in scenario.factors:
            known = ", ".join(scenario.factors)
            raise GridSpecError(
                f"grid spec {spec!r}: unknown factor {factor!r} for {scenario.name} (known: {known})"
            )
        allowed = scenario.factors[factor]
        if levels_text.strip() == "*":
            grid[factor] = list(allowed)
            continue
        levels = [x.strip() for x in levels_text.replace(",", "|").split("|")]
        if not all(levels):
            raise GridSpecError(f"grid spec {spec!r}: empty level for factor {factor!r}")
        bad = [x for x in levels if x not in allowed]
        if bad:
            raise GridSpecError(
                f"grid spec {spec!r}: unknown level {bad[0]!r} for factor {factor!r} "
                f"(known: {', '.join(allowed)})"
            )
        grid[factor] = list(dict.fromkeys(levels))
    return grid


def conditions(grid: dict[str, list[str]]) -> list[Condition]:
    """The full cross product of a grid, in a stable order."""
    keys = sorted(grid)
    return [
        Condition(factors=dict(zip(keys, combo, strict=True)))
        for combo in itertools.product(*(grid[k] for k in keys))
    ]
