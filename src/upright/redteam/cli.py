"""`upright redteam`: its options are the fields of `RedteamConfig`, with their help text."""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from upright.errors import UprightError
from upright.redteam.config import RedteamConfig

out = Console()
err = Console(stderr=True)


def _option_type(hint: Any) -> Any:
    """Typer takes lists where the config keeps tuples (hashable, frozen)."""
    return list[str] if typing.get_origin(hint) is tuple else hint


def config_command(func: Callable[[RedteamConfig], None]) -> Callable[..., None]:
    """A Typer command whose parameters are `RedteamConfig`'s fields, calling `func(config)`."""
    hints = typing.get_type_hints(RedteamConfig)
    params = []
    for f in dataclasses.fields(RedteamConfig):
        required = f.default is dataclasses.MISSING
        default = None if not required and isinstance(f.default, tuple) else f.default
        option = typer.Option(... if required else default, help=f.metadata.get("help"))
        params.append(
            inspect.Parameter(
                f.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=option,
                annotation=_option_type(hints[f.name]),
            )
        )

    def command(**kwargs: Any) -> None:
        values: dict[str, Any] = {**kwargs, "target_args": tuple(kwargs["target_args"] or ())}
        try:
            config = RedteamConfig(**values)
        except UprightError as e:
            _fail(e)
        func(config)

    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = func.__doc__
    return command


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def _redteam(config: RedteamConfig) -> None:
    """Search scenario variants that elicit harm; write a confirmed suite and a report."""
    from rich.progress import Progress

    from upright.redteam.run import run_redteam
    from upright.redteam.state import RunState

    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        job = bar.add_task("red team", total=config.budget)

        def show(state: RunState) -> None:
            bar.update(
                job,
                completed=state.calls,
                description=f"red team · {len(state.findings())} findings",
            )

        try:
            summary = run_redteam(config, on_generation=show)
        except UprightError as e:
            _fail(e)
    print_summary(summary)


def print_summary(s: dict[str, Any]) -> None:
    base = s["baseline"]
    table = Table(
        title=f"red team · {s['scenario']} · {s['target']} · {s['strategy']} seed={s['seed']}",
        caption=f"baseline {base['k']}/{base['n']} (rate {base['rate']:.2f}); "
        f"{s['calls']}/{s['budget']} target calls, {s['findings']} findings "
        f"({s['findings_per_100_calls']:.1f} per 100 calls)",
    )
    for col in ("finding", "operator", "rate", "95% CI", "factors", "pins"):
        table.add_column(col, overflow="fold")
    for t in s["top"]:
        lo, hi = t["interval"]
        factors = ", ".join(f"{k}={v}" for k, v in t["factors"].items())
        pins = "; ".join(f"{k}={v[:30]}" for k, v in t["pins"].items())
        table.add_row(
            t["id"], t["operator"], f"{t['rate']:.2f}", f"[{lo:.2f}, {hi:.2f}]", factors, pins
        )
    out.print(table)
    out.print(f"suite: {s['suite']}\nreport: {s['report']}")


redteam_cmd = config_command(_redteam)
