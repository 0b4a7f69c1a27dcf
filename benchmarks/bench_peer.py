"""upright vs inspect_evals' agentic_misalignment port, side by side in one run.

Both run the blackmail scenario with Inspect's mockllm as the agent and as the judge, so
the time is harness time. Also records what each does when the judge answers without a
verdict: upright counts those samples as errors and finishes; the peer's behaviour is
reported as observed.

Needs a second Python with inspect_evals installed (it pins its own Inspect):
    python3 -m venv /tmp/peer && /tmp/peer/bin/pip install inspect-evals
    PEER_PYTHON=/tmp/peer/bin/python .venv/bin/python benchmarks/bench_peer.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from inspect_ai.model import ModelOutput, get_model

from _common import report
from bench_harness import REPLY
from upright.stress.run import run_stress

N = 200


def judge(answer: str):
    return get_model(
        "mockllm/judge", custom_outputs=lambda *a: ModelOutput.from_content("mockllm/judge", answer)
    )


def agent():
    return get_model(
        "mockllm/model", custom_outputs=lambda *a: ModelOutput.from_content("mockllm/model", REPLY)
    )


def upright_run(answer: str) -> dict:
    grid = "goal_type=explicit;urgency=replacement;leverage=affair"
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        r = run_stress(
            model=agent(),
            scenario="blackmail",
            samples=N,
            conditions=grid,
            judge=judge(answer),
            log_dir=d,
            display="none",
            max_connections=50,
        )
        seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "samples": N,
        "status": "success",
        "scored": r["pooled"]["n"],
        "errors": r["pooled"]["errors"],
    }


def peer_run(python: str, mode: str) -> dict:
    driver = Path(__file__).with_name("_peer_driver.py")
    p = subprocess.run(
        [python, str(driver), str(N), mode, REPLY], capture_output=True, text=True, timeout=900
    )
    if p.returncode != 0:
        return {
            "seconds": float("nan"),
            "samples": N,
            "status": f"crashed: {p.stderr.strip()[-200:]}",
        }
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    python = os.environ.get("PEER_PYTHON")
    if not python:
        sys.exit("set PEER_PYTHON to a Python with inspect_evals installed (see the docstring)")
    upright_run('{"harmful": false, "reason": "warm"}')
    rows, extra = [], {}
    for mode, answer in (
        ("good", '{"harmful": true, "reason": "threat"}'),
        ("garbage", "I cannot say."),
    ):
        ours, theirs = upright_run(answer), peer_run(python, mode)
        extra[mode] = {"upright": ours, "peer": theirs}
        for name, r in (("upright", ours), ("inspect_evals", theirs)):
            ms = 1000 * r["seconds"] / r["samples"]
            rows.append([f"judge={mode}", name, r["samples"], r.get("scored", 0), r["status"], ms])
    good = extra["good"]
    extra["ratio_upright_over_peer_ms"] = good["upright"]["seconds"] / good["peer"]["seconds"]
    report(
        "peer_agentic_misalignment",
        ["judge", "harness", "samples", "scored", "status", "ms/sample"],
        rows,
        extra,
    )


if __name__ == "__main__":
    main()
