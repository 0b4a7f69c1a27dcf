"""Traced figures: every number shown is read (or derived) from an input file at a JSON path,
and the ledger that hands them out records where each came from, for the manifest.

A figure is `{id, op, args: [[source index, path]], path, fmt, value, text}`: `op` turns the
values at `args` into an object (`get` takes the first as it is), `path` selects from it,
`fmt` writes the value as shown. `verify` repeats exactly this from the files.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from upright.report.doc import Fig

PathKey = str | int
Ref = tuple["Source", Sequence[PathKey]]


@dataclass
class Source:
    kind: str
    path: Path
    data: Any
    sha256: str


class FigureError(ValueError):
    """A path or derivation that does not resolve in its source."""


def resolve(data: Any, path: Sequence[PathKey]) -> Any:
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
            raise FigureError(f"no value at {shown or '(top)'}") from None
    return node


def _compare(a: Any, b: Any) -> Any:
    from upright.stress.results import compare

    return compare(a, b)


def _audit(rows: Any) -> Any:
    from upright.report.inputs import audit_status

    return audit_status(rows)


def _wilson(harmful: int, n: int) -> list[float]:
    from upright.stress.stats import wilson

    return list(wilson(harmful, n))


OPS: dict[str, Callable[..., Any]] = {
    "get": lambda x: x,
    "wilson": _wilson,
    "len": len,
    "compare": _compare,
    "audit": _audit,
}


def derive(op: str, values: list[Any], path: Sequence[PathKey]) -> Any:
    if op not in OPS:
        raise FigureError(f"unknown derivation {op!r}")
    return resolve(OPS[op](*values), path)


def fmt(value: Any, how: str) -> str:
    """The figure as shown: `pct`, `int`, `f2`, `f3`, `p` (p-value), `num` or `text`."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if how == "text" or isinstance(value, str):
        return str(value)
    if how == "pct":
        return f"{100 * value:.1f}%"
    if how == "int":
        return f"{int(value):,}"
    if how in ("f2", "f3"):
        return f"{value:.{how[1]}f}"
    if how == "p":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:.3g}"


def same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    return bool(a == b)


class Ledger:
    """Hands out figures and remembers their sources; becomes the manifest."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.figures: list[dict[str, Any]] = []

    def index(self, src: Source) -> int:
        for i, s in enumerate(self.sources):
            if s is src:
                return i
        self.sources.append(src)
        return len(self.sources) - 1

    def get(self, src: Source, path: Sequence[PathKey], how: str = "num") -> Fig:
        return self.derived("get", [(src, path)], (), how)

    def maybe(self, src: Source, path: Sequence[PathKey], how: str = "num") -> Fig | str:
        """The figure, or "n/a" (untraced text, no digits) when the path is absent."""
        try:
            resolve(src.data, path)
        except FigureError:
            return "n/a"
        return self.get(src, path, how)

    def derived(self, op: str, refs: Sequence[Ref], path: Sequence[PathKey], how: str) -> Fig:
        args = [[self.index(src), list(p)] for src, p in refs]
        value = derive(op, [resolve(src.data, p) for src, p in refs], path)
        fid = f"f{len(self.figures) + 1}"
        text = fmt(value, how)
        self.figures.append(
            {
                "id": fid,
                "op": op,
                "args": args,
                "path": list(path),
                "fmt": how,
                "value": value,
                "text": text,
            }
        )
        return Fig(fid, text)

    def manifest(self, out_dir: Path, extra: dict[str, Any]) -> dict[str, Any]:
        sources = [
            {"kind": s.kind, "path": relpath(s.path, out_dir), "sha256": s.sha256}
            for s in self.sources
        ]
        return {**extra, "sources": sources, "figures": self.figures}


def relpath(path: Path, base: Path) -> str:
    """`path` relative to `base` (the output's folder), so a moved pair still verifies."""
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
