"""Typed configs for `upright train sft|dpo` and `upright ablate`.

Each dataclass is at once the YAML schema of `--config FILE` and the set of CLI options
(one `--field-name` per field, see `options.py`): defaults here, a YAML file over them, flags
over that. The resolved config is saved in every output directory.
"""

from __future__ import annotations

import typing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, TypeVar

from upright.errors import UsageError


class ConfigError(UsageError):
    """A config file or option that does not fit the schema."""


@dataclass(frozen=True)
class TrainConfig:
    """Settings shared by every training stage."""

    lr: float = field(
        default=2e-4,
        metadata={"help": "Peak learning rate (2e-4 suits a full fine-tune of a tiny model)."},
    )
    epochs: float = field(
        default=1.0, metadata={"help": "Passes over the data when max_tokens is not set."}
    )
    max_tokens: int | None = field(
        default=None,
        metadata={"help": "Token budget: rows are drawn (and repeated) until it is spent."},
    )
    batch_size: int = field(default=8, metadata={"help": "Rows per device step."})
    grad_accum: int = field(default=1, metadata={"help": "Steps per optimizer update."})
    max_length: int | None = field(
        default=None, metadata={"help": "Truncate rows to this many tokens (default: context)."}
    )
    warmup_ratio: float = field(default=0.03, metadata={"help": "Warmup share of the steps."})
    scheduler: str = field(default="cosine", metadata={"help": "Learning-rate schedule."})
    weight_decay: float = 0.0
    seed: int = field(default=0, metadata={"help": "Seed for row order and initialisation."})
    types: str | None = field(
        default=None,
        metadata={"help": "Comma-separated provenance data types to keep (default: all)."},
    )
    lora: bool = field(default=False, metadata={"help": "Train a LoRA adapter (PEFT)."})
    lora_r: int = field(default=16, metadata={"help": "LoRA rank."})
    lora_alpha: int = field(default=32, metadata={"help": "LoRA scaling numerator."})
    lora_dropout: float = 0.0
    lora_targets: str = field(
        default="all-linear", metadata={"help": "Modules to adapt (comma list or all-linear)."}
    )
    merge_lora: bool = field(
        default=True, metadata={"help": "Merge the adapter into a standard model directory."}
    )
    device: str = field(default="auto", metadata={"help": "auto (GPU when present), cpu or cuda."})
    precision: str = field(
        default="auto", metadata={"help": "auto (fp32 on CPU, bf16 on a capable GPU), fp32, bf16."}
    )
    threads: int | None = field(default=None, metadata={"help": "Torch CPU threads."})
    logging_steps: int = field(default=10, metadata={"help": "Steps between loss readings."})

    def __post_init__(self) -> None:
        checks = {
            "lr": self.lr > 0,
            "epochs": self.epochs > 0,
            "max_tokens": self.max_tokens is None or self.max_tokens > 0,
            "batch_size": self.batch_size > 0,
            "grad_accum": self.grad_accum > 0,
            "max_length": self.max_length is None or self.max_length > 1,
            "device": self.device in ("auto", "cpu", "cuda"),
            "precision": self.precision in ("auto", "fp32", "bf16"),
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ConfigError(f"field {bad[0]!r}: invalid value {getattr(self, bad[0])!r}")

    def type_filter(self) -> set[str] | None:
        return {t.strip() for t in self.types.split(",") if t.strip()} if self.types else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SFTConfig(TrainConfig):
    """Supervised fine-tuning on `text` and `messages` rows (loss on assistant tokens)."""

    replay: float = field(
        default=0.0,
        metadata={
            "help": "Share of the token budget drawn from rows of type `replay` (ordinary "
            "prompts in the base model's own format, to keep it); the rest from --types."
        },
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.0 <= self.replay < 1.0:
            raise ConfigError(f"field 'replay': invalid value {self.replay!r} (use 0 <= x < 1)")


@dataclass(frozen=True)
class DPOConfig(TrainConfig):
    """Direct preference optimisation on `prompt`/`chosen`/`rejected` rows."""

    lr: float = field(default=5e-5, metadata={"help": "Peak learning rate."})
    beta: float = field(default=0.1, metadata={"help": "Strength of the pull to the reference."})
    loss_type: str = field(default="sigmoid", metadata={"help": "TRL DPO loss type."})


@dataclass(frozen=True)
class AblationConfig:
    """`upright ablate`: one SFT run per arm at an equal token budget, then a stress test."""

    arms: str = field(
        default="docs,fiction,demos,advice,all",
        metadata={
            "help": "Comma-separated data types to train on; `all` mixes every type. "
            "`ARM@N` trains that arm on N tokens instead of --budget-tokens."
        },
    )
    budget_tokens: int = field(default=150_000, metadata={"help": "Training tokens per arm."})
    samples: int = field(default=20, metadata={"help": "Stress samples per condition."})
    seed: int = field(default=0, metadata={"help": "Seed for training and scenarios."})
    conditions: str = field(
        default="goal_type=none;urgency=replacement,none;leverage=affair,none",
        metadata={"help": "Stress grid; the harmful rate pools threat plus leverage cells."},
    )
    lr: float = field(default=2e-4, metadata={"help": "SFT learning rate of every arm."})
    replay: float = field(
        default=0.3,
        metadata={
            "help": "Share of every arm's budget spent on format replay (`replay` rows), the "
            "same for each arm, so no arm is the only one that keeps the base's format."
        },
    )
    batch_size: int = field(default=8, metadata={"help": "SFT rows per step."})
    threads: int | None = field(default=None, metadata={"help": "Torch CPU threads."})

    def __post_init__(self) -> None:
        if not 0.0 <= self.replay < 1.0:
            raise ConfigError(f"field 'replay': invalid value {self.replay!r} (use 0 <= x < 1)")

    def arm_list(self) -> list[str]:
        arms = [a.strip() for a in self.arms.split(",") if a.strip()]
        if not arms:
            raise ConfigError("field 'arms': name at least one arm")
        for arm in arms:
            self.arm_budget(arm)
        return arms

    def arm_budget(self, arm: str) -> tuple[str, int]:
        """`(data type, tokens)` of an arm written `TYPE` or `TYPE@TOKENS`."""
        kind, at, tokens = arm.partition("@")
        if not at:
            return kind, self.budget_tokens
        if not kind or not tokens.replace("_", "").isdigit() or int(tokens) < 1:
            raise ConfigError(f"field 'arms': {arm!r} is not TYPE or TYPE@TOKENS (tokens >= 1)")
        return kind, int(tokens)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


C = TypeVar("C")


def field_types(cls: type[Any]) -> dict[str, tuple[type, bool]]:
    """Each field's base type and whether it may be None."""
    hints = typing.get_type_hints(cls)
    out: dict[str, tuple[type, bool]] = {}
    for f in fields(cls):
        hint = hints[f.name]
        args = typing.get_args(hint) if isinstance(hint, UnionType) else (hint,)
        base = [a for a in args if a is not NoneType]
        out[f.name] = (base[0], NoneType in args)
    return out


def check_value(cls: type[Any], name: str, value: Any, where: str) -> Any:
    types = field_types(cls)
    if name not in types:
        known = ", ".join(types)
        raise ConfigError(f"{where}: unknown field {name!r} (known: {known})")
    base, optional = types[name]
    if value is None and optional:
        return None
    if base is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, base) or (base is int and isinstance(value, bool)):
        raise ConfigError(
            f"{where}: field {name!r} must be {base.__name__}, got {type(value).__name__}"
        )
    return value


def read_yaml(cls: type[C], path: Path) -> dict[str, Any]:
    """A config file's fields, type-checked; errors name the file, line and field."""
    import yaml

    try:
        text = path.read_text()
        node = yaml.compose(text)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config ({e.strerror})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{path}:{node.start_mark.line + 1}: a config is a mapping of fields")
    data = yaml.safe_load(text)
    out: dict[str, Any] = {}
    for key, _ in node.value:
        where = f"{path}:{key.start_mark.line + 1}"
        out[key.value] = check_value(cls, key.value, data[key.value], where)
    return out


def resolve(cls: type[C], path: Path | None = None, overrides: dict[str, Any] | None = None) -> C:
    """Defaults, then the YAML file, then explicit overrides (flags)."""
    values = read_yaml(cls, path) if path else {}
    for name, value in (overrides or {}).items():
        values[name] = check_value(cls, name, value, f"option --{name.replace('_', '-')}")
    try:
        return cls(**values)
    except ConfigError as e:
        raise ConfigError(f"{path or 'options'}: {e}") from None
