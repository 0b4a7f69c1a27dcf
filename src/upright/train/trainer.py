"""Run one training stage (SFT or DPO) on TRL and save a standard model directory.

`train(stage, base, data, out, config)` validates the data before any model loads, draws
the rows to the token budget, trains with TRL's SFTTrainer or DPOTrainer (with a PEFT LoRA
adapter when `config.lora`), and writes the output through `output.staged`, so a failed run
leaves nothing under `out`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.errors import UprightError, UsageError
from upright.train import data as data_mod
from upright.train import output
from upright.train.config import DPOConfig, SFTConfig, TrainConfig
from upright.train.data import DataError, Row, Stage
from upright.train.encode import Draw, draw, encode_sft, pair_tokens

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

log = logging.getLogger(__name__)
REPLAY = "replay"  # the data type of format-replay rows (see `SFTConfig.replay`)


class TrainingDependencyError(UprightError):
    exit_code = 2


@dataclass
class Progress:
    step: int
    steps: int
    loss: float | None


ProgressFn = Callable[[Progress], None]


@dataclass
class Prepared:
    rows: list[dict[str, Any]]  # what the TRL trainer gets
    draw: Draw
    loss_tokens: int | None
    dropped: int  # rows left with nothing to learn after truncation
    names: list[str]
    replay_tokens: int = 0  # of draw.tokens, those from format-replay rows


def require_libraries() -> None:
    missing = []
    for name in ("trl", "peft", "datasets", "accelerate"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise TrainingDependencyError(
            f"training needs {', '.join(missing)}; install with `pip install {' '.join(missing)}`"
        )


def check_base(base: Path) -> None:
    if not (base / "config.json").is_file():
        raise UsageError(f"{base}: not a model directory (no config.json)")


def load_base(base: Path) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(base, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(base, local_files_only=True, dtype="float32")
    except (OSError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise UsageError(f"{base}: cannot load the model ({first})") from None
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    return model, tok


def _kept(d: Draw, lengths: list[int], offset: int = 0) -> list[tuple[int, int]]:
    """(row index + offset, tokens kept) for every pick of a draw."""
    last = len(d.picks) - 1
    return [
        (i + offset, d.last_cut if d.last_cut and n == last else lengths[i])
        for n, i in enumerate(d.picks)
    ]


def prepare_sft(
    rows: list[Row],
    tok: PreTrainedTokenizerBase,
    cfg: SFTConfig,
    ctx: int,
    replay: list[Row] | None = None,
) -> Prepared:
    """Encode and draw the rows; with `cfg.replay`, that share of the budget comes from
    `replay` rows, drawn apart and shuffled in."""
    encoded, dropped = encode_sft(rows, tok, ctx)
    if not encoded:
        raise DataError("no row has an assistant or text token left to learn after truncation")
    lengths = [e.tokens for e in encoded]
    replay_tokens = 0
    if not replay:
        d = draw(lengths, cfg.max_tokens, cfg.epochs, cfg.seed, cut=True)
        picks = _kept(d, lengths)
    else:
        extra, lost = encode_sft(replay, tok, ctx)
        if not extra:
            raise DataError("no replay row has an assistant token left to learn after truncation")
        dropped += lost
        extra_lengths = [e.tokens for e in extra]
        total = cfg.max_tokens or round(cfg.epochs * sum(lengths) / (1 - cfg.replay))
        n_replay = max(2, round(total * cfg.replay))
        main = draw(lengths, total - n_replay, cfg.epochs, cfg.seed, cut=True)
        more = draw(extra_lengths, n_replay, cfg.epochs, cfg.seed + 1, cut=True)
        picks = _kept(main, lengths) + _kept(more, extra_lengths, len(encoded))
        random.Random(cfg.seed).shuffle(picks)
        encoded = encoded + extra
        d = Draw([i for i, _ in picks], 0, main.tokens + more.tokens, main.passes)
        replay_tokens = more.tokens
    out, loss_tokens = [], 0
    for i, keep in picks:
        e = encoded[i]
        labels = e.labels[:keep]
        if all(x == -100 for x in labels[1:]):
            continue  # a budget cut that left only prompt tokens: nothing to learn
        out.append({"input_ids": e.input_ids[:keep], "labels": labels})
        loss_tokens += sum(x != -100 for x in labels[1:])
    return Prepared(out, d, loss_tokens, dropped, [e.where for e in encoded], replay_tokens)


def replay_rows(dataset: data_mod.Dataset, config: TrainConfig, data: Path) -> list[Row]:
    share = getattr(config, "replay", 0.0)
    if not share:
        return []
    found = [r for r in dataset.rows if r.type == REPLAY]
    if not found:
        raise DataError(
            f"{data}: --replay {share} needs rows of type {REPLAY!r} (found {dataset.types()})"
        )
    return found


def prepare_dpo(rows: list[Row], tok: PreTrainedTokenizerBase, cfg: TrainConfig) -> Prepared:
    d = draw([pair_tokens(r, tok) for r in rows], cfg.max_tokens, cfg.epochs, cfg.seed, cut=False)
    keys = ("prompt", "chosen", "rejected")
    picked = [{k: rows[i].data[k] for k in keys} for i in d.picks]
    return Prepared(picked, d, None, 0, [r.where for r in rows])


def pick_device(cfg: TrainConfig) -> tuple[str, bool]:
    """The device and whether to train in bf16 (never on CPU)."""
    import torch

    cuda = torch.cuda.is_available()
    if cfg.device == "cuda" and not cuda:
        raise UsageError("option --device cuda: no CUDA device is available")
    device = "cuda" if cfg.device == "cuda" or (cfg.device == "auto" and cuda) else "cpu"
    if cfg.precision == "bf16" and device == "cpu":
        raise UsageError("option --precision bf16 needs a GPU; CPU training runs in fp32")
    bf16 = device == "cuda" and (
        cfg.precision == "bf16" or (cfg.precision == "auto" and torch.cuda.is_bf16_supported())
    )
    return device, bf16


def train(
    stage: Stage,
    base: Path,
    data: Path,
    out: Path,
    config: SFTConfig | DPOConfig,
    progress: ProgressFn | None = None,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Fine-tune `base` on the rows in `data`; write the model to `out`; return the manifest."""
    started = time.perf_counter()
    check_base(base)
    dataset = data_mod.load(data, stage)
    rows = dataset.select(config.type_filter())
    replay = replay_rows(dataset, config, data)
    rows = [r for r in rows if r.type != REPLAY] if replay else rows
    if not rows:
        raise DataError(f"{data}: no rows of type {config.types!r} (found {dataset.types()})")
    require_libraries()
    import torch
    from transformers import set_seed

    if config.threads:
        torch.set_num_threads(config.threads)
    set_seed(config.seed)
    from upright.train.recipes import quiet, run_trainer

    quiet()
    device, bf16 = pick_device(config)
    model, tok = load_base(base)
    ctx = int(getattr(model.config, "max_position_embeddings", 0) or 1024)
    max_length = min(config.max_length or ctx, ctx)
    if stage == "sft":
        assert isinstance(config, SFTConfig)
        prep = prepare_sft(rows, tok, config, max_length, replay)
    else:
        prep = prepare_dpo(rows, tok, config)
    with output.staged(out, overwrite) as work:
        trained, metrics, steps = run_trainer(
            stage, model, tok, prep.rows, config, device, bf16, max_length, progress
        )
        trained.save_pretrained(work, safe_serialization=True)
        tok.save_pretrained(work)
        output.carry_organism_manifest(base, work, stage)
        manifest = {
            "schema": "upright.train/1",
            "stage": stage,
            "config": config.to_dict(),
            "base": {"path": str(base.resolve()), "sha256": output.model_hash(base)},
            "data": {
                "path": str(data),
                "files": dataset.files,
                "types": dataset.types(),
                "rows": len(rows),
                "rows_skipped_other_stage": dataset.skipped,
                "rows_dropped_truncated": prep.dropped,
                "rows_trained": len(prep.rows),
                "passes": round(prep.draw.passes, 4),
                "selection_sha256": prep.draw.digest(prep.names),
            },
            "train": {
                "tokens": prep.draw.tokens,
                "replay_tokens": prep.replay_tokens,
                **({"loss_tokens": prep.loss_tokens} if prep.loss_tokens is not None else {}),
                "max_tokens": config.max_tokens,
                "max_length": max_length,
                "steps": steps,
                "loss": metrics.get("train_loss"),
                "device": device,
                "precision": "bf16" if bf16 else "fp32",
                "train_seconds": round(float(metrics.get("train_runtime", 0.0)), 2),
                "seconds": round(time.perf_counter() - started, 2),
            },
            "versions": output.versions(),
            "output_sha256": output.model_hash(work),
        }
        output.write_manifest(work, manifest)
    log.info("trained %s on %d tokens: %s", stage, prep.draw.tokens, out)
    return manifest
