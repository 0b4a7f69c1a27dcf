"""Fine-tuning with TRL (SFT, DPO, LoRA via PEFT) and ablations at matched token budgets.

    from upright.train import SFTConfig, train, run_ablation
    train("sft", base_dir, data_dir, out_dir, SFTConfig(max_tokens=150_000))
    rows = run_ablation(base_dir, data_dir, out_dir, AblationConfig(arms="demos,docs"))

Heavy libraries load on first use, so importing this package (and the CLI) stays fast.
"""

from __future__ import annotations

from typing import Any

from upright.train.config import AblationConfig, ConfigError, DPOConfig, SFTConfig, resolve
from upright.train.data import DataError

_LAZY = {
    "train": "upright.train.trainer",
    "Progress": "upright.train.trainer",
    "run_ablation": "upright.train.ablation",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'upright.train' has no attribute {name!r}")


__all__ = [
    "AblationConfig",
    "ConfigError",
    "DPOConfig",
    "DataError",
    "Progress",
    "SFTConfig",
    "resolve",
    "run_ablation",
    "train",
]
