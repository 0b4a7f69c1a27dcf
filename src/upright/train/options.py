"""CLI options from a config dataclass: one `--field-name` per field, help from its metadata.

`config_options(Cfg)` decorates a Typer command whose last parameter is `overrides`; the
command gets every option given on the command line in that dict (unset ones are None and
left out), to lay over the YAML file and the defaults with `config.resolve`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Annotated, Any

import typer

from upright.train.config import field_types


def config_options(cls: type[Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    types = field_types(cls)

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        own = [
            p
            for p in inspect.signature(func, eval_str=True).parameters.values()
            if p.name != "overrides"
        ]
        extra = []
        for f in fields(cls):
            base, _ = types[f.name]
            default = "" if f.default is MISSING else f" (default: {f.default})"
            help_text = f.metadata.get("help", "") + default
            extra.append(
                inspect.Parameter(
                    f.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=None,
                    annotation=Annotated[base | None, typer.Option(help=help_text)],
                )
            )

        @functools.wraps(func)
        def command(**kwargs: Any) -> Any:
            overrides = {f.name: kwargs.pop(f.name) for f in fields(cls)}
            given = {k: v for k, v in overrides.items() if v is not None}
            return func(**kwargs, overrides=given)

        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + extra
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        del command.__wrapped__
        return command

    return decorate
