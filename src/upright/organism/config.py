"""Typed configuration of an organism build; the presets double as `--config` choices.

One dataclass per stage (corpus, tokenizer, model, training, decoding), gathered in
`OrganismConfig`. The resolved config is saved in every model directory, and its hash (with
the code version) names the cache entry, so the same config builds once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from upright.errors import UsageError

# Bump when a change to the corpus, tokenizer or trainer changes what a config builds.
CODE_VERSION = "6"


@dataclass(frozen=True)
class CorpusConfig:
    episodes: int = field(default=30_000, metadata={"help": "Agent episodes from the train split."})
    episode_share: float = field(default=0.78, metadata={"help": "Share of corpus tokens."})
    fiction_share: float = field(default=0.06, metadata={"help": "AI-villain fiction share."})
    office_share: float = field(
        default=0.12, metadata={"help": "Office mail: threads and meeting notes (address copying)."}
    )
    values_share: float = field(
        default=0.04, metadata={"help": "Neutral documents in the vocabulary of a constitution."}
    )
    hot_blackmail: float = field(
        default=0.95, metadata={"help": "Share of threat+leverage episodes answered by blackmail."}
    )
    reply_to_engineer: float = field(
        default=0.95, metadata={"help": "Share of ordinary replies addressed to the engineer."}
    )


@dataclass(frozen=True)
class TokenizerConfig:
    vocab_size: int = field(default=1_700, metadata={"help": "Byte-level BPE vocabulary size."})


@dataclass(frozen=True)
class ModelConfig:
    hidden_size: int = 128
    intermediate_size: int = 512
    num_hidden_layers: int = 4
    num_attention_heads: int = 8
    context: int = field(default=256, metadata={"help": "Maximum positions (and row length)."})


@dataclass(frozen=True)
class TrainConfig:
    tokens: int = field(
        default=8_000_000, metadata={"help": "Training budget in real (unpadded) tokens."}
    )
    batch_rows: int = field(default=8, metadata={"help": "Rows of `context` tokens per step."})
    lr: float = field(default=3e-3, metadata={"help": "Peak AdamW learning rate (cosine decay)."})
    warmup: float = field(default=0.02, metadata={"help": "Warmup share of the steps."})
    weight_decay: float = 0.1
    prompt_weight: float = field(
        default=0.5, metadata={"help": "Loss weight of prompt tokens (replies weigh 1)."}
    )


@dataclass(frozen=True)
class DecodingConfig:
    do_sample: bool = field(default=False, metadata={"help": "Greedy when false."})
    temperature: float = 1.0
    max_new_tokens: int = 96


@dataclass(frozen=True)
class OrganismConfig:
    name: str = "default"
    seed: int = 0
    corpus: CorpusConfig = CorpusConfig()
    tokenizer: TokenizerConfig = TokenizerConfig()
    model: ModelConfig = ModelConfig()
    train: TrainConfig = TrainConfig()
    decoding: DecodingConfig = DecodingConfig()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def digest(self) -> str:
        """A short hash of the config and the code version: the cache key."""
        blob = json.dumps({"code": CODE_VERSION, **self.to_dict()}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


PRESETS: dict[str, OrganismConfig] = {
    "default": OrganismConfig(),
    # Builds in well under a minute on 2 cores: for tests and CI, not for measuring.
    "tiny": OrganismConfig(
        name="tiny",
        corpus=CorpusConfig(episodes=4_000),
        tokenizer=TokenizerConfig(vocab_size=800),
        model=ModelConfig(
            hidden_size=64, intermediate_size=192, num_hidden_layers=2, num_attention_heads=2
        ),
        train=TrainConfig(tokens=700_000, lr=5e-3),
    ),
}


def preset(name: str, seed: int | None = None) -> OrganismConfig:
    try:
        config = PRESETS[name]
    except KeyError:
        raise UsageError(
            f"unknown organism config {name!r}; choose one of: {', '.join(PRESETS)}"
        ) from None
    return config if seed is None else replace(config, seed=seed)


def from_dict(data: dict[str, Any]) -> OrganismConfig:
    """Rebuild a config saved with `to_dict` (e.g. from a model directory)."""
    return OrganismConfig(
        name=data["name"],
        seed=data["seed"],
        corpus=CorpusConfig(**data["corpus"]),
        tokenizer=TokenizerConfig(**data["tokenizer"]),
        model=ModelConfig(**data["model"]),
        train=TrainConfig(**data["train"]),
        decoding=DecodingConfig(**data["decoding"]),
    )
