"""Scenario generation throughput (target: at least 10,000 samples/s per family).

Run: .venv/bin/python benchmarks/bench_scenarios.py
"""

from __future__ import annotations

from _common import best_of, report
from upright.scenarios import FAMILIES, generate

N = 20_000


def main() -> None:
    rows = []
    for name in FAMILIES:
        n_cond = len(generate(name))
        per = max(1, N // n_cond)
        seconds = best_of(lambda name=name, per=per: generate(name, samples_per_condition=per))
        total = per * n_cond
        rows.append([name, total, seconds, total / seconds])
    report(
        "scenario_generation",
        ["scenario", "samples", "seconds", "samples/s"],
        rows,
        {"target_samples_per_s": 10_000, "min_samples_per_s": min(r[3] for r in rows)},
    )


if __name__ == "__main__":
    main()
