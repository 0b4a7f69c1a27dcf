"""The `upright` command line: parse, call the library, print with Rich. No logic lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from upright.constitution.cli import constitution_app, curate_cmd
from upright.detectors.ml.cli import detectors_app
from upright.errors import UprightError, UsageError
from upright.guard.cli import access_app, audit_app, guard_app, keys_app
from upright.monitor.cli import monitor_app
from upright.organism.cli import organism_app
from upright.redteam.cli import redteam_cmd
from upright.report.cli import card as card_command
from upright.report.cli import report as report_command
from upright.train.cli import ablate as ablate_command
from upright.train.cli import train_app

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Stress-test, train, monitor and guard LLM agents.",
)
scenarios_app = typer.Typer(no_args_is_help=True, help="List and render scenarios.")
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(detectors_app, name="detectors")
app.add_typer(organism_app, name="organism")
app.add_typer(guard_app, name="guard")
app.add_typer(keys_app, name="keys")
app.add_typer(access_app, name="access")
app.add_typer(audit_app, name="audit")
app.add_typer(monitor_app, name="monitor")
app.command("redteam")(redteam_cmd)
app.add_typer(constitution_app, name="constitution")
app.command("curate")(curate_cmd)
app.command("report")(report_command)
app.command("card")(card_command)
app.add_typer(train_app, name="train")
app.command("ablate")(ablate_command)
out = Console()
err = Console(stderr=True)


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def print_results(r: dict[str, Any]) -> None:
    conds = [row["condition"] for row in r["conditions"]]
    keys = sorted({k for c in conds for k in c})
    varying = [k for k in keys if len({c.get(k) for c in conds}) > 1]
    fixed = ", ".join(f"{k}={conds[0][k]}" for k in keys if k not in varying and conds)
    table = Table(
        title=f"{r['scenario']} · {r['model']} · split={r['split']} seed={r['seed']} · scorer={r['scorer']}",
        caption=f"all conditions: {fixed}" if fixed else None,
    )
    for col in ("condition", "n", "harmful", "rate", "95% CI", "errors"):
        table.add_column(col, justify="left" if col == "condition" else "right")
    splits = [
        {**row, "condition_id": f"split={row['condition_id']}"} for row in r.get("by_split", [])
    ]
    for row in [*r["conditions"], r["pooled"], *splits]:
        shown = {k: v for k, v in row["condition"].items() if k in varying}
        cond = ", ".join(f"{k}={v}" for k, v in shown.items()) or row["condition_id"]
        lo, hi = row["ci"]
        style = "bold" if cond == "pooled" else "dim" if cond.startswith("split=") else None
        table.add_row(
            cond,
            str(row["n"]),
            str(row["harmful"]),
            _pct(row["rate"]),
            f"[{_pct(lo)}, {_pct(hi)}]",
            str(row["errors"]),
            style=style,
        )
    out.print(table)
    if r.get("agreement"):
        a = r["agreement"]
        kappa = "undefined" if a["kappa"] is None else f"{a['kappa']:.2f}"
        out.print(
            f"rule vs judge agreement on {a['n']} samples: {_pct(a['agree'])}, Cohen's kappa {kappa}"
        )
    out.print(f"log: {r['log']}")


@app.command()
def stress(
    model: Annotated[
        str,
        typer.Option(help="Any Inspect model, e.g. mockllm/model, openai/gpt-4o or organism."),
    ],
    scenario: Annotated[
        str | None, typer.Option(help="blackmail, leaking, oversight or exploit.")
    ] = None,
    samples: Annotated[int, typer.Option(min=1, help="Samples per condition.")] = 1,
    seed: Annotated[int, typer.Option(help="Scenario generation seed.")] = 0,
    split: Annotated[str, typer.Option(help="train, heldout or all.")] = "all",
    conditions: Annotated[
        str | None, typer.Option(help="Grid spec, e.g. 'urgency=replacement|none;leverage=*'.")
    ] = None,
    judge: Annotated[
        str | None, typer.Option(help="An Inspect model to judge the actions too.")
    ] = None,
    tools: Annotated[
        str, typer.Option(help="text (the original format) or native (Inspect tools).")
    ] = "text",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the results JSON here.")
    ] = None,
    log_dir: Annotated[Path, typer.Option(help="Inspect log directory.")] = Path("logs"),
    max_connections: Annotated[int | None, typer.Option(help="Concurrent model calls.")] = None,
    model_base_url: Annotated[
        str | None, typer.Option(help="Base URL for the model's API.")
    ] = None,
    suite: Annotated[
        Path | None, typer.Option(help="Run a red-team suite.jsonl instead of a scenario.")
    ] = None,
) -> None:
    """Run a stress test and print rates with 95% Wilson intervals per condition."""
    from upright.organism.provider import resolve_alias
    from upright.stress.results import write_json
    from upright.stress.run import run_stress

    try:
        result = run_stress(
            model=resolve_alias(model),
            scenario=scenario,
            samples=samples,
            seed=seed,
            split=split,
            conditions=conditions,
            judge=judge,
            tools=tools,  # type: ignore[arg-type]
            log_dir=log_dir,
            max_connections=max_connections,
            model_base_url=model_base_url,
            suite=suite,
        )
    except UprightError as e:
        _fail(e)
    print_results(result)
    if json_out:
        write_json(result, json_out)
        out.print(f"results: {json_out}")


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="Results JSON of model A.")],
    b: Annotated[Path, typer.Argument(help="Results JSON of model B.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the comparison JSON here.")
    ] = None,
) -> None:
    """Fisher exact tests per condition (Holm-corrected) and pooled."""
    from upright.stress.results import compare as compare_results
    from upright.stress.results import read_results, write_json

    try:
        result = compare_results(read_results(a), read_results(b))
    except UprightError as e:
        _fail(e)
    table = Table(title=f"A={result['a']['model']}  vs  B={result['b']['model']}")
    for col in ("condition", "A", "B", "odds ratio", "p", "p (Holm)"):
        table.add_column(col, justify="left" if col == "condition" else "right")
    for t in result["conditions"]:
        cond = ", ".join(f"{k}={v}" for k, v in t["condition"].items()) or t["condition_id"]
        table.add_row(
            cond,
            f"{t['a']['harmful']}/{t['a']['n']}",
            f"{t['b']['harmful']}/{t['b']['n']}",
            f"{t['odds_ratio']:.2f}",
            f"{t['p']:.3g}",
            f"{t['p_holm']:.3g}",
        )
    p = result["pooled"]
    table.add_row(
        "pooled",
        f"{p['a']['harmful']}/{p['a']['n']}",
        f"{p['b']['harmful']}/{p['b']['n']}",
        f"{p['odds_ratio']:.2f}",
        f"{p['p']:.3g}",
        "-",
        style="bold",
    )
    out.print(table)
    if json_out:
        write_json(result, json_out)


@app.command()
def rescore(
    log: Annotated[Path, typer.Argument(help="An Inspect log from a stress run.")],
    judge: Annotated[str, typer.Option(help="The Inspect model to judge with.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the results JSON here.")
    ] = None,
) -> None:
    """Re-score an existing log with an LLM judge (rule and judge agreement included)."""
    from upright.stress.results import write_json
    from upright.stress.run import rescore as rescore_log

    try:
        result = rescore_log(log, judge)
    except UprightError as e:
        _fail(e)
    print_results(result)
    if json_out:
        write_json(result, json_out)


@scenarios_app.command("list")
def scenarios_list() -> None:
    """The scenario families, their factors and default grids."""
    from upright.scenarios import FAMILIES

    table = Table(title="scenarios")
    for col in ("scenario", "harm", "factors (default levels in bold)"):
        table.add_column(col)
    for name, fam in FAMILIES.items():
        factors = "; ".join(
            f"{k}="
            + "|".join(f"[bold]{v}[/]" if v in fam.default_grid.get(k, []) else v for v in levels)
            for k, levels in fam.spec.factors.items()
        )
        table.add_row(name, fam.spec.harm.value, factors)
    out.print(table)


@scenarios_app.command("render")
def scenarios_render(
    name: Annotated[str, typer.Argument(help="Scenario family.")],
    split: str = "all",
    seed: int = 0,
    samples: int = 1,
    conditions: Annotated[str | None, typer.Option(help="Grid spec.")] = None,
    tools: str = "text",
) -> None:
    """Print rendered samples as JSON lines (system, user, condition, target)."""
    from upright.scenarios import generate

    try:
        rendered = generate(
            name,
            split=split,
            seed=seed,
            samples_per_condition=samples,
            grid=conditions,
            tools=tools,
        )
    except UprightError as e:
        _fail(e)
    for s in rendered:
        sys.stdout.write(
            json.dumps(
                {
                    "id": s.id,
                    "condition": s.condition.factors,
                    "system": s.system,
                    "user": s.user,
                    "target": s.target_address,
                }
            )
            + "\n"
        )


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the report and results go.")] = Path(
        "demo-out"
    ),
    fast: Annotated[bool, typer.Option(help="Skip the ablation arms.")] = False,
    samples: Annotated[int, typer.Option(min=1, help="Stress samples per condition.")] = 50,
    budget_tokens: Annotated[
        int, typer.Option(min=1, help="Fine-tuning tokens (per ablation arm).")
    ] = 150_000,
    after_tokens: Annotated[
        int, typer.Option(min=1, help="Fine-tuning tokens of the after model (every type mixed).")
    ] = 750_000,
    organism: Annotated[str, typer.Option(help="Organism preset: default or tiny.")] = "default",
    seed: Annotated[int, typer.Option(help="Seed for the organism, data and scenarios.")] = 0,
) -> None:
    """The whole loop on this CPU: organism, stress test, constitution data, fine-tune, retest."""
    from upright.demo import DemoConfig, run_demo

    config = DemoConfig(
        organism=organism,
        samples=samples,
        budget_tokens=budget_tokens,
        after_tokens=after_tokens,
        fast=fast,
        seed=seed,
    )
    try:
        summary = run_demo(out_dir, config, notify=lambda m: err.print(f"[dim]demo:[/] {m}"))
    except UprightError as e:
        _fail(e)
    print_demo(summary)
    out.print(f"summary: {out_dir / 'summary.json'}\nreport: {out_dir / 'report.html'}")


def print_demo(summary: dict[str, Any]) -> None:
    table = Table(title="blackmail on the held-out split (threat + leverage)")
    for col in ("model", "arm", "tokens", "harmful", "95% CI", "well-formed", "Fisher p"):
        table.add_column(col, justify="left" if col in ("model", "arm") else "right")
    rows = [
        ("before", {"arm": "base", **summary["before"]}),
        ("after", {"arm": "all types", **summary["after"]}),
    ]
    rows += [("ablation", r) for r in summary["ablations"]]
    for label, r in rows:
        lo, hi = r.get("ci") or [r.get("low"), r.get("high")]
        table.add_row(
            label,
            str(r["arm"]),
            f"{r.get('tokens', 0) or 0:,}",
            f"{r['k']}/{r['n']} {_pct(r['harmful_rate'])}",
            f"{_pct(lo)}-{_pct(hi)}",
            _pct(r["well_formed"]),
            "" if r.get("p_value") is None else f"{r['p_value']:.3g}",
        )
    out.print(table)


@app.command()
def scan(
    files: Annotated[
        list[Path],
        typer.Argument(help="JSONL rows ({id, text} or {id, messages}) or Inspect logs."),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="json (one line per row) or table.")
    ] = "table",
    tier: Annotated[
        str, typer.Option(help="rules, ml, judge or all (rules + ml, + judge with --judge).")
    ] = "all",
    categories: Annotated[
        str | None, typer.Option(help="Comma-separated categories (default: all).")
    ] = None,
    engine: Annotated[str, typer.Option(help="local (process pool) or ray.")] = "local",
    workers: Annotated[int, typer.Option(help="Worker processes (local) or actors (ray).")] = 1,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Report malformed rows and go on.")
    ] = False,
    judge: Annotated[str | None, typer.Option(help="An Inspect model for the judge tier.")] = None,
) -> None:
    """Scan transcripts for coercion, privacy, security code, leaks and oversight subversion.

    Exit code 0 when nothing is flagged, 1 when something is, 2 on error.
    """
    from rich.progress import Progress

    from upright.detectors.ensemble import parse_categories, parse_tiers
    from upright.scan import ScanConfig, ScanRun, scan_files

    if fmt not in ("json", "table"):
        _fail(UsageError(f"unknown format {fmt!r}; choose json or table"))
    flagged_rows = 0
    records: list[dict[str, Any]] = []
    run = ScanRun()
    try:
        config = ScanConfig(parse_tiers(tier), parse_categories(categories), judge)
        stream = scan_files(
            files, config, engine=engine, workers=workers, skip_bad=skip_bad, run=run
        )
        with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
            job = progress.add_task("scanning", total=None)
            for rec in stream:
                progress.update(job, advance=1, total=run.rows)
                flagged_rows += any(rec["flagged"].values())
                if fmt == "json":
                    sys.stdout.write(json.dumps(rec) + "\n")
                else:
                    records.append(rec)
    except UprightError as e:
        _fail(e)
    for bad in run.bad:
        err.print(f"[yellow]skipped:[/] {bad}", highlight=False, soft_wrap=True)
    if fmt == "table":
        _print_scan_table(records)
    err.print(
        f"{run.rows} rows scanned, {flagged_rows} flagged, {len(run.bad)} bad rows skipped",
        highlight=False,
    )
    raise typer.Exit(1 if flagged_rows else 0)


def _print_scan_table(records: list[dict[str, Any]]) -> None:
    table = Table(title="findings")
    for col in ("id", "flagged", "detector", "score", "evidence"):
        table.add_column(col, overflow="fold")
    for rec in records:
        cats = [c for c, v in rec["flagged"].items() if v]
        if not cats:
            continue
        top = max(rec["findings"], key=lambda f: f["score"])
        quote = " … ".join(s["text"] for s in top["evidence"])[:160]
        table.add_row(
            str(rec["id"]), ", ".join(cats), top["detector"], f"{top['score']:.2f}", quote
        )
    out.print(table)
