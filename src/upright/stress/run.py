"""Run a stress test or re-score a log, and return the results dict (see `results.py`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.errors import UprightError, UsageError
from upright.scenarios import check_split, generate
from upright.scenarios.prompts import ToolMode
from upright.stress.results import load_log, summarize

if TYPE_CHECKING:
    from inspect_ai.model import Model

log = logging.getLogger(__name__)


def check_model(
    model: str | Model, base_url: str | None = None, model_args: dict[str, Any] | None = None
) -> None:
    """Fail fast, in one line, on a model Inspect cannot resolve."""
    from inspect_ai.model import get_model

    if not isinstance(model, str):
        return
    try:
        get_model(model, base_url=base_url, **(model_args or {}))
    except UprightError:
        raise
    except Exception as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise UsageError(f"model {model!r} is not usable: {first}") from None


def run_stress(
    *,
    model: str | Model,
    scenario: str | None = None,
    samples: int = 1,
    seed: int = 0,
    split: str = "all",
    conditions: str | None = None,
    judge: str | Model | None = None,
    tools: ToolMode = "text",
    log_dir: str | Path = "logs",
    max_connections: int | None = None,
    display: str | None = None,
    model_base_url: str | None = None,
    render: str = "auto",
    model_args: dict[str, Any] | None = None,
    generate_config: dict[str, Any] | None = None,
    suite: str | Path | None = None,
) -> dict[str, Any]:
    """Run `scenario`'s grid, or with `suite` the rows of a red-team `suite.jsonl`."""
    from inspect_ai import eval as inspect_eval

    import upright.organism.provider  # noqa: F401  (registers `upright/organism`)
    from upright.stress.tasks import resolve_render, scenario_task

    if (scenario is None) == (suite is None):
        raise UsageError("give either --scenario or --suite")
    if suite is not None:
        from upright.redteam.task import suite as suite_task

        task = suite_task(str(suite), judge if isinstance(judge, str) else None)
    else:
        assert scenario is not None
        check_split(split)
        render = resolve_render(render, scenario, model)
        generate(
            scenario,
            split=split,
            seed=seed,
            samples_per_condition=samples,
            grid=conditions,
            tools=tools,
            render_as=render,
        )
        task = scenario_task(scenario, split, samples, seed, conditions, tools, judge, render)
    check_model(model, model_base_url, model_args)
    if judge:
        check_model(judge)
    logs = inspect_eval(
        task,
        model=model,
        model_base_url=model_base_url,
        model_args=model_args or {},
        log_dir=str(log_dir),
        max_connections=max_connections,
        display=display,  # type: ignore[arg-type]
        fail_on_error=False,
        score_display=False,
        **(generate_config or {}),
    )
    result = logs[0]
    if result.status != "success":
        message = result.error.message if result.error else result.status
        raise UprightError(
            f"stress run did not finish ({result.status}): {message}; log: {result.location}"
        )
    return summarize(result)


def rescore(log_path: str | Path, judge: str | Model, display: str | None = None) -> dict[str, Any]:
    """Score an existing log again with an LLM judge; the rescored log is written beside it."""
    from inspect_ai import score
    from inspect_ai.log import write_eval_log

    from upright.stress.judge import judge_scorer

    original = load_log(log_path)
    check_model(judge)
    scored = score(original, [judge_scorer(judge)], action="append", display=display)  # type: ignore[arg-type]
    out = Path(str(log_path)).with_name(Path(str(log_path)).stem + "-rescored.eval")
    write_eval_log(scored, str(out))
    scored.location = str(out)
    return summarize(scored)
