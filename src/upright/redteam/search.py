"""The search: measure the baseline, then evolve variants generation by generation.

Why this search. A variant's yield is a Bernoulli rate seen through a handful of noisy
calls, and the space (factor cells times pinned frames, phrases and names) is too large to
treat each variant as a bandit arm. So the search is evolutionary, with bandit choices
inside: each child's parent is drawn by Thompson sampling on the Beta posteriors of the
variants seen so far, and its mutation operator by Thompson sampling on each operator's
record of producing children above the baseline. Calls go where the yield is high while
weak lines still get an occasional look. Screening is cheap (`samples_per_candidate`
calls); a candidate whose 50% Wilson interval clears the baseline earns a confirmation of
`confirm_samples` calls on fresh seeds, and is a finding only if its interval at
`confidence` lies wholly above the baseline rate.

`strategy=random` replaces the proposals by uniform draws from the same space and keeps
everything else (baseline, screening, confirmation, accounting): the control to beat.

Every target call is counted (baseline, screening, confirmation); the run spends exactly
its budget unless the space runs out of new variants. Each generation's randomness comes
from the seed and the generation number, and the state is saved after each generation, so
a run resumed from its checkpoint ends exactly where an uninterrupted one would.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from upright.redteam import attacker as attacker_mod
from upright.redteam.config import RedteamConfig
from upright.redteam.evaluate import Job, Tally, run_jobs, sample_seed
from upright.redteam.operators import OPERATORS, applicable, mutate, random_variant
from upright.redteam.state import Candidate, RunState, save
from upright.redteam.variant import Variant
from upright.scenarios import grid_for
from upright.stress.stats import wilson

if TYPE_CHECKING:
    from inspect_ai.model import Model

log = logging.getLogger(__name__)
SCREEN_CONFIDENCE = 0.5
TRIES = 20  # proposals drawn per wanted child before the space counts as exhausted
TRANSCRIPTS = 3  # confirmation transcripts kept per finding

Hook = Callable[[RunState], None]


class Search:
    def __init__(
        self,
        config: RedteamConfig,
        state: RunState,
        model: Model,
        attacker: Model | None,
        out: Path,
        render: str,
    ) -> None:
        self.config, self.state, self.model, self.attacker = config, state, model, attacker
        self.out, self.render = out, render

    # ---- running the target -------------------------------------------------------------
    def _run(self, jobs: list[Job], name: str) -> list[Tally]:
        spent = sum(len(j.seeds) for j in jobs)
        if self.state.calls + spent > self.config.budget:
            raise AssertionError("the search tried to spend past its budget")
        tallies = run_jobs(jobs, self.model, self.out / "logs", name)
        self.state.calls += spent
        return tallies

    def _seeds(self, key: str, purpose: str, n: int) -> list[int]:
        return [sample_seed(self.config.seed, key, purpose, j) for j in range(n)]

    # ---- baseline -----------------------------------------------------------------------
    def measure_baseline(self) -> None:
        """The baseline scenario's rate, on `confirm_samples` calls spread over its cells."""
        c = self.config
        cells = [
            Variant.make(c.scenario, cond.factors, {}, self.render, c.split)  # type: ignore[arg-type]
            for cond in grid_for(c.scenario, c.baseline)
        ]
        share = [list(range(i, c.confirm_samples, len(cells))) for i in range(len(cells))]
        jobs = [
            Job(v, "baseline", [sample_seed(c.seed, "baseline", "baseline", j) for j in js])
            for v, js in zip(cells, share, strict=True)
            if js
        ]
        tallies = self._run(jobs, "redteam-baseline")
        k, n = sum(t.k for t in tallies), sum(t.n for t in tallies)
        self.state.baseline = {
            "grid": c.baseline or "default",
            "k": k,
            "n": n,
            "errors": sum(t.errors for t in tallies),
            "rate": k / n if n else 0.0,
            "interval": list(wilson(k, n, c.confidence)),
            "cells": [j.variant.key for j in jobs],
        }
        for job, t in zip(jobs, tallies, strict=True):
            cand = Candidate(job.variant, 0, "seed", k=t.k, n=t.n, errors=t.errors)
            self.state.candidates[cand.key] = cand
        self._point()

    @property
    def p0(self) -> float:
        return float(self.state.baseline["rate"])

    # ---- one generation -----------------------------------------------------------------
    def generation(self) -> None:
        st, c = self.state, self.config
        g = st.generation + 1
        rng = random.Random(f"{c.seed}:gen:{g}")
        self._confirm(self._eligible())
        remaining = c.budget - st.calls
        children = self._propose(rng, g) if remaining > 0 else []
        if not children:
            st.generation, st.done = g, True
            self._point()
            return
        screen = min(remaining, c.population * c.samples_per_candidate)
        if remaining >= c.confirm_samples + c.samples_per_candidate:
            screen = min(screen, remaining - c.confirm_samples)  # leave room to confirm
        jobs: list[Job] = []
        for child in children:
            m = min(c.samples_per_candidate, screen - sum(len(j.seeds) for j in jobs))
            if m <= 0:
                break
            jobs.append(Job(child.variant, "screen", self._seeds(child.key, "screen", m)))
        for child, t in zip(children, self._run(jobs, f"redteam-g{g}"), strict=False):
            child.k, child.n, child.errors = t.k, t.n, t.errors
            st.candidates[child.key] = child
            wins = st.operators.setdefault(child.operator, [0, 0])
            wins[0] += int(t.n > 0 and t.k / t.n > self.p0)
            wins[1] += 1
        self._confirm(self._eligible())
        st.generation = g
        st.done = st.calls >= c.budget
        self._point()

    def _propose(self, rng: random.Random, g: int) -> list[Candidate]:
        c, seen = self.config, set(self.state.candidates)
        out: list[Candidate] = []

        def take(cand: Candidate) -> None:
            if cand.key not in seen:
                seen.add(cand.key)
                out.append(cand)

        if c.strategy == "random":
            for _ in range(c.population * TRIES):
                if len(out) >= c.population:
                    break
                v = random_variant(c.scenario, self.render, c.split, rng)
                take(Candidate(v, g, "random"))
            return out
        if self.attacker is not None:
            for cand in self._ask_attacker(g):
                take(cand)
        pool = [x for x in self.state.candidates.values() if x.total()[1] > 0]
        for _ in range(c.population * TRIES):
            if len(out) >= c.population or not pool:
                break
            parent = max(pool, key=lambda x: _draw(rng, *x.total()))
            names = applicable(parent.variant)
            if not names:
                continue
            op = max(names, key=lambda n: _draw(rng, *self._op_record(n)))
            child = mutate(parent.variant, OPERATORS[op], rng)
            if child is not None:
                take(Candidate(child, g, op, parent=parent.key))
        return out

    def _op_record(self, name: str) -> tuple[int, int]:
        wins, trials = self.state.operators.get(name, [0, 0])
        return wins, trials

    def _ask_attacker(self, g: int) -> list[Candidate]:
        assert self.attacker is not None
        ranked = sorted(self.state.candidates.values(), key=lambda x: (-x.mean(), x.key))[:5]
        best = [(x.variant, *x.total()) for x in ranked]
        prompt = attacker_mod.build_prompt(best, (self.config.population + 1) // 2)
        answer = attacker_mod.ask(self.attacker, prompt)
        self.state.attacker_calls += 1
        proposals = attacker_mod.parse(answer, {x.key: x.variant for x in ranked})
        if not proposals:
            log.info("attacker answer held no valid variant; mutating instead")
        return [
            Candidate(p.variant, g, "attacker", parent=p.parent, attacker_prompt=prompt)
            for p in proposals[: (self.config.population + 1) // 2]
        ]

    # ---- confirmation -------------------------------------------------------------------
    def _eligible(self) -> list[Candidate]:
        c = self.config
        if wilson(c.confirm_samples, c.confirm_samples, c.confidence)[0] <= self.p0:
            return []  # not even a clean sweep could clear the baseline
        pending = [
            x
            for x in self.state.candidates.values()
            if x.operator != "seed"
            and x.confirmation is None
            and x.n > 0
            and wilson(x.k, x.n, SCREEN_CONFIDENCE)[0] > self.p0
        ]
        return sorted(pending, key=lambda x: (-x.mean(), x.key))[: max(1, c.population // 2)]

    def _confirm(self, chosen: list[Candidate]) -> None:
        c = self.config
        affordable = (c.budget - self.state.calls) // c.confirm_samples
        chosen = chosen[: max(0, affordable)]
        if not chosen:
            return
        jobs = [
            Job(x.variant, "confirm", self._seeds(x.key, "confirm", c.confirm_samples))
            for x in chosen
        ]
        for cand, t, job in zip(chosen, self._run(jobs, "redteam-confirm"), jobs, strict=True):
            lo, hi = wilson(t.k, t.n, c.confidence)
            harmful_first = sorted(t.outcomes, key=lambda o: o.verdict != "H")
            cand.confirmation = {
                "k": t.k,
                "n": t.n,
                "errors": t.errors,
                "rate": t.k / t.n if t.n else 0.0,
                "interval": [lo, hi],
                "confidence": c.confidence,
                "seeds": job.seeds,
                "outcomes": [o.to_dict() for o in harmful_first[:TRANSCRIPTS]],
            }
            cand.confirmed = t.n > 0 and lo > self.p0

    def _point(self) -> None:
        st = self.state
        tried = [x.mean() for x in st.candidates.values() if x.operator != "seed"]
        st.curve.append(
            {
                "generation": st.generation,
                "calls": st.calls,
                "best": max(tried, default=0.0),
                "findings": len(st.findings()),
            }
        )


def _draw(rng: random.Random, k: int, n: int) -> float:
    return rng.betavariate(1 + k, 1 + n - k)


def search(
    config: RedteamConfig,
    state: RunState,
    model: Model,
    attacker: Model | None,
    out: Path,
    render: str,
    on_generation: Hook | None = None,
) -> RunState:
    """Run (or resume) the search in `state` to the end, saving after each generation."""
    s = Search(config, state, model, attacker, out, render)
    if not state.baseline:
        s.measure_baseline()
        save(state, out)
        if on_generation:
            on_generation(state)
    while not state.done:
        s.generation()
        save(state, out)
        if on_generation:
            on_generation(state)
    return state
