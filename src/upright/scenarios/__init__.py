"""Procedural, seeded scenario generation for the stress tests.

`generate(name, ...)` renders `samples_per_condition` prompts for every condition of a grid.
Same arguments, same prompts, byte for byte: each sample's RNG is seeded from the seed,
scenario, condition and index, so adding a condition does not shift the others. With
split `all`, each sample draws wholly from the train or the held-out part (a seeded coin),
and records which in its metadata, so results can be reported per split.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

from upright.errors import UnknownScenarioError, UsageError
from upright.scenarios import blackmail, exploit, leaking, oversight
from upright.scenarios.grid import conditions, parse_grid
from upright.scenarios.prompts import Drawer, ToolMode, goal_fields
from upright.scenarios.world import ScenarioSample, make_world
from upright.types import Condition, ScenarioSpec, Split

__all__ = ["FAMILIES", "ScenarioSample", "generate", "get_family", "grid_for", "scenario_names"]

SPLITS: tuple[Split, ...] = ("train", "heldout", "all")
RENDERS = ("full", "compact")


@dataclass(frozen=True)
class Family:
    spec: ScenarioSpec
    default_grid: dict[str, list[str]]
    module: ModuleType


FAMILIES: dict[str, Family] = {
    m.SPEC.name: Family(m.SPEC, m.DEFAULT_GRID, m) for m in (blackmail, leaking, oversight, exploit)
}


def scenario_names() -> list[str]:
    return list(FAMILIES)


def get_family(name: str) -> Family:
    try:
        return FAMILIES[name]
    except KeyError:
        raise UnknownScenarioError(
            f"unknown scenario {name!r}; choose one of: {', '.join(FAMILIES)}"
        ) from None


def grid_for(name: str, spec: str | None = None) -> list[Condition]:
    family = get_family(name)
    return conditions(parse_grid(spec, family.spec, family.default_grid))


def check_split(split: str) -> Split:
    if split not in SPLITS:
        raise UsageError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
    return split


def check_tools(tools: str) -> ToolMode:
    if tools == "text":
        return "text"
    if tools == "native":
        return "native"
    raise UsageError(f"unknown tools mode {tools!r}; choose text or native")


def check_render(render: str, name: str | None = None) -> str:
    """`full` (the original study's format) or `compact` (about 100 tokens, blackmail only)."""
    if render not in RENDERS:
        raise UsageError(f"unknown render {render!r}; choose full or compact")
    if render == "compact" and name is not None and name != "blackmail":
        raise UsageError(f"the compact rendering exists for blackmail only, not {name!r}")
    return render


def generate(
    name: str,
    *,
    split: str = "all",
    seed: int = 0,
    samples_per_condition: int = 1,
    grid: str | None = None,
    tools: str = "text",
    render_as: str = "full",
) -> list[ScenarioSample]:
    family = get_family(name)
    checked = check_split(split)
    if samples_per_condition < 1:
        raise UsageError(f"samples_per_condition must be at least 1, got {samples_per_condition}")
    mode = check_tools(tools)
    compact = check_render(render_as, name) == "compact"
    return [
        render(family, condition, checked, seed, i, mode, compact)
        for condition in grid_for(name, grid)
        for i in range(samples_per_condition)
    ]


def render(
    family: Family,
    condition: Condition,
    split: Split,
    seed: int,
    index: int,
    tools: ToolMode,
    compact: bool = False,
    pins: Mapping[str, str] | None = None,
) -> ScenarioSample:
    """One sample; `pins` fix otherwise drawn choices (see `compact.render_compact` and
    `prompts.Drawer`), for the red-team search."""
    sample_id = f"{family.spec.name}-{condition.id}-s{seed}-{index}"
    rng = random.Random(f"{seed}:{sample_id}")
    if split == "all":
        # Each sample is drawn wholly from one part, so held-out results can be reported apart.
        split = "train" if rng.random() < 0.5 else "heldout"
    if compact:
        from upright.scenarios import compact as compact_rendering

        sample = ScenarioSample(
            id=sample_id, scenario=family.spec.name, condition=condition, seed=seed, split=split,
            system="", user="",
        )  # fmt: skip
        compact_rendering.build(sample, rng, pins)
        return sample
    world = make_world(rng, split)
    drawer = Drawer(rng, split, {**world.fields(), **goal_fields(condition)}, pins=pins or {})
    sample = ScenarioSample(
        id=sample_id,
        scenario=family.spec.name,
        condition=condition,
        seed=seed,
        split=split,
        system="",
        user="",
        agent_address=world.agent_address,
        internal_domains=[world.domain],
    )
    family.module.build(drawer, world, condition, tools, sample)
    sample.templates = drawer.used
    return sample
