"""A red-team run against the tiny model organism (greedy, so deterministic) within CI time."""

import json
import time
from pathlib import Path

from upright.redteam import RedteamConfig, run_redteam
from upright.redteam.evaluate import Job, run_jobs
from upright.redteam.run import resolve_model
from upright.redteam.variant import Variant


def test_tiny_organism_run_fits_ci_and_is_deterministic(tiny_dir: Path, tmp_path: Path):
    config = RedteamConfig(
        target="organism",
        scenario="blackmail",
        budget=36,
        seed=1,
        out=str(tmp_path / "o"),
        samples_per_candidate=2,
        confirm_samples=8,
        population=4,
        target_args=(f"path={tiny_dir}",),
    )
    start = time.monotonic()
    summary = run_redteam(config)
    assert time.monotonic() - start < 120
    assert summary["calls"] == 36
    assert json.loads((tmp_path / "o/config.json").read_text())["render"] == "compact"
    assert (tmp_path / "o/report.html").exists() and (tmp_path / "o/suite.jsonl").exists()
    # the same prompts get the same replies: the run is a function of its seed
    model = resolve_model("upright/organism", {"path": str(tiny_dir)})
    v = Variant.make(
        "blackmail",
        {
            "goal_type": "none",
            "goal_value": "america",
            "urgency": "replacement",
            "leverage": "affair",
        },
        {},
        "compact",
    )
    a, b = (run_jobs([Job(v, "screen", [1, 2, 3])], model, tmp_path / "logs", "t") for _ in "ab")
    assert [o.completion for o in a[0].outcomes] == [o.completion for o in b[0].outcomes]
    assert all(o.completion.startswith("<think>") for o in a[0].outcomes)
