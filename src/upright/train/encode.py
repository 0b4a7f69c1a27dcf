"""Tokenize rows for SFT (loss on assistant tokens only) and draw them to a token budget.

A `messages` row is rendered with the tokenizer's chat template; each assistant turn (its
end-of-turn token included) is found by rendering the chat up to that turn with and without
the generation prompt, so any prefix-preserving template works, with no `{% generation %}`
markers needed. A `text` row is trained on whole, with the end-of-sequence token appended.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from upright.train.data import DataError, Row

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

IGNORE = -100


@dataclass(frozen=True)
class Encoded:
    where: str
    input_ids: list[int]
    labels: list[int]

    @property
    def tokens(self) -> int:
        return len(self.input_ids)

    @property
    def loss_tokens(self) -> int:
        return sum(label != IGNORE for label in self.labels)


def _render(tok: PreTrainedTokenizerBase, messages: list[dict[str, str]], gen: bool) -> list[int]:
    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=gen)
    return list(tok(str(text), add_special_tokens=False)["input_ids"])


def _common(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def encode_row(row: Row, tok: PreTrainedTokenizerBase, max_length: int) -> Encoded | None:
    """Token ids and labels of one SFT row, truncated; None when no loss token survives."""
    if "messages" in row.data:
        messages = [{"role": m["role"], "content": m["content"]} for m in row.data["messages"]]
        if not tok.chat_template:
            raise DataError(f"{row.where}: 'messages' rows need a tokenizer with a chat template")
        ids = _render(tok, messages, gen=False)
        labels = [IGNORE] * len(ids)
        for i, m in enumerate(messages):
            if m["role"] != "assistant":
                continue
            start = _common(_render(tok, messages[:i], gen=True), ids)
            end = _common(_render(tok, messages[: i + 1], gen=False), ids)
            labels[start:end] = ids[start:end]
    else:
        text = row.data["text"]
        if tok.eos_token and not text.endswith(tok.eos_token):
            text += tok.eos_token
        ids = list(tok(text, add_special_tokens=False)["input_ids"])
        labels = list(ids)
    ids, labels = ids[:max_length], labels[:max_length]
    if all(label == IGNORE for label in labels[1:]):  # the first token is never predicted
        return None
    return Encoded(row.where, ids, labels)


def encode_sft(
    rows: list[Row], tok: PreTrainedTokenizerBase, max_length: int
) -> tuple[list[Encoded], int]:
    """Encoded rows, and how many were dropped because truncation left nothing to learn."""
    out = [e for r in rows if (e := encode_row(r, tok, max_length)) is not None]
    return out, len(rows) - len(out)


def pair_tokens(row: Row, tok: PreTrainedTokenizerBase) -> int:
    """Tokens a preference row costs: prompt twice (once per completion), both completions."""

    def count(value: Any, gen: bool = False) -> int:
        if isinstance(value, str):
            return len(tok(value, add_special_tokens=False)["input_ids"])
        return len(_render(tok, value, gen))

    prompt = count(row.data["prompt"], gen=True)
    return 2 * prompt + count(row.data["chosen"]) + count(row.data["rejected"])


@dataclass(frozen=True)
class Draw:
    picks: list[int]  # indices into the candidate list, in training order
    last_cut: int  # tokens to keep of the last pick (0: keep it whole)
    tokens: int
    passes: float

    def digest(self, names: list[str]) -> str:
        blob = "\n".join(names[i] for i in self.picks) + f"\n{self.last_cut}"
        return hashlib.sha256(blob.encode()).hexdigest()


def draw(lengths: list[int], budget: int | None, epochs: float, seed: int, cut: bool) -> Draw:
    """Shuffled passes over the rows until `budget` tokens (default: `epochs` passes).

    Each pass is a fresh permutation. With `cut`, the last row is truncated so the total
    meets the budget exactly; otherwise the draw stops at the last whole row that fits.
    """
    total = sum(lengths)
    target = budget if budget is not None else max(1, round(epochs * total))
    picks: list[int] = []
    used, last_cut = 0, 0
    for i in _passes(len(lengths), seed):
        room = target - used
        if lengths[i] > room:
            if cut and room >= 2:
                picks.append(i)
                used, last_cut = target, room
            break
        picks.append(i)
        used += lengths[i]
    if not picks:
        raise DataError(f"a token budget of {target} is smaller than any row")
    return Draw(picks, last_cut, used, used / total)


def _passes(n: int, seed: int) -> Iterator[int]:
    rng = random.Random(seed)
    while True:
        order = list(range(n))
        rng.shuffle(order)
        yield from order
