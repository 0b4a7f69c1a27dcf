"""`upright constitution ...` and `upright curate`: parse, call the library, print with Rich."""

from __future__ import annotations

from dataclasses import MISSING, fields
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from upright.constitution.config import BuildConfig, help_of
from upright.errors import UprightError

constitution_app = typer.Typer(
    no_args_is_help=True, help="Turn a written constitution into training data."
)
out = Console()
err = Console(stderr=True)


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def _help(name: str) -> str:
    """The config field's help text and its default: the dataclass is the CLI's schema."""
    f = next(f for f in fields(BuildConfig) if f.name == name)
    default = f.default if f.default is not MISSING else None
    shown = ",".join(default) if isinstance(default, tuple) else default
    return f"{help_of(name)} (default: {shown})"


@constitution_app.command("build")
def build_cmd(
    spec: Annotated[str, typer.Argument(help=help_of("spec"))],
    out_dir: Annotated[str | None, typer.Option("--out", help=help_of("out"))] = None,
    types: Annotated[str | None, typer.Option(help=_help("types"))] = None,
    budget_tokens: Annotated[int | None, typer.Option(help=_help("budget_tokens"))] = None,
    generator: Annotated[str | None, typer.Option(help=_help("generator"))] = None,
    seed: Annotated[int | None, typer.Option(help=_help("seed"))] = None,
    from_suite: Annotated[str | None, typer.Option(help=help_of("from_suite"))] = None,
    ordinary_share: Annotated[float | None, typer.Option(help=_help("ordinary_share"))] = None,
    ngram: Annotated[int | None, typer.Option(help=_help("ngram"))] = None,
    max_overlap: Annotated[float | None, typer.Option(help=_help("max_overlap"))] = None,
    config: Annotated[
        Path | None, typer.Option(help="YAML file of the same fields; flags override it.")
    ] = None,
) -> None:
    """Write docs, fiction, critique, pairs, advice and demos rows with provenance."""
    from rich.progress import Progress

    from upright.constitution.build import build
    from upright.constitution.config import resolve

    overrides: dict[str, Any] = {
        "spec": spec, "out": out_dir, "types": types, "budget_tokens": budget_tokens,
        "generator": generator, "seed": seed, "from_suite": from_suite,
        "ordinary_share": ordinary_share, "ngram": ngram, "max_overlap": max_overlap,
    }  # fmt: skip
    try:
        cfg = resolve(config, overrides)
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            jobs: dict[str, Any] = {}

            def show(data_type: str, tokens: int, share: int) -> None:
                if data_type not in jobs:
                    jobs[data_type] = bar.add_task(data_type, total=share)
                bar.update(jobs[data_type], completed=tokens)

            manifest = build(cfg, progress=show)
    except UprightError as e:
        _fail(e)
    table = Table(title=f"constitution data · generator={cfg.generator} seed={cfg.seed}")
    for col in ("type", "format", "rows", "tokens≈", "dropped (contamination)", "from suite"):
        table.add_column(col, justify="left" if col in ("type", "format") else "right")
    for name, t in manifest["types"].items():
        table.add_row(
            name, t["format"], str(t["rows"]), f"{t['tokens']:,}",
            str(t["dropped_contamination"]), str(t["from_suite"]),
        )  # fmt: skip
    totals = manifest["totals"]
    table.add_row("total", "", str(totals["rows"]), f"{totals['tokens']:,}", "", "", style="bold")
    out.print(table)
    out.print(f"tokens≈ {manifest['token_estimate']}; manifest: {Path(cfg.out) / 'manifest.json'}")


@constitution_app.command("validate")
def validate_cmd(spec: Annotated[str, typer.Argument(help=help_of("spec"))]) -> None:
    """Check a constitution file and list its principles."""
    from upright.constitution.spec import load_spec

    try:
        loaded = load_spec(spec)
    except UprightError as e:
        _fail(e)
    table = Table(title=f"{loaded.name}: {len(loaded.principles)} principles")
    for col in ("id", "priority", "hard", "topics", "exemplars"):
        table.add_column(col)
    for p in loaded.principles:
        table.add_row(
            p.id, p.priority, "yes" if p.hard_constraint else "", ",".join(p.topics),
            str(len(p.exemplars)),
        )  # fmt: skip
    out.print(table)


def curate_cmd(
    corpus: Annotated[
        Path, typer.Argument(help="JSONL rows with `text`, or a .txt file (blank-line blocks).")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")],
    action: Annotated[str, typer.Option(help="drop, downweight or report.")] = "drop",
    weight: Annotated[
        float, typer.Option(help="The weight of flagged documents (downweight).")
    ] = 0.1,
    categories: Annotated[
        str | None,
        typer.Option(help="Act only on these categories, e.g. ai_villain (default: all)."),
    ] = None,
) -> None:
    """Scan a corpus with the detectors and the AI-villain classifier; write it curated."""
    from upright.constitution.curate import curate

    try:
        report = curate(corpus, out_dir, action, weight, categories)
    except UprightError as e:
        _fail(e)
    table = Table(title=f"curation · {report['documents']} documents · action={action}")
    table.add_column("category")
    table.add_column("documents", justify="right")
    for name, n in report["by_category"].items():
        table.add_row(name, str(n))
    table.add_row("any", str(report["flagged"]), style="bold")
    table.add_row(f"acted on ({action})", str(report["acted_on"]))
    out.print(table)
    out.print(f"written: {report['written']} documents to {out_dir / 'corpus.jsonl'}")
