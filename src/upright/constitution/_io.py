"""Output directories written whole or not at all: build in a sibling, then swap it in."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from upright.atomic import staged_dir
from upright.errors import UsageError


def check_out(out: str | Path, marker: str = "manifest.json") -> Path:
    """`out` may be missing, empty, or an earlier output (holding `marker`)."""
    if not str(out):
        raise UsageError("--out: an output directory is required")
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out: {path} exists and is not a directory")
    if path.is_dir() and any(path.iterdir()) and not (path / marker).is_file():
        raise UsageError(
            f"--out: {path} is not empty and holds no earlier output; not replacing it"
        )
    return path


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """Yield a temporary directory that replaces `out` when the block ends without error."""
    with staged_dir(out) as work:
        yield work


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("upright")
    except PackageNotFoundError:
        return "unknown"
