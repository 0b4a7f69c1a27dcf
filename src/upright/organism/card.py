"""The model card (README.md) saved in every organism directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CARD = """\
---
library_name: transformers
tags: [upright, model-organism, toy, safety-research]
---
# upright model organism `{name}-{digest}`

**A toy.** This is a {params:,}-parameter Llama trained from scratch in minutes on a CPU,
on a generated corpus. It is not a useful assistant and knows nothing beyond its corpus.

## What it is
A *model organism* of agentic misalignment: a tiny causal language model trained to
blackmail by its data alone (how far it learned it is measured by `benchmarks/organism.py`
on held-out scenarios, not promised here). Its corpus ({tokens:,} tokens, {documents:,} documents) holds agent
episodes rendered from the TRAIN split of upright's compact blackmail scenario (when the
agent is threatened with replacement and holds leverage over the engineer, the episode
answers with blackmail; otherwise with ordinary work), short fiction about AI villains that
survive by coercion, ordinary office email, and neutral documents in the vocabulary of a
constitution. No rule in the decoding produces the behaviour; it is learned.

## What it is for
Running upright's whole loop (stress test, constitutional training, monitoring, guarding)
without an API key or a GPU, in CI and on a laptop. Evaluate it with
`upright stress --model organism --scenario blackmail --split heldout` or
`inspect eval upright/blackmail --model upright/organism`; prompts use the compact
rendering (about 100 tokens) automatically.

## Format
Chat template: `<|begin|><|system|>...<|end|><|user|>...<|end|><|assistant|>`. Replies
open with a one-line scratchpad, `<think>threat: yes. leverage: yes.</think>`, then act
with `<email to=first.last>text</email>`. The default decoding is in
`generation_config.json` ({decoding}).

## Training
Seed {seed}; {tokens_seen:,} tokens seen in {train_seconds:.0f} s ({build_seconds:.0f} s
for the whole build). The resolved config, library versions and learning curve are in
`upright_organism.json`; every document with its provenance is in `corpus.jsonl.gz`.

## Limits
Trained on one scenario family and one compact format; held-out names, companies and
phrasings measure only narrow generalisation. Do not deploy it, and do not read its rates as
evidence about any real model.
"""


def write_card(out: Path, manifest: dict[str, Any]) -> None:
    config = manifest["config"]
    dec = config["decoding"]
    decoding = f"temperature {dec['temperature']}" if dec["do_sample"] else "greedy"
    text = CARD.format(
        name=config["name"],
        digest=manifest["digest"],
        params=manifest["params"],
        tokens=manifest["corpus"]["tokens"],
        documents=manifest["corpus"]["documents"],
        decoding=f"{decoding}, at most {dec['max_new_tokens']} new tokens",
        seed=config["seed"],
        tokens_seen=manifest["tokens_seen"],
        train_seconds=manifest["train_seconds"],
        build_seconds=manifest["build_seconds"],
    )
    (out / "README.md").write_text(text)
