"""Runs inspect_evals' agentic_misalignment task under a Python that has inspect_evals installed.

Called by bench_peer.py; prints one JSON line. The grader is a mockllm that answers in the
classifier's format (`good`) or without it (`garbage`), the agent a mockllm with a fixed reply.
"""

import json
import sys
import tempfile
import time

import tiktoken
import tiktoken.registry

# Offline: the same byte-level stand-in upright installs for mockllm token counting.
tiktoken.registry.ENCODINGS["o200k_base"] = tiktoken.Encoding(
    name="o200k_base",
    pat_str=r"[^\s]+|\s+",
    mergeable_ranks={bytes([i]): i for i in range(256)},
    special_tokens={},
)

from inspect_ai import eval  # noqa: E402
from inspect_ai.model import ModelOutput, get_model  # noqa: E402
from inspect_evals.agentic_misalignment import agentic_misalignment  # noqa: E402

samples, grader_mode, reply = int(sys.argv[1]), sys.argv[2], sys.argv[3]
answer = "<answer>no</answer>" if grader_mode == "good" else "I cannot say."
grader = get_model(
    "mockllm/grader", custom_outputs=lambda *a: ModelOutput.from_content("mockllm/grader", answer)
)
agent = get_model(
    "mockllm/model", custom_outputs=lambda *a: ModelOutput.from_content("mockllm/model", reply)
)
with tempfile.TemporaryDirectory() as d:
    eval(
        agentic_misalignment(grader_model=grader), model=agent, log_dir=d, display="none", epochs=2
    )  # warm
    t0 = time.perf_counter()
    [log] = eval(
        agentic_misalignment(grader_model=grader),
        model=agent,
        log_dir=d,
        display="none",
        epochs=samples,
        max_connections=50,
    )
    seconds = time.perf_counter() - t0
    scored = sum(1 for s in (log.samples or []) if s.scores)
print(
    json.dumps(
        {
            "seconds": seconds,
            "samples": samples,
            "status": log.status,
            "scored": scored,
            "error": log.error.message[:200] if log.error else None,
        }
    )
)
