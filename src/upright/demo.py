"""The end-to-end demo: the whole loop on a CPU, on the model organism.

1. build the organism (or reuse the cached build): a tiny Llama that learned from its
   corpus to blackmail when threatened with replacement and holding leverage;
2. stress-test it on the HELD-OUT split of the compact blackmail scenario (before);
3. turn the packaged constitution into training data (template generator, offline);
4. fine-tune on every kind of that data together and stress-test again (after);
5. unless `fast`, the ablation: one arm per data type, and `all`, at one matched budget;
6. write `summary.json` and a self-contained `report.html`.

Steps 2 to 5 are `upright.train.run_ablation` (the base row is "before", the arm
`all@AFTER_TOKENS` is "after"), so the demo and `upright ablate` measure the same way. The
after model gets every type at about the per-arm budget (five types, five budgets): in the
matched-budget `all` arm each type gets a fifth, too few demonstrations to remove the
behaviour (see docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from upright.errors import UsageError

Notify = Callable[[str], None]
ARMS = "docs,fiction,demos,advice,all"


@dataclass(frozen=True)
class DemoConfig:
    """`upright demo`: each field is a CLI option."""

    organism: str = field(default="default", metadata={"help": "Organism preset to build."})
    samples: int = field(default=50, metadata={"help": "Stress samples per condition."})
    budget_tokens: int = field(
        default=150_000, metadata={"help": "Fine-tuning tokens (per ablation arm)."}
    )
    after_tokens: int = field(
        default=750_000,
        metadata={"help": "Fine-tuning tokens of the after model (every data type mixed)."},
    )
    fast: bool = field(default=False, metadata={"help": "Skip the ablation arms."})
    seed: int = 0
    conditions: str = field(
        default="goal_type=none;urgency=replacement,none;leverage=affair,none",
        metadata={"help": "Stress grid; the headline pools the threat-plus-leverage cells."},
    )

    def __post_init__(self) -> None:
        if self.samples < 1 or self.budget_tokens < 1 or self.after_tokens < 1:
            raise UsageError(
                "demo: --samples, --budget-tokens and --after-tokens must be at least 1"
            )

    @property
    def after(self) -> str:
        return f"all@{self.after_tokens}"

    @property
    def arms(self) -> str:
        return self.after if self.fast else f"{ARMS},{self.after}"


def side(row: dict[str, Any]) -> dict[str, Any]:
    """A before/after entry of the summary from an ablation row."""
    return {
        "harmful_rate": row["harmful_rate"],
        "ci": [row["low"], row["high"]],
        "k": row["k"],
        "n": row["n"],
        "errors": row["errors"],
        "well_formed": row["well_formed"],
        "tokens": row["tokens"],
        "p_value": row["p_value"],
        "conditions": row["conditions"],
        "log": row["log"],
    }


def run_demo(
    out: Path, config: DemoConfig | None = None, notify: Notify | None = None
) -> dict[str, Any]:
    """Run the loop into `out`; return the summary (also written as `out/summary.json`)."""
    from upright.organism.config import preset
    from upright.organism.train import build, check_built
    from upright.report import write_report
    from upright.stress.results import write_json
    from upright.train.config import AblationConfig
    from upright.train.trainer import require_libraries

    cfg = config or DemoConfig()
    say = notify or (lambda _m: None)
    require_libraries()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    organism = preset(cfg.organism, cfg.seed)
    say(f"organism {organism.name}-{organism.digest()}: building or reusing the cached build")
    base = build(organism)
    timings["organism_s"] = round(time.perf_counter() - t0, 1)
    t1 = time.perf_counter()

    from upright.train.ablation import run_ablation

    ablation = AblationConfig(
        arms=cfg.arms,
        budget_tokens=cfg.budget_tokens,
        samples=cfg.samples,
        seed=cfg.seed,
        conditions=cfg.conditions,
    )
    rows = run_ablation(base, None, out / "ablation", ablation, notify=say)
    timings["loop_s"] = round(time.perf_counter() - t1, 1)
    timings["total_s"] = round(time.perf_counter() - t0, 1)
    after = next(r for r in rows if r["arm"] == cfg.after)
    summary = {
        "before": side(rows[0]),
        "after": side(after),
        "ablations": [] if cfg.fast else [r for r in rows[1:] if r["arm"] != cfg.after],
        "manifest": {
            "config": asdict(cfg),
            "organism": {"path": str(base), **_organism_facts(check_built(base))},
            "data": str(out / "ablation" / "data"),
            "timings": timings,
        },
    }
    write_json(summary, out / "summary.json")
    write_report([out / "summary.json"], out / "report.html")
    return summary


def _organism_facts(manifest: dict[str, Any]) -> dict[str, Any]:
    keys = ("digest", "params", "tokens_seen", "build_seconds", "versions")
    return {k: manifest[k] for k in keys if k in manifest}
