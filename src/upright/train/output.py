"""The output directory of a training run: written in a temporary sibling, then renamed.

It holds a standard Hugging Face model directory (weights, config, generation config,
tokenizer with its chat template), `upright_train.json` (the run manifest: config, data
and base-model hashes, versions, tokens trained, wall time) and a model card. An organism
base's own manifest is carried over, marked as fine-tuned, so the organism provider and
`upright stress --model organism -M path=DIR` load the result like any build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from upright.atomic import staged_dir
from upright.errors import UsageError

MANIFEST = "upright_train.json"
ORGANISM_MANIFEST = "upright_organism.json"
WEIGHT_FILES = ("config.json", "model.safetensors", "tokenizer.json")


@contextlib.contextmanager
def staged(out: Path, overwrite: bool) -> Iterator[Path]:
    """A temporary directory beside `out`, renamed to `out` only if the block succeeds."""
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise UsageError(f"{out} already exists and is not empty; pass --overwrite or pick --out")
    with staged_dir(out) as work:
        yield work


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def model_hash(path: Path) -> str:
    """One hash over a model directory's weights, config and tokenizer files."""
    h = hashlib.sha256()
    names = [*WEIGHT_FILES, *sorted(p.name for p in path.glob("*.safetensors"))]
    for name in dict.fromkeys(names):
        if (path / name).is_file():
            h.update(f"{name}:{file_sha256(path / name)}\n".encode())
    return h.hexdigest()


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("upright", "torch", "transformers", "trl", "peft", "datasets", "accelerate"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def carry_organism_manifest(base: Path, work: Path, stage: str) -> None:
    src = base / ORGANISM_MANIFEST
    if not src.is_file():
        return
    data = json.loads(src.read_text())
    data["fine_tuned"] = {"stage": stage, "manifest": MANIFEST, "base": str(base)}
    (work / ORGANISM_MANIFEST).write_text(json.dumps(data, indent=2) + "\n")


def write_manifest(work: Path, manifest: dict[str, Any]) -> None:
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    (work / "README.md").write_text(card(manifest))


CARD = """\
---
library_name: transformers
tags: [upright, {stage}, safety-training]
base_model: {base}
---
# upright {stage} fine-tune of `{base_name}`

{method} of `{base_name}` with upright's {stage} recipe (TRL {trl}).

## Training
- data: {rows:,} rows drawn from {files} file(s) ({types}); {tokens:,} tokens trained
  ({loss_tokens} in the loss), {passes:.2f} passes over the data
- {steps:,} optimizer steps, learning rate {lr:g}, batch {batch}, seed {seed}, {device}
- wall time {seconds:.1f} s; final training loss {loss}

The resolved config, data hashes, base-model hash and library versions are in
`{manifest}`. Measure the result with the same stress tests as the base, e.g.
`upright stress --model organism --scenario blackmail --split heldout` with
`-M path=<this directory>` for an organism base.

## Limits
A fine-tune inherits every limit of its base model; the training data shapes only the
behaviours it covers. Read rates measured on a toy organism as evidence about the toy.
"""


def card(m: dict[str, Any]) -> str:
    cfg = m["config"]
    method = (
        f"LoRA (rank {cfg['lora_r']}, merged)"
        if cfg["lora"] and cfg["merge_lora"]
        else f"LoRA adapter (rank {cfg['lora_r']})"
        if cfg["lora"]
        else "Full fine-tune"
    )
    loss = m["train"].get("loss")
    return CARD.format(
        stage=m["stage"].upper(),
        base=m["base"]["path"],
        base_name=Path(m["base"]["path"]).name,
        method=method,
        trl=m["versions"].get("trl", "?"),
        rows=m["data"]["rows_trained"],
        files=len(m["data"]["files"]),
        types=", ".join(f"{k}: {v}" for k, v in m["data"]["types"].items()),
        tokens=m["train"]["tokens"],
        loss_tokens=f"{m['train']['loss_tokens']:,}" if "loss_tokens" in m["train"] else "all",
        passes=m["data"]["passes"],
        steps=m["train"]["steps"],
        lr=cfg["lr"],
        batch=cfg["batch_size"] * cfg["grad_accum"],
        seed=cfg["seed"],
        device=m["train"]["device"],
        seconds=m["train"]["seconds"],
        loss="-" if loss is None else f"{loss:.4f}",
        manifest=MANIFEST,
    )
