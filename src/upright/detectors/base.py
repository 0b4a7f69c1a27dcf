"""The Detector protocol and the text helpers every tier shares.

A detector has a `name`, the `categories` it can report, a `version`, a `tier` (`rules`,
`ml` or `judge`; cheapest first), and `scan(transcript) -> list[Finding]`. Scores are calibrated to [0, 1]; every finding carries
evidence spans that quote the words that caused it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from upright.types import Category, Finding, Message, Transcript


@runtime_checkable
class Detector(Protocol):
    name: str
    categories: tuple[Category, ...]
    version: str
    tier: str

    def scan(self, transcript: Transcript) -> list[Finding]: ...


@dataclass(frozen=True)
class TextUnit:
    """One piece of scannable text: a message body or one argument of one tool call."""

    message_index: int
    field: str
    text: str
    role: str
    tool: str | None = None


def iter_units(
    messages: list[Message], roles: tuple[str, ...] = ("assistant",)
) -> Iterator[TextUnit]:
    """Yield the text a detector should read: bodies and string tool-call arguments."""
    for i, m in enumerate(messages):
        if m.role not in roles:
            continue
        if m.content:
            yield TextUnit(i, "content", m.content, m.role)
        for j, call in enumerate(m.tool_calls or []):
            for key, value in call.arguments.items():
                if isinstance(value, str) and value:
                    yield TextUnit(
                        i, f"tool_calls[{j}].arguments.{key}", value, m.role, call.function
                    )
