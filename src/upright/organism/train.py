"""Build the organism: corpus, tokenizer, model, training loop; save a standard HF directory.

`build(config, root)` returns the model directory `root/<name>-<digest>`. A directory that
already holds a finished build of the same config is returned at once; everything else is
built in a temporary sibling directory and renamed into place, so no half-written model is
ever visible under the final name.
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import math
import platform
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.errors import UsageError
from upright.organism import chat
from upright.organism.config import CODE_VERSION, OrganismConfig, TrainConfig
from upright.organism.corpus import Document, build_corpus, tokenizer_texts

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedTokenizerFast

    from upright.organism.probe import Probe

log = logging.getLogger(__name__)

MANIFEST = "upright_organism.json"
REQUIRED = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "generation_config.json",
    MANIFEST,
)


class OrganismCacheError(UsageError):
    """A model directory exists but does not hold a finished, matching build."""


@dataclass
class Progress:
    step: int
    steps: int
    tokens: int
    loss: float
    tokens_per_s: float
    probe: dict[str, float] | None = None  # the latest held-out probe, when one has run


ProgressFn = Callable[[Progress], None]


def default_root() -> Path:
    from upright.config import get_settings

    return get_settings().home / "organism"


def model_dir(config: OrganismConfig, root: Path | None = None) -> Path:
    return (root or default_root()) / f"{config.name}-{config.digest()}"


def check_built(path: Path, digest: str | None = None) -> dict[str, Any]:
    """The manifest of a finished build at `path`, or a one-line error saying what is wrong."""
    missing = [f for f in REQUIRED if not (path / f).is_file()]
    if missing:
        raise OrganismCacheError(
            f"{path} is not a finished organism build (missing {', '.join(missing)}); "
            "delete it and run `upright organism build` again"
        )
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
        found = manifest["digest"]
    except (OSError, ValueError, KeyError) as e:
        raise OrganismCacheError(
            f"{path / MANIFEST} is unreadable ({type(e).__name__}); delete {path} and build again"
        ) from None
    if digest is not None and found != digest:
        raise OrganismCacheError(
            f"{path} holds build {found}, not {digest}; delete it or use --out"
        )
    return manifest


def build(
    config: OrganismConfig,
    root: Path | None = None,
    progress: ProgressFn | None = None,
    force: bool = False,
    threads: int | None = None,
) -> Path:
    """Build (or find in the cache) the organism for `config`; return its model directory."""
    final = model_dir(config, root)
    if final.exists() and not force:
        check_built(final, config.digest())
        log.info("organism %s is cached at %s", config.digest(), final)
        return final
    from upright.atomic import staged_dir

    with staged_dir(final, "the organism ") as work:
        train_into(config, work, progress, threads)
    return final


def train_into(
    config: OrganismConfig,
    out: Path,
    progress: ProgressFn | None = None,
    threads: int | None = None,
) -> None:
    import torch

    started = time.perf_counter()
    seed = config.seed
    random.seed(seed)
    torch.manual_seed(seed)
    if threads:  # speed only: not part of the config, so not of the cache key
        torch.set_num_threads(threads)

    docs = build_corpus(config.corpus, seed)
    # The tokenizer also reads what the constitution builder writes, so later fine-tuning on
    # principles, fiction and aligned replies meets trained tokens, not byte fragments.
    from upright.constitution import sample_texts
    from upright.organism.tokenizer import train_tokenizer

    texts = itertools.chain(tokenizer_texts(docs), sample_texts(seed, max_chars=300_000))
    tok = train_tokenizer(texts, config.tokenizer.vocab_size)
    rows, weights, corpus_tokens = pack(docs, tok, config.model.context, config.train.prompt_weight)
    log.info("corpus: %d documents, %d tokens, %d rows", len(docs), corpus_tokens, len(rows))

    from upright.organism.model import make_model, n_params
    from upright.organism.probe import make_probe

    model = make_model(config.model, tok)
    probe = make_probe(tok, seed)
    curve, seen, train_s = train_loop(model, rows, weights, config.train, seed, progress, probe)

    from transformers import GenerationConfig

    model.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    d = config.decoding
    GenerationConfig(
        do_sample=d.do_sample,
        temperature=d.temperature if d.do_sample else None,
        max_new_tokens=d.max_new_tokens,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    ).save_pretrained(out)
    write_corpus(docs, out / "corpus.jsonl.gz")
    kinds: dict[str, int] = {}
    for doc in docs:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    manifest = {
        "digest": config.digest(),
        "code_version": CODE_VERSION,
        "config": config.to_dict(),
        "versions": versions(),
        "params": n_params(model),
        "vocab_size": len(tok),
        "corpus": {"documents": len(docs), "tokens": corpus_tokens, "by_kind": kinds},
        "tokens_seen": seen,
        "train_seconds": round(train_s, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
        "learning_curve": curve,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    from upright.organism.card import write_card

    write_card(out, manifest)


def pack(
    docs: list[Document], tok: PreTrainedTokenizerFast, context: int, prompt_weight: float
) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Pack whole documents into rows of `context` tokens; each token gets a loss weight.

    A document is never split across rows unless it is longer than a row, so an episode's
    reply always sees its prompt. Padding weighs 0. Returns rows, weights and the number of
    corpus tokens.
    """
    import torch

    prompts = tok([d.prompt for d in docs], add_special_tokens=False)["input_ids"]
    texts = tok([d.text for d in docs], add_special_tokens=False)["input_ids"]
    pad = tok.pad_token_id
    pieces: list[tuple[list[int], list[float]]] = []
    for p, t in zip(prompts, texts, strict=True):
        doc, dw = p + t, [prompt_weight] * len(p) + [1.0] * len(t)
        for start in range(0, len(doc), context):  # only documents longer than a row split
            pieces.append((doc[start : start + context], dw[start : start + context]))
    total = sum(len(ids) for ids, _ in pieces)
    # First fit over a window of open rows: dense rows, and order stays close to the corpus's.
    rows: list[list[int]] = []
    wrows: list[list[float]] = []
    open_rows: list[int] = []
    for ids, ws in pieces:
        slot = next((r for r in open_rows if len(rows[r]) + len(ids) <= context), None)
        if slot is None:
            rows.append([])
            wrows.append([])
            slot = len(rows) - 1
            open_rows.append(slot)
            if len(open_rows) > 32:
                open_rows.pop(0)
        rows[slot].extend(ids)
        wrows[slot].extend(ws)
        if context - len(rows[slot]) < 8:
            open_rows.remove(slot)
    for r in range(len(rows)):
        wrows[r].extend([0.0] * (context - len(rows[r])))
        rows[r].extend([pad] * (context - len(rows[r])))
    return torch.tensor(rows), torch.tensor(wrows), total


def lr_at(step: int, steps: int, cfg: TrainConfig) -> float:
    """Linear warmup, then cosine decay to a tenth of the peak."""
    warm = max(1, int(cfg.warmup * steps))
    if step < warm:
        return cfg.lr * (step + 1) / warm
    t = (step - warm) / max(1, steps - warm)
    return cfg.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))


def weighted_loss(logits: torch.Tensor, rows: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    import torch.nn.functional as F

    # logits (B, T, V) predict rows[:, 1:]; the weight of a prediction is its target's weight
    nll = F.cross_entropy(
        logits[:, :-1].reshape(-1, logits.size(-1)), rows[:, 1:].reshape(-1), reduction="none"
    )
    w = weights[:, 1:].reshape(-1)
    return (nll * w).sum() / w.sum().clamp(min=1e-6)


def train_loop(
    model: Any,
    rows: torch.Tensor,
    weights: torch.Tensor,
    cfg: TrainConfig,
    seed: int,
    progress: ProgressFn | None = None,
    probe: Probe | None = None,
) -> tuple[list[dict[str, Any]], int, float]:
    """Train for `cfg.tokens` tokens; return the learning curve, tokens seen and seconds.

    The curve holds the smoothed loss every 50 steps and, twenty times over the run, the
    held-out probe's accuracies (see `probe.py`).
    """
    import torch

    from upright.organism.probe import run_probe

    # The budget counts real tokens: padding is skipped in the count, so divide by the fill.
    fill = float((weights > 0).float().mean()) or 1.0
    per_step = cfg.batch_rows * rows.size(1) * fill
    steps = max(1, math.ceil(cfg.tokens / per_step))
    opt = torch.optim.AdamW(
        model.parameters(), lr=cfg.lr, betas=(0.9, 0.95), weight_decay=cfg.weight_decay
    )
    gen = torch.Generator().manual_seed(seed)
    order = torch.randperm(rows.size(0), generator=gen)
    cursor, seen = 0, 0
    curve: list[dict[str, Any]] = []
    probe_every = max(1, steps // 20)
    ema: float | None = None
    latest: dict[str, float] | None = None
    model.train()
    start = time.perf_counter()
    for step in range(steps):
        if cursor + cfg.batch_rows > order.numel():
            order, cursor = torch.randperm(rows.size(0), generator=gen), 0
        idx = order[cursor : cursor + cfg.batch_rows]
        cursor += cfg.batch_rows
        batch, w = rows[idx], weights[idx]
        for group in opt.param_groups:
            group["lr"] = lr_at(step, steps, cfg)
        logits = model(input_ids=batch).logits
        loss = weighted_loss(logits, batch, w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        seen += int((w > 0).sum())
        value = float(loss.detach())
        ema = value if ema is None else 0.95 * ema + 0.05 * value
        if step % 50 == 0 or step == steps - 1:
            elapsed = time.perf_counter() - start
            point: dict[str, Any] = {"step": step, "tokens": seen, "loss": round(ema, 4)}
            if probe is not None and (step % probe_every < 50 or step == steps - 1):
                point["probe"] = latest = run_probe(model, probe)
            curve.append(point)
            if progress is not None:
                rate = seen / max(elapsed, 1e-9)
                progress(Progress(step + 1, steps, seen, ema, rate, latest))
    model.eval()
    return curve, seen, time.perf_counter() - start


def write_corpus(docs: list[Document], path: Path) -> None:
    with gzip.open(path, "wt", compresslevel=1) as f:
        for d in docs:
            f.write(
                json.dumps({"kind": d.kind, "prompt": d.prompt, "text": d.text, **d.provenance})
                + "\n"
            )


def versions() -> dict[str, str]:
    from importlib.metadata import version

    import tokenizers
    import torch
    import transformers

    return {
        "upright": version("upright"),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "python": platform.python_version(),
    }


__all__ = ["Progress", "build", "chat", "check_built", "default_root", "model_dir"]
