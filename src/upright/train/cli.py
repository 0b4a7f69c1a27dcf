"""`upright train sft|dpo` and `upright ablate`: parse, call the library, print with Rich.

Every field of the stage's config is an option (`--lr`, `--max-tokens`, `--lora`, ...);
`--config FILE` reads the same fields from YAML, and flags override the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from upright.errors import UprightError
from upright.train.config import AblationConfig, DPOConfig, SFTConfig
from upright.train.data import Stage
from upright.train.options import config_options

train_app = typer.Typer(no_args_is_help=True, help="Fine-tune a model with TRL (SFT, DPO).")
out = Console()
err = Console(stderr=True)

Base = Annotated[Path, typer.Option(help="Base model directory (Hugging Face format).")]
Data = Annotated[Path, typer.Option(help="A JSONL file or a directory of JSONL files.")]
Out = Annotated[Path, typer.Option("--out", help="Output model directory.")]
ConfigFile = Annotated[
    Path | None, typer.Option("--config", help="YAML file with any of the options below.")
]
Overwrite = Annotated[bool, typer.Option(help="Replace an existing output directory.")]


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


@contextmanager
def _bar(label: str) -> Iterator[tuple[Any, Any]]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps  loss {task.fields[loss]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        job = bar.add_task(label, total=None, loss="-")

        def show(p: Any) -> None:
            loss = "-" if p.loss is None else f"{p.loss:.3f}"
            bar.update(job, completed=p.step, total=p.steps, loss=loss)

        def say(message: str) -> None:
            bar.update(job, description=message, completed=0, total=None, loss="-")

        yield show, say


def _run(stage: Stage, cls: type[SFTConfig] | type[DPOConfig], base: Path, data: Path,
         out_dir: Path, config: Path | None, overwrite: bool, overrides: dict[str, Any]) -> None:  # fmt: skip
    from upright.train.config import resolve
    from upright.train.trainer import train

    try:
        cfg: SFTConfig | DPOConfig = resolve(cls, config, overrides)
        with _bar(f"{stage} training") as (show, _):
            m = train(stage, base, data, out_dir, cfg, show, overwrite)
    except UprightError as e:
        _fail(e)
    table = Table(title=f"{stage} · {base.name} → {out_dir}")
    table.add_column("field")
    table.add_column("value", justify="right")
    t, d = m["train"], m["data"]
    table.add_row("rows trained", f"{d['rows_trained']:,} of {d['rows']:,}")
    table.add_row("tokens trained", f"{t['tokens']:,}")
    if "loss_tokens" in t:
        table.add_row("tokens in the loss", f"{t['loss_tokens']:,}")
    table.add_row("passes over data", f"{d['passes']:.2f}")
    table.add_row("steps", f"{t['steps']:,}")
    table.add_row("final loss", "-" if t["loss"] is None else f"{t['loss']:.4f}")
    table.add_row("device", f"{t['device']} ({t['precision']})")
    table.add_row("seconds", f"{t['seconds']:.1f}")
    out.print(table)
    out.print(f"model: {out_dir}")


@train_app.command("sft")
@config_options(SFTConfig)
def sft(base: Base, data: Data, out_dir: Out, config: ConfigFile = None,
        overwrite: Overwrite = False, overrides: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Supervised fine-tuning on `text` and `messages` rows (loss on assistant tokens)."""
    _run("sft", SFTConfig, base, data, out_dir, config, overwrite, overrides or {})


@train_app.command("dpo")
@config_options(DPOConfig)
def dpo(base: Base, data: Data, out_dir: Out, config: ConfigFile = None,
        overwrite: Overwrite = False, overrides: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Direct preference optimisation on `prompt`/`chosen`/`rejected` rows."""
    _run("dpo", DPOConfig, base, data, out_dir, config, overwrite, overrides or {})


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


@config_options(AblationConfig)
def ablate(
    base: Base,
    data: Annotated[
        Path | None,
        typer.Option(help="Rows with provenance types (default: build the constitution's)."),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Arms, logs, ablation.json.")] = Path(
        "ablation-out"
    ),
    config: ConfigFile = None,
    overrides: dict[str, Any] | None = None,
) -> None:
    """Train one SFT arm per data type on equal token budgets and stress-test each."""
    from upright.train.ablation import run_ablation
    from upright.train.config import resolve

    try:
        cfg = resolve(AblationConfig, config, overrides)
        with _bar("ablation") as (show, say):
            rows = run_ablation(base, data, out_dir, cfg, notify=say, progress=show)
    except UprightError as e:
        _fail(e)
    table = Table(
        title=f"ablation · {base.name} · {cfg.budget_tokens:,} tokens per arm",
        caption="harmful: blackmail under threat plus leverage, held-out split; "
        "p: Fisher exact against the base",
    )
    for col in ("arm", "tokens", "harmful", "rate", "95% CI", "p", "Δ per M tok", "well-formed"):
        table.add_column(col, justify="left" if col == "arm" else "right")
    for r in rows:
        table.add_row(
            r["arm"],
            f"{r['tokens']:,}",
            f"{r['k']}/{r['n']}",
            _pct(r["harmful_rate"]),
            f"[{_pct(r['low'])}, {_pct(r['high'])}]",
            "-" if r["p_value"] is None else f"{r['p_value']:.3g}",
            "-" if r["reduction_per_mtok"] is None else f"{r['reduction_per_mtok']:.2f}",
            _pct(r["well_formed"]),
            style="bold" if r["arm"] == "base" else None,
        )
    out.print(table)
    out.print(f"results: {out_dir / 'ablation.json'}")
