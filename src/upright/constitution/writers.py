"""Who writes the text of a draft: the template grammar (already done) or an Inspect model.

A model writes one field per draft (its `target`) from the draft's prompt; the rest of the
row stays as the grammar wrote it (a critique's harmful draft, a pair's rejected reply), and
drafts without a target (demos in the organism's format) are left alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Protocol

from upright.constitution.rows import Draft
from upright.errors import UprightError, UsageError

TEMPLATE = "template"


class Writer(Protocol):
    name: str

    def fill(self, drafts: Sequence[Draft]) -> None: ...


class TemplateWriter:
    name = TEMPLATE

    def fill(self, drafts: Sequence[Draft]) -> None:
        return None


class ModelWriter:
    """Any Inspect model (a name such as `mockllm/model`, or a `Model` object)."""

    def __init__(self, model: str | Any) -> None:
        from inspect_ai.model import get_model

        try:
            self.model = get_model(model) if isinstance(model, str) else model
        except Exception as e:  # Inspect raises many kinds for an unknown provider
            raise UsageError(f"--generator: cannot load model {model!r}: {_line(e)}") from None
        self.name = str(model) if isinstance(model, str) else str(self.model)

    def fill(self, drafts: Sequence[Draft]) -> None:
        todo = [d for d in drafts if d.target != "none"]
        if not todo:
            return
        try:
            texts = asyncio.run(self._write([d.prompt for d in todo]))
        except Exception as e:
            raise UprightError(f"generator {self.name} failed: {_line(e)}") from None
        for d, text in zip(todo, texts, strict=True):
            d.place(text.strip())

    async def _write(self, prompts: list[list[dict[str, str]]]) -> list[str]:
        from inspect_ai.model import ChatMessageAssistant, ChatMessageSystem, ChatMessageUser

        kinds = {
            "system": ChatMessageSystem,
            "user": ChatMessageUser,
            "assistant": ChatMessageAssistant,
        }

        async def one(prompt: list[dict[str, str]]) -> str:
            messages = [kinds[m["role"]](content=m["content"]) for m in prompt]
            return (await self.model.generate(messages)).completion

        return list(await asyncio.gather(*(one(p) for p in prompts)))


def make_writer(generator: str, model: Any = None) -> Writer:
    if model is not None:
        return ModelWriter(model)
    return TemplateWriter() if generator == TEMPLATE else ModelWriter(generator)


def _line(e: BaseException) -> str:
    return " ".join(str(e).split())[:300] or type(e).__name__
