"""Inspect eval logs: every sample is a transcript linked to its eval, task and condition.

Samples are read by `upright.scan.inputs` (streamed); the log header gives the eval id, the
task, the model and the time. The source is the task; the sample id is the transcript id,
kept apart per eval.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from upright.errors import UsageError
from upright.monitor.adapters import Record, parse_time
from upright.scan.inputs import read_rows


def read(path: Path) -> Iterator[Record]:
    from inspect_ai.log import read_eval_log

    try:
        header = read_eval_log(str(path), header_only=True)
    except Exception as e:
        raise UsageError(f"{path}: cannot read Inspect log ({type(e).__name__}: {e})") from None
    spec = header.eval
    task = spec.task
    when = parse_time(spec.created)
    link = {
        "eval_id": spec.eval_id,
        "run_id": spec.run_id,
        "task": task,
        "model": spec.model,
        "log": path.name,
    }
    for row in read_rows([path]):
        where = f"{path}:{row.line}"
        if row.transcript is None:
            yield Record(where, "inspect", task, error=str(row.error), eval_id=spec.eval_id)
            continue
        t = row.transcript
        t.metadata["eval"] = link
        cond = t.metadata.get("condition_id")
        yield Record(
            where,
            "inspect",
            task,
            t,
            eval_id=spec.eval_id,
            task=task,
            condition_id=str(cond) if cond is not None else None,
            observed_at=when,
        )
