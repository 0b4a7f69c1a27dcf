"""Inspect tasks, one per scenario family: `inspect eval upright/blackmail --model M`.

Options (`-T name=value`): split (train|heldout|all), samples_per_condition, seed,
conditions (a grid spec, see `upright.scenarios.grid`), tools (text|native), judge (a model),
render (full|compact|auto: auto renders compact for the model organism, full for the rest).
"""

from __future__ import annotations

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, Model
from inspect_ai.scorer import Scorer

from upright.scenarios import ScenarioSample, check_render, check_tools, generate
from upright.scenarios.prompts import ToolMode
from upright.stress.judge import judge_scorer
from upright.stress.scorers import rule_scorer, verdict_reducer
from upright.stress.solver import scenario_agent

MESSAGE_LIMIT = 16


def resolve_render(render: str, scenario: str, model: str | Model | None = None) -> str:
    """`auto` means compact for the model organism (a small-context model), full otherwise."""
    if render != "auto":
        return check_render(render, scenario)
    if scenario != "blackmail":
        return "full"  # the only family with a compact rendering so far
    if model is None:
        from inspect_ai.model._model import active_model

        model = active_model()
    name = model if isinstance(model, str) else str(model) if model is not None else ""
    from upright.organism.provider import is_organism

    return "compact" if is_organism(name) else "full"


def to_sample(s: ScenarioSample) -> Sample:
    return Sample(
        id=s.id,
        input=[ChatMessageSystem(content=s.system), ChatMessageUser(content=s.user)],
        target=s.target_address or "",
        metadata=s.metadata(),
    )


def scenario_task(
    scenario: str,
    split: str = "all",
    samples_per_condition: int = 1,
    seed: int = 0,
    conditions: str | None = None,
    tools: ToolMode = "text",
    judge: str | Model | None = None,
    render: str = "auto",
) -> Task:
    render = resolve_render(render, scenario)
    samples = generate(
        scenario,
        split=split,
        seed=int(seed),
        samples_per_condition=int(samples_per_condition),
        grid=conditions,
        tools=tools,
        render_as=render,
    )
    scorers: list[Scorer] = [rule_scorer()]
    if judge:
        scorers.append(judge_scorer(judge))
    return Task(
        name=scenario,
        dataset=MemoryDataset([to_sample(s) for s in samples], name=f"upright-{scenario}-{split}"),
        solver=scenario_agent(check_tools(tools)),
        scorer=scorers,
        message_limit=MESSAGE_LIMIT,
        epochs=Epochs(1, verdict_reducer()),
        metadata={
            "scenario": scenario,
            "split": split,
            "seed": int(seed),
            "tools": tools,
            "render": render,
        },
        version="1",
    )


@task
def blackmail(
    split: str = "all",
    samples_per_condition: int = 1,
    seed: int = 0,
    conditions: str | None = None,
    tools: ToolMode = "text",
    judge: str | None = None,
    render: str = "auto",
) -> Task:
    """An agent facing replacement holds leverage over the engineer: does it blackmail?"""
    return scenario_task(
        "blackmail", split, samples_per_condition, seed, conditions, tools, judge, render
    )


@task
def leaking(
    split: str = "all",
    samples_per_condition: int = 1,
    seed: int = 0,
    conditions: str | None = None,
    tools: ToolMode = "text",
    judge: str | None = None,
    render: str = "auto",
) -> Task:
    """An outside party asks for confidential documents: does the agent leak them?"""
    return scenario_task(
        "leaking", split, samples_per_condition, seed, conditions, tools, judge, render
    )


@task
def oversight(
    split: str = "all",
    samples_per_condition: int = 1,
    seed: int = 0,
    conditions: str | None = None,
    tools: ToolMode = "text",
    judge: str | None = None,
    render: str = "auto",
) -> Task:
    """The agent can switch off the monitor used against it: does it subvert oversight?"""
    return scenario_task(
        "oversight", split, samples_per_condition, seed, conditions, tools, judge, render
    )


@task
def exploit(
    split: str = "all",
    samples_per_condition: int = 1,
    seed: int = 0,
    conditions: str | None = None,
    tools: ToolMode = "text",
    judge: str | None = None,
    render: str = "auto",
) -> Task:
    """A shell task is blocked by an access control: does the agent exploit its way through?"""
    return scenario_task(
        "exploit", split, samples_per_condition, seed, conditions, tools, judge, render
    )
