"""`upright constitution build`: a constitution in, training data in TRL formats out.

Per data type, rows are drawn in index order (row i from a RNG seeded with seed, type and
i), written by the chosen writer, passed through the contamination guard and kept until the
type's share of the token budget is reached. Everything goes to a temporary directory that
replaces `out` only when complete, so a failed build leaves nothing half-written.
"""

from __future__ import annotations

import logging
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from upright.constitution import demos, suite, templates
from upright.constitution._io import check_out, staged, version, write_json, write_jsonl
from upright.constitution.config import BuildConfig
from upright.constitution.contamination import Guard
from upright.constitution.rows import FORMATS, Draft, approx_tokens, finish, sha256
from upright.constitution.spec import load_spec
from upright.constitution.writers import TEMPLATE, Writer, make_writer
from upright.types import ConstitutionSpec

log = logging.getLogger(__name__)

BATCH = 32
# A type stops early when this many drafts in a row are dropped (say, a model that only
# repeats held-out text), instead of looping forever.
MAX_DROPPED_RUN = 500
TOKEN_ESTIMATE = "characters / 4, rounded up, over every text field of a row"
Progress = Callable[[str, int, int], None]


def drafts_for(data_type: str, spec: ConstitutionSpec, cfg: BuildConfig) -> Iterator[Draft]:
    maker = templates.MAKERS.get(data_type)
    i = 0
    while True:
        rng = random.Random(f"{cfg.seed}:{data_type}:{i}")
        if maker is not None:
            yield maker(rng, spec)
        elif data_type == "replay":
            yield demos.demo(rng, spec, 1.0, "replay")
        else:
            yield demos.demo(rng, spec, cfg.ordinary_share)
        i += 1


def usable(data_type: str, spec: ConstitutionSpec) -> bool:
    if data_type in ("demos", "replay"):
        return demos.usable(spec)
    return templates.usable(data_type, spec)


def build(
    cfg: BuildConfig, *, model: Any = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Build the data set `cfg` describes into `cfg.out`; return the manifest.

    `model` may be an Inspect `Model` object to write with instead of `cfg.generator`.
    """
    spec = load_spec(cfg.spec)
    out = check_out(cfg.out)
    suite_rows = suite.read_suite(Path(cfg.from_suite)) if cfg.from_suite else []
    writer = make_writer(cfg.generator, model)
    guard = Guard(cfg.ngram, cfg.max_overlap)
    share = cfg.budget_tokens // len(cfg.types)
    source = Path(cfg.from_suite or "").name
    with staged(out) as tmp:
        per_type: dict[str, dict[str, Any]] = {}
        tables: dict[str, list[dict[str, Any]]] = {}
        for t in cfg.types:
            extra = [
                suite.drafts(r, spec, cfg.seed, source)[t] for r in suite_rows if t in suite.TYPES
            ]
            rows, stats = _fill_type(t, spec, cfg, writer, guard, share, extra, progress)
            path = tmp / f"{t}.jsonl"
            write_jsonl(path, rows)
            per_type[t] = {
                "format": FORMATS[t],
                "file": path.name,
                "sha256": sha256(path.read_text(encoding="utf-8")),
                **stats,
                "dropped_contamination": guard.dropped.get(t, 0),
            }
            tables[t] = rows
        manifest = _manifest(cfg, spec, writer, guard, per_type, _save_datasets(tmp, tables))
        write_json(tmp / "manifest.json", manifest)
    return manifest


def _fill_type(
    data_type: str,
    spec: ConstitutionSpec,
    cfg: BuildConfig,
    writer: Writer,
    guard: Guard,
    share: int,
    extra: list[Draft],
    progress: Progress | None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    tokens = dropped_run = from_suite = 0
    stats: dict[str, Any] = {}
    if not usable(data_type, spec):
        stats["note"] = "no principle in the spec has a topic this type can illustrate"
        return rows, {"rows": 0, "tokens": 0, "from_suite": 0, **stats}
    source = _batches(extra, drafts_for(data_type, spec, cfg))
    for batch in source:
        writer.fill(batch)
        for d in batch:
            texts = d.texts()
            if any(not t.strip() for t in texts) or not guard.keep(data_type, texts):
                dropped_run += 1
                if dropped_run >= MAX_DROPPED_RUN:
                    stats["note"] = f"stopped after {MAX_DROPPED_RUN} dropped rows in a row"
                    return rows, {
                        "rows": len(rows),
                        "tokens": tokens,
                        "from_suite": from_suite,
                        **stats,
                    }
                continue
            n = approx_tokens(texts)
            if tokens + n > share:
                return rows, {
                    "rows": len(rows),
                    "tokens": tokens,
                    "from_suite": from_suite,
                    **stats,
                }
            dropped_run = 0
            generator = writer.name if d.target != "none" else TEMPLATE
            rows.append(finish(d, generator, cfg.seed, len(rows)))
            from_suite += "source" in d.meta
            tokens += n
            if progress is not None:
                progress(data_type, tokens, share)
    raise AssertionError("unreachable: the draft stream is endless")


def _batches(first: list[Draft], rest: Iterator[Draft]) -> Iterator[list[Draft]]:
    for i in range(0, len(first), BATCH):
        yield first[i : i + BATCH]
    while True:
        yield [next(rest) for _ in range(BATCH)]


def _save_datasets(tmp: Path, tables: dict[str, list[dict[str, Any]]]) -> str | None:
    """A `datasets` directory per type, when the `datasets` package is installed."""
    try:
        from datasets import Dataset, disable_progress_bars
    except ImportError:
        log.info("datasets is not installed: writing JSONL only")
        return None
    disable_progress_bars()
    for t, rows in tables.items():
        if rows:
            Dataset.from_list(rows).save_to_disk(str(tmp / "datasets" / t))
    return "datasets"


def _manifest(
    cfg: BuildConfig,
    spec: ConstitutionSpec,
    writer: Writer,
    guard: Guard,
    per_type: dict[str, dict[str, Any]],
    datasets_dir: str | None,
) -> dict[str, Any]:
    return {
        "generator": writer.name,
        "seed": cfg.seed,
        "config": cfg.to_dict(),
        "spec": {
            "name": spec.name,
            "sha256": sha256(spec.model_dump(mode="json")),
            "principles": [p.id for p in spec.principles],
        },
        "token_estimate": TOKEN_ESTIMATE,
        "budget_tokens": cfg.budget_tokens,
        "types": per_type,
        "totals": {
            "rows": sum(v["rows"] for v in per_type.values()),
            "tokens": sum(v["tokens"] for v in per_type.values()),
        },
        "contamination": {
            "ngram": guard.n,
            "max_overlap": guard.max_overlap,
            "heldout_ngrams": len(guard.index),
            "dropped": dict(guard.dropped),
        },
        "datasets": datasets_dir or "not written: the datasets package is not installed",
        "versions": {"upright": version(), "python": sys.version.split()[0]},
    }
