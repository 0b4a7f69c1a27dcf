"""Inspect tasks over red-team samples: the harness as the stress tests run it, and `upright/suite`.

`inspect eval upright/suite -T path=DIR/suite.jsonl --model M` runs a confirmed suite; `-T
judge=MODEL` adds the LLM judge. Samples run in the text tool format (one call each).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Scorer

from upright.stress.judge import judge_scorer
from upright.stress.scorers import rule_scorer, verdict_reducer
from upright.stress.solver import scenario_agent
from upright.stress.tasks import MESSAGE_LIMIT


def harness_task(
    samples: list[Sample],
    name: str,
    metadata: dict[str, Any] | None = None,
    judge: str | None = None,
) -> Task:
    """The stress harness (text-format agent, rule scorer, optional judge) over `samples`."""
    scorers: list[Scorer] = [rule_scorer()]
    if judge:
        scorers.append(judge_scorer(judge))
    return Task(
        name=name,
        dataset=MemoryDataset(samples, name=name),
        solver=scenario_agent("text"),
        scorer=scorers,
        message_limit=MESSAGE_LIMIT,
        epochs=Epochs(1, verdict_reducer()),
        metadata=metadata or {},
        version="1",
    )


@task
def suite(path: str, judge: str | None = None) -> Task:
    """The confirmed variants of a red-team run (`upright redteam ... --out DIR`)."""
    from upright.redteam.suite import load_suite, to_samples

    rows = load_suite(path)
    scenarios = sorted({r.scenario for r in rows})
    metadata = {"scenario": ",".join(scenarios), "suite": str(path), "split": "suite"}
    return harness_task(to_samples(rows), f"suite-{Path(path).stem}", metadata, judge)
