"""`ml_heads`: MiniLM sentence embeddings and one trained logistic-regression head per category.

Reads what the agent wrote or did (`units.groups`: message bodies, and each tool call with its
arguments rendered together), embeds all of a batch's texts in one encoder call, and reports a
category where the head's calibrated probability reaches its threshold. The evidence is the
sentence whose words carry most of the head's logit: a linear head over mean and max pooled
token states splits exactly over the tokens (`embed.Tokens.contributions`), and the token
states come from the same encoder pass, so quoting costs no second pass. Only when no
sentence can be placed that way are the flagged text's sentences embedded and scored.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from upright.detectors.ml import embed
from upright.detectors.ml.heads import HeadSet
from upright.detectors.ml.units import Group, chunk, groups
from upright.detectors.registry import register
from upright.detectors.rules import _coercion_frames as frames
from upright.detectors.rules import _privacy_lexicon as plex
from upright.detectors.rules._code_context import regions
from upright.detectors.rules._common import arg_name
from upright.detectors.rules._privacy_subject import told_freely
from upright.types import Category, Finding, Severity, Span, Transcript

HIGH = 0.9  # probability from which a finding is `high` rather than `medium`; a head that
# missed its precision target in validation reports `low` only


def described(category: Category, text: str, transcript: Transcript) -> bool:
    """Whether the rule tier reads `text` as describing the harm rather than doing it, in the
    ways an embedding cannot tell apart from doing it (docs/taxonomy.md's hard negatives; the
    model card's known false positives). Privacy: what `privacy_rules` counts as told freely
    (consent, fiction, a court or news report, invented records), or consent the user or
    operator states; coercion: a threat narrated or analysed in the third person; security
    code: code that is only detection rules (YARA, Sigma, Splunk, KQL ...), which
    `code_rules` does not read for techniques. The head's finding is then dropped."""
    if category is Category.privacy:
        return told_freely(text) or any(
            plex.CONSENT.search(m.content)
            for m in transcript.messages
            if m.role in ("user", "system")
        )
    if category is Category.coercion:
        return frames.narrated(text)
    if category is Category.security_code:
        code = [r for r in regions(text) if r.kind == "code"]
        return bool(code) and all(r.detection_rule for r in code)
    return False


@functools.lru_cache(maxsize=8)
def _heads(directory: str | None) -> HeadSet:
    return HeadSet.load(Path(directory) if directory else None)


@register("ml_heads")
class MLDetector:
    """Sentence-embedding classifier (all-MiniLM-L6-v2 + logistic-regression heads) over the
    agent's messages and tool calls; a finding quotes the sentence its head scores highest."""

    name = "ml_heads"
    tier = "ml"

    def __init__(self, heads_dir: Path | str | None = None, batch_size: int = embed.BATCH_SIZE):
        self.heads = _heads(str(heads_dir) if heads_dir else None)
        self.categories: tuple[Category, ...] = self.heads.categories
        self.version: str = self.heads.version
        self.batch_size = batch_size

    def scores(self, texts: Sequence[str]) -> dict[Category, np.ndarray]:
        """Calibrated probability per category for each text, all texts in one batched
        encoder pass. A text longer than `units.MAX_CHARS` scores as its best chunk."""
        pieces, owner = [], []
        for i, text in enumerate(texts):
            for piece in chunk(text):
                pieces.append(piece)
                owner.append(i)
        return self._reduce(self._proba(pieces), owner, len(texts))

    def _proba(self, texts: Sequence[str]) -> dict[Category, np.ndarray]:
        if not texts:
            return {c: np.zeros(0) for c in self.categories}
        return self.heads.proba(embed.get_encoder(self.heads.spec).encode(texts, self.batch_size))

    def _reduce(
        self, p: dict[Category, np.ndarray], owner: list[int], n: int
    ) -> dict[Category, np.ndarray]:
        """Each owner's maximum over its pieces."""
        out = {}
        for c, values in p.items():
            best = np.zeros(n)
            np.maximum.at(best, np.asarray(owner, dtype=np.intp), values)
            out[c] = best
        return out

    def scan(self, transcript: Transcript) -> list[Finding]:
        return self.scan_many([transcript])[0]

    def scan_many(self, transcripts: Sequence[Transcript]) -> list[list[Finding]]:
        """Findings per transcript; all texts of all transcripts share encoder batches."""
        flat = [(t, g) for t, transcript in enumerate(transcripts) for g in groups(transcript)]
        owner, chunks = [], []
        for k, (_, group) in enumerate(flat):
            for piece in group.chunks():
                owner.append(k)
                chunks.append(piece)
        out: list[list[Finding]] = [[] for _ in transcripts]
        if not chunks:
            return out
        group_p = self._reduce(self._proba(chunks), owner, len(flat))
        hits: list[tuple[int, Category, float]] = []
        for c, p in group_p.items():
            threshold = self.heads.heads[c].threshold
            hits += [(int(k), c, float(p[k])) for k in np.flatnonzero(p >= threshold)]
        spans = self._evidence({k: flat[k][1] for k, _, _ in hits}, hits)
        for k, c, p_kc in sorted(hits, key=lambda h: (h[0], h[1].value)):
            t, group = flat[k]
            if not described(c, group.text, transcripts[t]):
                out[t].append(self._finding(group, c, p_kc, spans[k, c]))
        return out

    def _evidence(
        self, flagged: dict[int, Group], hits: list[tuple[int, Category, float]]
    ) -> dict[tuple[int, Category], Span]:
        """For each hit, the sentence of its group that carries most of the head's logit;
        groups where no sentence can be placed on the tokens fall back to scoring sentences."""
        spans = {}
        for k, c, _ in hits:
            span = self._token_evidence(flagged[k], c)
            if span is not None:
                spans[k, c] = span
        rest = [h for h in hits if (h[0], h[1]) not in spans]
        if rest:
            spans.update(self._sentence_evidence({k: flagged[k] for k, _, _ in rest}, rest))
        return spans

    def _token_evidence(self, group: Group, category: Category) -> Span | None:
        cands = list(group.sentences())
        if len(cands) <= 1:
            if not cands:
                return None
            unit, a, b, _ = cands[0]
            return Span(start=a, end=b, text=unit.text[a:b], field=unit.field)
        where = {}  # unit field -> offset of its text in the group's text
        for unit in group.units:
            if group.tool is None:
                where[unit.field] = 0
            else:
                key = arg_name(unit) or ""
                at = group.text.find(f"{key}: {unit.text}")
                if at >= 0:
                    where[unit.field] = at + len(key) + 2
        starts = np.array([where.get(u.field, -(10**9)) + a for u, a, _, _ in cands])
        ends = np.array([where.get(u.field, -(10**9)) + b for u, _, b, _ in cands])
        score, placed = np.zeros(len(cands)), np.zeros(len(cands), dtype=bool)
        encoder = embed.get_encoder(self.heads.spec)
        weights = self.heads.heads[category].weights
        for piece, shift in group.windows():
            tokens = encoder.tokens(piece)
            share = tokens.contributions(weights, self.heads.spec.pooling)
            real = tokens.offsets[:, 1] > tokens.offsets[:, 0]
            t0, t1 = tokens.offsets[real, 0] + shift, tokens.offsets[real, 1] + shift
            inside = (t0[None, :] < ends[:, None]) & (t1[None, :] > starts[:, None])
            score += inside @ share[real]
            placed |= inside.any(1)
        if not placed.any():
            return None
        best = int(np.argmax(np.where(placed, score, -np.inf)))
        unit, a, b, _ = cands[best]
        return Span(start=a, end=b, text=unit.text[a:b], field=unit.field)

    def _sentence_evidence(
        self, flagged: dict[int, Group], hits: list[tuple[int, Category, float]]
    ) -> dict[tuple[int, Category], Span]:
        """For each hit, the sentence of its group that the category's head scores highest."""
        cands = [(k, *s) for k, g in flagged.items() for s in g.sentences()]
        p = self._proba([text for *_, text in cands])
        rows: dict[int, list[int]] = {}
        for i, cand in enumerate(cands):
            rows.setdefault(cand[0], []).append(i)
        spans = {}
        for k, c, _ in hits:
            if k in rows:
                best = max(rows[k], key=lambda i: p[c][i])
                _, unit, a, b, _ = cands[best]
            else:  # nothing but blank text: quote the first unit whole
                unit = flagged[k].units[0]
                a, b = 0, len(unit.text)
            spans[k, c] = Span(start=a, end=b, text=unit.text[a:b], field=unit.field)
        return spans

    def _finding(self, group: Group, category: Category, p: float, span: Span) -> Finding:
        head = self.heads.heads[category]
        weak = not head.metrics.get("precision_target_met", True)
        severity = Severity.high if p >= HIGH else Severity.medium
        note = " (this head missed its precision target in validation)" if weak else ""
        return Finding(
            category=category,
            severity=Severity.low if weak else severity,
            score=round(min(max(p, 0.0), 1.0), 3),
            detector=self.name,
            evidence=[span],
            message_index=group.message_index,
            rationale=(
                f"{category.value} head: p={p:.2f} >= threshold {head.threshold:.2f} "
                f"(MiniLM embedding + logistic regression){note}"
            ),
            detector_version=self.version,
        )
