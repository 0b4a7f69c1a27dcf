"""Outputs written whole or not at all: a file or a directory is built beside its final name,
then renamed into place, so a failure never leaves half of it under that name."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from upright.errors import UsageError


def write_text(path: Path, text: str) -> None:
    """Write `text` to a temp file beside `path`, then rename it to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def staged_dir(out: Path, what: str = "") -> Iterator[Path]:
    """A temporary directory beside `out` that replaces `out` when the block succeeds.

    `what` names the output in the one-line error when its parent cannot be written
    (e.g. "the organism ").
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as e:
        raise UsageError(f"cannot write {what}under {out.parent}: {e.strerror}") from None
    try:
        yield work
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
