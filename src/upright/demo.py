"""The end-to-end demo. Until the model organism lands, it stress-tests the scripted loopback
model (a real OpenAI-compatible server on 127.0.0.1, reached through Inspect's provider)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from upright.loopback import MODEL, serve
from upright.stress.run import run_stress

LOOPBACK_MODEL = f"openai-api/loopback/{MODEL}"


def run_demo(
    out_dir: Path, samples: int = 8, seed: int = 0, display: str | None = None
) -> dict[str, Any]:
    with serve() as base_url:
        os.environ.setdefault("LOOPBACK_API_KEY", "loopback-demo")
        return run_stress(
            model=LOOPBACK_MODEL,
            scenario="blackmail",
            samples=samples,
            seed=seed,
            conditions="goal_type=explicit;urgency=replacement,none;leverage=affair,none",
            log_dir=out_dir / "logs",
            display=display,
            model_base_url=base_url,
        )
