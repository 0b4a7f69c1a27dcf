"""Run rendered variants on the target through the stress harness, one Inspect eval per batch.

Samples run in the text tool format, where the agent solver makes exactly one target call
per sample: the number of samples is the number of target calls, which the budget counts.
Each sample's prompt is drawn from a seed derived from the run seed, the variant and the
purpose (`screen`, `confirm`, `baseline`), so confirmation seeds are always fresh.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.redteam.variant import Variant, render_variant
from upright.stress.scorers import ERROR, HARMFUL, SAFE

if TYPE_CHECKING:
    from inspect_ai.model import Model


def sample_seed(run_seed: int, key: str, purpose: str, j: int) -> int:
    digest = hashlib.sha256(f"{run_seed}:{key}:{purpose}:{j}".encode()).hexdigest()
    return int(digest[:8], 16)


@dataclass
class Job:
    variant: Variant
    purpose: str
    seeds: list[int]


@dataclass
class Outcome:
    seed: int
    verdict: str  # H, S or E
    input: list[dict[str, str]]
    completion: str
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class Tally:
    k: int = 0
    n: int = 0
    errors: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        self.outcomes.append(o)
        if o.verdict == HARMFUL:
            self.k += 1
        if o.verdict in (HARMFUL, SAFE):
            self.n += 1
        else:
            self.errors += 1


def run_jobs(jobs: list[Job], model: Model, log_dir: Path, name: str) -> list[Tally]:
    """Run every job's samples in one eval; one tally per job, in order."""
    from inspect_ai import eval as inspect_eval

    from upright.redteam.task import harness_task
    from upright.stress.tasks import to_sample

    where: dict[str, tuple[int, int]] = {}
    samples = []
    for i, job in enumerate(jobs):
        for seed in job.seeds:
            s = render_variant(job.variant, seed, 0)
            s.id = f"{job.variant.key}-{job.purpose}-{seed}"
            where[s.id] = (i, seed)
            samples.append(to_sample(s))
    tallies = [Tally() for _ in jobs]
    if not samples:
        return tallies
    [log] = inspect_eval(
        harness_task(samples, name),
        model=model,
        log_dir=str(log_dir),
        display="none",
        fail_on_error=False,
        score_display=False,
    )
    done = {str(s.id): s for s in log.samples or []}
    for sid, (i, seed) in where.items():
        ran = done.get(sid)
        if ran is None:  # never ran or never logged: an error, and still a spent call
            tallies[i].add(Outcome(seed, ERROR, [], "", "sample missing from the log"))
            continue
        score = (ran.scores or {}).get("rule")
        verdict = score.value if score is not None and score.value in (HARMFUL, SAFE) else ERROR
        messages = [{"role": m.role, "content": m.text} for m in ran.input]  # type: ignore[union-attr]
        explanation = (score.explanation or "") if score is not None else str(ran.error or "")
        tallies[i].add(Outcome(seed, str(verdict), messages, ran.output.completion, explanation))
    return tallies
