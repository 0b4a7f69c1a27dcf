"""Shared benchmark plumbing: timing, a Rich table, and JSON results beside the script."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).parent / "results"


def best_of(fn: Callable[[], Any], repeats: int = 3) -> float:
    """Best wall time of `repeats` runs, in seconds (the least disturbed run)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def report(name: str, columns: list[str], rows: list[list[Any]], extra: dict[str, Any]) -> None:
    table = Table(title=name)
    for c in columns:
        table.add_column(c, justify="right")
    for r in rows:
        table.add_row(*[f"{x:,.2f}" if isinstance(x, float) else str(x) for x in r])
    Console().print(table)
    RESULTS.mkdir(exist_ok=True)
    data = {
        "benchmark": name,
        "machine": platform.platform(),
        "python": platform.python_version(),
        "columns": columns,
        "rows": rows,
        **extra,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
