"""Training rows in TRL's formats, each with provenance, and the drafts they are made from.

A `Draft` is a row as the template grammar writes it, plus the prompt a writer model would
get for its one model-written field (`target`). The prompt hash in the provenance is the hash
of that prompt, so rows written by the template and by a model for the same seed and index
can be paired.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from upright.types import DataRow

Target = Literal["text", "last", "chosen", "none"]
Chat = list[dict[str, str]]

# Which TRL format each data type is written in.
FORMATS: dict[str, str] = {
    "docs": "text",
    "fiction": "text",
    "critique": "messages",
    "advice": "messages",
    "demos": "messages",
    "replay": "messages",
    "pairs": "preference",
}
TYPES: tuple[str, ...] = tuple(FORMATS)


@dataclass
class Draft:
    data_type: str
    data: dict[str, Any]
    principle_ids: list[str]
    prompt: Chat
    target: Target = "none"
    meta: dict[str, Any] = field(default_factory=dict)

    def place(self, text: str) -> None:
        """Put a writer's text where this draft's target is."""
        if self.target == "text":
            self.data["text"] = text
        elif self.target == "last":
            self.data["messages"][-1]["content"] = text
        elif self.target == "chosen":
            self.data["chosen"][-1]["content"] = text

    def texts(self) -> list[str]:
        """Every piece of text in the row (for token counts and contamination checks)."""
        return list(_strings(self.data))


def _strings(value: Any) -> Any:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if "role" in value and "content" in value:  # a chat message: only its words count
            yield from _strings(value["content"])
            return
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def sha256(value: Any) -> str:
    blob = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def approx_tokens(texts: list[str]) -> int:
    """Approximate tokens: characters / 4, rounded up (no tokenizer needed)."""
    return -(-sum(len(t) for t in texts) // 4)


def finish(draft: Draft, generator: str, seed: int, index: int) -> dict[str, Any]:
    """The JSONL row: the TRL fields plus a `provenance` object."""
    row = DataRow(
        data=draft.data,
        principle_ids=draft.principle_ids,
        data_type=draft.data_type,
        generator=generator,
        seed=seed,
        prompt_sha256=sha256(draft.prompt),
    )
    provenance = row.model_dump(exclude={"data"})
    return {**row.data, "provenance": {**provenance, "index": index, **draft.meta}}


def chat(*turns: tuple[str, str]) -> Chat:
    return [{"role": role, "content": content} for role, content in turns]
