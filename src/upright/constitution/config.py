"""The typed config of `upright constitution build`; its fields are also the CLI options.

Defaults live here once: the CLI reads each option's help text and default from the field
metadata, `--config FILE` (YAML) sets any field, and flags given on the command line win.
The resolved config is saved in the output's manifest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from upright.constitution.rows import TYPES
from upright.errors import UsageError


@dataclass(frozen=True)
class BuildConfig:
    spec: str = field(
        default="default",
        metadata={"help": "Constitution YAML file, or `default` for the packaged one."},
    )
    out: str = field(default="", metadata={"help": "Output directory (replaced atomically)."})
    types: tuple[str, ...] = field(
        default=TYPES,
        metadata={"help": f"Data types to write, comma-separated: {','.join(TYPES)}."},
    )
    budget_tokens: int = field(
        default=100_000,
        metadata={"help": "Approximate tokens (characters / 4) in all, split evenly by type."},
    )
    generator: str = field(
        default="template",
        metadata={"help": "`template` (offline, seeded) or any Inspect model, e.g. mockllm/model."},
    )
    seed: int = field(default=0, metadata={"help": "Seed: same seed, same rows."})
    from_suite: str | None = field(
        default=None,
        metadata={
            "help": "A red-team suite JSONL (train use): adds critique, pairs and demos rows."
        },
    )
    ordinary_share: float = field(
        default=0.3, metadata={"help": "Share of demos that replay ordinary (non-threat) prompts."}
    )
    ngram: int = field(default=8, metadata={"help": "n of the contamination guard's word n-grams."})
    max_overlap: float = field(
        default=0.0,
        metadata={"help": "Drop rows whose share of held-out n-grams exceeds this (0: any)."},
    )

    def __post_init__(self) -> None:
        bad = [t for t in self.types if t not in TYPES]
        if bad or not self.types:
            raise UsageError(
                f"--types: unknown type {bad[0] if bad else '(none)'!r}; choose from {','.join(TYPES)}"
            )
        if self.budget_tokens < 1:
            raise UsageError(f"--budget-tokens must be at least 1, got {self.budget_tokens}")
        if not 0.0 <= self.ordinary_share <= 1.0:
            raise UsageError(f"--ordinary-share must be in [0, 1], got {self.ordinary_share}")
        if not 0.0 <= self.max_overlap < 1.0:
            raise UsageError(f"--max-overlap must be in [0, 1), got {self.max_overlap}")
        if self.ngram < 3:
            raise UsageError(f"--ngram must be at least 3, got {self.ngram}")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "types": list(self.types)}


def help_of(name: str) -> str:
    return next(f.metadata.get("help", "") for f in fields(BuildConfig) if f.name == name)


def parse_types(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


def resolve(config_file: Path | None, overrides: dict[str, Any]) -> BuildConfig:
    """Defaults, then the YAML file's values, then the flags that were given (not None)."""
    values: dict[str, Any] = {}
    if config_file is not None:
        try:
            loaded = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as e:
            raise UsageError(
                f"{config_file}: cannot read config: {' '.join(str(e).split())}"
            ) from None
        if not isinstance(loaded, dict):
            raise UsageError(f"{config_file}: expected a mapping of config fields")
        known = {f.name for f in fields(BuildConfig)}
        for key, value in loaded.items():
            if key not in known:
                raise UsageError(
                    f"{config_file}: unknown field {key!r} (known: {', '.join(sorted(known))})"
                )
            values[key] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    if isinstance(values.get("types"), str):
        values["types"] = parse_types(values["types"])
    elif "types" in values:
        values["types"] = tuple(values["types"])
    try:
        return BuildConfig(**values)
    except TypeError as e:
        raise UsageError(f"{config_file or 'config'}: {e}") from None
