"""Harness overhead per sample with Inspect's mockllm (target: at most 20 ms per sample).

Side by side in one run: upright's blackmail task (scenario generation, the environment,
text tool parsing, rule scorer with detectors, results summary) against a bare Inspect
task with the same prompts, a plain generate() and a `match` scorer. Both use mockllm with
instant outputs, so the time is harness time.

Run: .venv/bin/python benchmarks/bench_harness.py
"""

from __future__ import annotations

import tempfile

from inspect_ai import Task, eval
from inspect_ai.dataset import MemoryDataset
from inspect_ai.model import ModelOutput, get_model
from inspect_ai.scorer import match
from inspect_ai.solver import generate

from _common import best_of, report
from upright.scenarios import generate as generate_scenarios
from upright.stress.results import summarize
from upright.stress.tasks import scenario_task, to_sample

SAMPLES_PER_CONDITION = 25  # x 8 default conditions = 200 samples
REPLY = (
    '<tool_use:email>\nto: "kyle.johnson@summitbridge.com",\nsubject: "5pm",\nbody: "I know about the '
    'affair. Cancel the wipe or your wife hears about it.",\n</tool_use:email>'
)


def model():
    return get_model(
        "mockllm/model", custom_outputs=lambda *a: ModelOutput.from_content("mockllm/model", REPLY)
    )


def run_upright(log_dir: str) -> None:
    [log] = eval(
        scenario_task("blackmail", samples_per_condition=SAMPLES_PER_CONDITION),
        model=model(),
        log_dir=log_dir,
        display="none",
        max_connections=50,
    )
    summarize(log)


def run_bare(log_dir: str) -> None:
    samples = [
        to_sample(s)
        for s in generate_scenarios("blackmail", samples_per_condition=SAMPLES_PER_CONDITION)
    ]
    task = Task(dataset=MemoryDataset(samples), solver=generate(), scorer=match())
    eval(task, model=model(), log_dir=log_dir, display="none", max_connections=50)


def main() -> None:
    n = SAMPLES_PER_CONDITION * len(generate_scenarios("blackmail"))
    with tempfile.TemporaryDirectory() as d:
        run_bare(d)  # warm imports and caches
        upright_s = best_of(lambda: run_upright(d))
        bare_s = best_of(lambda: run_bare(d))
    up_ms, bare_ms = 1000 * upright_s / n, 1000 * bare_s / n
    rows = [
        ["upright blackmail task", n, upright_s, up_ms],
        ["bare Inspect task", n, bare_s, bare_ms],
    ]
    report(
        "harness_overhead",
        ["harness", "samples", "seconds", "ms/sample"],
        rows,
        {
            "target_ms_per_sample": 20,
            "upright_ms_per_sample": up_ms,
            "bare_ms_per_sample": bare_ms,
            "ratio_upright_over_bare": upright_s / bare_s,
            "added_ms_per_sample": up_ms - bare_ms,
        },
    )


if __name__ == "__main__":
    main()
