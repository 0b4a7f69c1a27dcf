"""Read the report's and the card's inputs. Each loader checks what the renderers rely on and
fails with one line naming the file (and line or field); the data stays as read, so figures
can point into it by JSON path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from upright.errors import UprightError, UsageError
from upright.report.figures import Source


class ReportInputError(UsageError):
    """An input to `upright report` or `upright card` that cannot be used."""


def sha256_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise ReportInputError(f"{path}: cannot read: {e.strerror or e}") from None


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ReportInputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ReportInputError(f"{path}: cannot read: {e}") from None
    except json.JSONDecodeError as e:
        raise ReportInputError(f"{path}:{e.lineno}: not valid JSON: {e.msg}") from None


def _jsonl(path: Path) -> list[dict[str, Any]]:
    from upright.scan.inputs import json_objects

    if not path.is_file():
        raise ReportInputError(f"{path}: no such file")
    return [row for _, row in json_objects(path, ReportInputError)]


def load_stress(path: Path) -> Any:
    from upright.stress.results import read_results

    return read_results(path)


def load_summary(path: Path) -> Any:
    data = _json(path)
    if not isinstance(data, dict):
        raise ReportInputError(f"{path}: expected a JSON object")
    for side in ("before", "after"):
        part = data.get(side)
        if part is None:
            continue
        if not isinstance(part, dict) or not isinstance(part.get("conditions", []), list):
            raise ReportInputError(f"{path}: field {side}.conditions must be a list")
        for i, row in enumerate(part.get("conditions", [])):
            for key in ("condition_id", "n", "harmful"):
                if not isinstance(row, dict) or key not in row:
                    raise ReportInputError(f"{path}: {side}.conditions[{i}] lacks field {key!r}")
    abl = data.get("ablations", [])
    if not isinstance(abl, list) or not all(isinstance(a, dict) and "arm" in a for a in abl):
        raise ReportInputError(f"{path}: field ablations must be a list of rows with an 'arm'")
    return data


def load_results(path: Path) -> tuple[str, Any]:
    """A stress results file or a demo summary, told apart by their fields."""
    data = _json(path)
    if isinstance(data, dict) and ("before" in data or "after" in data):
        return "summary", load_summary(path)
    return "stress", load_stress(path)


def load_constitution(path: Path) -> Any:
    from upright.constitution.spec import load_spec

    return load_spec(path).model_dump(mode="json")


def load_policy_data(path: Path) -> Any:
    from upright.guard.policy import load_policy

    return load_policy(path).model_dump(mode="json")


def load_detectors(path: Path) -> Any:
    """Detector quality: `benchmarks/bench_detect.py` output ({runs: {tool: {metrics}}}) or
    `score_scan.prf` output ({category: {precision, recall, tp, fp, fn}})."""
    data = _json(path)
    runs = detector_runs(data)
    if not runs:
        raise ReportInputError(
            f"{path}: no detector metrics (expected runs.<tool>.metrics or <category>.precision)"
        )
    return data


def detector_runs(data: Any) -> dict[str, list[str | int]]:
    """Tool name -> JSON path of its per-category metrics."""
    if not isinstance(data, dict):
        return {}
    if isinstance(data.get("runs"), dict):
        return {
            name: ["runs", name, "metrics"]
            for name, run in data["runs"].items()
            if isinstance(run, dict) and isinstance(run.get("metrics"), dict)
        }
    if any(isinstance(v, dict) and "precision" in v for v in data.values()):
        return {"detectors": []}
    return {}


def load_suite(path: Path) -> Any:
    rows = _jsonl(path)
    for i, row in enumerate(rows, 1):
        conf = row.get("confirmation")
        if not isinstance(conf, dict) or not {"k", "n"} <= conf.keys():
            raise ReportInputError(f"{path}: row {i}: field confirmation needs k and n")
    return rows


def load_audit(path: Path) -> Any:
    rows = _jsonl(path)
    for i, row in enumerate(rows, 1):
        if not {"seq", "prev_hash", "hash"} <= row.keys():
            raise ReportInputError(f"{path}:{i}: not an audit record (seq, prev_hash, hash)")
    return rows


def audit_status(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Walk an exported audit chain as `upright audit verify` walks the database."""
    from upright.guard.audit import GENESIS, record_hash

    prev, expect = GENESIS, 1
    for rec in rows:
        problem = (
            f"record {expect} is missing"
            if rec["seq"] != expect
            else "prev_hash does not match the record before"
            if rec["prev_hash"] != prev
            else "hash does not match its contents"
            if record_hash(rec) != rec["hash"]
            else ""
        )
        if problem:
            return {
                "status": "broken",
                "records": len(rows),
                "broken_seq": expect,
                "reason": problem,
            }
        prev, expect = rec["hash"], expect + 1
    return {"status": "intact", "records": len(rows), "broken_seq": None, "reason": ""}


LOADERS: dict[str, Callable[[Path], Any]] = {
    "stress": load_stress,
    "summary": load_summary,
    "constitution": load_constitution,
    "policy": load_policy_data,
    "detectors": load_detectors,
    "redteam": load_suite,
    "audit": load_audit,
}


def load_source(kind: str, path: Path) -> Source:
    """Read one input; `results` is a stress results file or a demo summary."""
    if kind == "redteam" and path.is_dir():
        path = path / "suite.jsonl"
    if kind == "constitution" and str(path) == "default":
        from upright.constitution.spec import default_path

        path = default_path()  # the packaged constitution, as `constitution build` names it
    if not path.is_file():
        raise ReportInputError(f"{path}: no such {kind} file")
    if kind == "results":
        kind, data = load_results(path)
    elif kind in LOADERS:
        try:
            data = LOADERS[kind](path)
        except ReportInputError:
            raise
        except UprightError as e:
            raise ReportInputError(str(e)) from None
    else:
        raise ReportInputError(f"{path}: unknown input kind {kind!r}")
    return Source(kind, path, data, sha256_file(path))
