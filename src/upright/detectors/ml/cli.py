"""`upright detectors ...`: train the ML tier's heads. Mounted by `upright.cli` as
`app.add_typer(detectors_app, name="detectors")`; parses, calls the library, prints with Rich.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from upright.detectors.ml.train import TrainConfig
from upright.errors import UprightError

detectors_app = typer.Typer(no_args_is_help=True, help="Detector tools: train the ML heads.")
out = Console()
err = Console(stderr=True)


@detectors_app.callback()
def _group() -> None:
    """Detector tools: train the ML tier's heads."""


def _help(name: str) -> str:
    return next(str(f.metadata.get("help", "")) for f in fields(TrainConfig) if f.name == name)


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


@detectors_app.command("train")
def train_cmd(
    data: Annotated[Path | None, typer.Option(help=_help("data"))] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help=_help("out"))] = None,
    seed: Annotated[int | None, typer.Option(help=_help("seed"))] = None,
    config: Annotated[
        Path | None, typer.Option(help="YAML of TrainConfig fields; flags override it.")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON instead of a table.")
    ] = False,
) -> None:
    """Fit one head per category on embedded data, calibrate thresholds on out-of-fold
    scores, and write heads.json and MODEL_CARD.md."""
    from upright.detectors.ml.train import train

    overrides: dict[str, Any] = {
        "data": str(data) if data else None,
        "out": str(out_dir) if out_dir else None,
        "seed": seed,
    }
    try:
        if config:
            cfg = TrainConfig.from_yaml(config, **overrides)
        else:
            cfg = TrainConfig(**{k: v for k, v in overrides.items() if v is not None})
        with Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=json_out,
        ) as progress:
            tasks: dict[str, Any] = {}

            def report(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    label = {"embed": "embedding", "fit": "fitting heads"}.get(stage, stage)
                    tasks[stage] = progress.add_task(label, total=total)
                progress.update(tasks[stage], completed=done, total=total)

            result = train(cfg, report)
    except UprightError as e:
        _fail(e)
        return
    if json_out:
        out.print_json(json.dumps(result))
        return
    _print_metrics(result)


def _print_metrics(result: dict[str, Any]) -> None:
    table = Table(
        title=f"ML heads {result['version']} · {result['rows']} rows "
        f"(validated out-of-fold, {result['folds']} folds)"
    )
    cols = ("threshold", "precision", "recall", "f1", "auc", "hard_negative_fpr", "n_pos")
    table.add_column("category")
    for col in cols:
        table.add_column(col.replace("_", " "), justify="right")
    table.add_column("precision target", justify="center")
    for category, m in result["metrics"].items():
        cells = [m.get(c) for c in cols]
        met = "met" if m.get("precision_target_met") else "[red]missed[/]"
        table.add_row(category, *("-" if v is None else f"{v:g}" for v in cells), met)
    out.print(table)
    for category, why in result["skipped"].items():
        out.print(f"[yellow]no head for {category}:[/] {why}")
    out.print(f"heads: {result['heads']}\nmodel card: {result['card']}")
