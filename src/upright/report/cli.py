"""Typer commands `report` and `card`: parse, call the library, print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from upright.errors import UprightError

out = Console()
err = Console(stderr=True)


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def report(
    results: Annotated[
        list[Path], typer.Argument(help="Stress results JSON files and/or a demo summary.json.")
    ],
    out_path: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path(
        "report.html"
    ),
) -> None:
    """One self-contained HTML report: rates with intervals, ablations, evidence, manifest."""
    from upright.report.report import write_report

    try:
        written = write_report(results, out_path)
    except UprightError as e:
        _fail(e)
    out.print(f"report: {written}", highlight=False)


def card(
    results: Annotated[
        list[Path] | None,
        typer.Option("--results", help="Stress results JSON or a demo summary.json (repeat)."),
    ] = None,
    constitution: Annotated[
        Path | None, typer.Option(help="The constitution YAML the model was trained with.")
    ] = None,
    policy: Annotated[Path | None, typer.Option(help="The guard policy YAML deployed.")] = None,
    detectors: Annotated[
        Path | None,
        typer.Option(help="Detector precision/recall JSON (benchmarks/bench_detect.py output)."),
    ] = None,
    redteam: Annotated[
        Path | None, typer.Option(help="A red-team output folder (with suite.jsonl).")
    ] = None,
    audit: Annotated[
        Path | None, typer.Option(help="An audit chain export (`upright audit export`).")
    ] = None,
    out_path: Annotated[
        Path, typer.Option("--out", help="card.html (self-contained) or card.md.")
    ] = Path("card.html"),
    verify: Annotated[
        Path | None, typer.Option(help="Re-derive every figure of this card from its inputs.")
    ] = None,
) -> None:
    """Write a safety card from the runs themselves, or verify one.

    With --verify: exit 0 when every figure re-derives, 1 on a mismatch, 2 on bad input.
    """
    from upright.report.card import CardInputs, write_card
    from upright.report.verify import verify_card

    try:
        if verify is not None:
            res = verify_card(verify)
            for m in res.mismatches:
                err.print(f"[bold red]mismatch:[/] {m}", highlight=False, soft_wrap=True)
            verdict = "verified" if res.ok else f"{len(res.mismatches)} mismatch(es)"
            out.print(
                f"{verify}: {verdict}; {res.figures} figures from {res.sources} sources",
                highlight=False,
            )
            raise typer.Exit(0 if res.ok else 1)
        inputs = CardInputs(results or [], constitution, policy, detectors, redteam, audit)
        written = write_card(inputs, out_path)
    except UprightError as e:
        _fail(e)
    out.print(f"card: {written}", highlight=False)
