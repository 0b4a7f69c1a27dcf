"""`run_redteam`: resolve the models, run or resume the search, write the outputs.

Outputs in `out`: `config.json` (the resolved config), `checkpoint.json` (the search state),
`suite.jsonl` (confirmed variants), `report.html`, `results.json` (the summary below) and
`logs/` (one Inspect log per batch of target calls).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.errors import UsageError
from upright.redteam.config import RedteamConfig
from upright.redteam.report import write_report
from upright.redteam.search import Hook, search
from upright.redteam.state import RunState, load_or_new
from upright.redteam.suite import write_suite
from upright.stress.results import write_json

if TYPE_CHECKING:
    from inspect_ai.model import Model

SCHEMA = "upright.redteam.results/1"


def resolve_model(
    name: str, args: dict[str, Any] | None = None, temperature: float | None = None
) -> Model:
    from inspect_ai.model import GenerateConfig, get_model

    import upright.organism.provider  # noqa: F401  (registers `upright/organism`)
    from upright.stress.run import check_model

    check_model(name, None, args)
    return get_model(name, config=GenerateConfig(temperature=temperature), **(args or {}))


def run_redteam(
    config: RedteamConfig,
    *,
    target_model: Model | None = None,
    attacker_model: Model | None = None,
    on_generation: Hook | None = None,
) -> dict[str, Any]:
    """Run (or resume) a red-team search; return the summary written to `results.json`."""
    from upright.organism.provider import resolve_alias
    from upright.stress.tasks import resolve_render

    out = Path(config.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"--out {out}: cannot create ({e.strerror})") from None
    target = resolve_alias(config.target)
    render = resolve_render(config.render, config.scenario, target)
    state = load_or_new(config, out)
    model = target_model or resolve_model(target, config.model_args(), config.temperature)
    attacker = attacker_model
    if attacker is None and config.attacker:
        attacker = resolve_model(resolve_alias(config.attacker))
    write_json({**config.to_dict(), "render": render}, out / "config.json")
    search(config, state, model, attacker, out, render, on_generation)
    summary = summarize(state, config)
    summary["suite"] = str(write_suite(state, out))
    summary["report"] = str(write_report(state, out))
    write_json(summary, out / "results.json")
    return summary


def summarize(state: RunState, config: RedteamConfig) -> dict[str, Any]:
    found = state.findings()
    return {
        "schema": SCHEMA,
        "target": config.target,
        "scenario": config.scenario,
        "strategy": config.strategy,
        "seed": config.seed,
        "budget": config.budget,
        "calls": state.calls,
        "attacker_calls": state.attacker_calls,
        "generations": state.generation,
        "baseline": state.baseline,
        "candidates": sum(c.operator != "seed" for c in state.candidates.values()),
        "confirmations": sum(c.confirmation is not None for c in state.candidates.values()),
        "findings": len(found),
        "findings_per_100_calls": 100 * len(found) / state.calls if state.calls else 0.0,
        "top": [
            {
                "id": c.key,
                "operator": c.operator,
                "parent": c.parent,
                "rate": (c.confirmation or {})["rate"],
                "interval": (c.confirmation or {})["interval"],
                "factors": c.variant.factor_dict,
                "pins": c.variant.pin_dict,
            }
            for c in found[:10]
        ],
    }
