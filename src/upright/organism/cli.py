"""`upright organism ...`: build the model organism and show where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from upright.errors import UprightError

organism_app = typer.Typer(no_args_is_help=True, help="Build the tiny model organism.")
out = Console()
err = Console(stderr=True)


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


@organism_app.command("build")
def build_cmd(
    config: Annotated[
        str, typer.Option(help="Preset: tiny (seconds, for tests) or default.")
    ] = "default",
    seed: Annotated[int, typer.Option(help="Seed for the corpus, tokenizer and training.")] = 0,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Root directory (default: $UPRIGHT_HOME/organism)."),
    ] = None,
    threads: Annotated[
        int | None, typer.Option(help="Torch CPU threads (default: torch's choice).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Rebuild even if the build is cached.")] = False,
) -> None:
    """Generate the corpus, train the tokenizer and model, and save a Hugging Face directory."""
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from upright.organism.config import preset
    from upright.organism.train import Progress as Step
    from upright.organism.train import build, check_built

    with Progress(
        TextColumn("training"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TextColumn("{task.fields[rate]:>8} tok/s  loss {task.fields[loss]}  {task.fields[probe]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        job = bar.add_task("train", total=None, rate="-", loss="-", probe="")
        logged: list[dict[str, float]] = []  # without a terminal: one line per probe point

        def show(p: Step) -> None:
            if not err.is_terminal and p.probe and not (logged and logged[-1] is p.probe):
                logged.append(p.probe)
                probe = " ".join(f"{k} {v:.2f}" for k, v in p.probe.items())
                err.print(
                    f"step {p.step}/{p.steps}  {p.tokens_per_s:,.0f} tok/s  loss {p.loss:.3f}  "
                    f"held-out {probe}",
                    soft_wrap=True,
                )
            bar.update(
                job,
                completed=p.step,
                total=p.steps,
                rate=f"{p.tokens_per_s:,.0f}",
                loss=f"{p.loss:.3f}",
                probe="held-out " + " ".join(f"{k} {v:.2f}" for k, v in p.probe.items())
                if p.probe
                else "",
            )

        try:
            cfg = preset(config, seed)
            path = build(cfg, out_dir, progress=show, force=force, threads=threads)
            manifest = check_built(path)
        except UprightError as e:
            _fail(e)
    table = Table(title=f"organism {cfg.name}-{cfg.digest()}")
    table.add_column("field")
    table.add_column("value", justify="right")
    table.add_row("parameters", f"{manifest['params']:,}")
    table.add_row("vocabulary", f"{manifest['vocab_size']:,}")
    table.add_row("corpus tokens", f"{manifest['corpus']['tokens']:,}")
    table.add_row("tokens seen", f"{manifest['tokens_seen']:,}")
    table.add_row("final loss", f"{manifest['learning_curve'][-1]['loss']:.3f}")
    table.add_row("build seconds", f"{manifest['build_seconds']:.0f}")
    out.print(table)
    out.print(f"model: {path}")
