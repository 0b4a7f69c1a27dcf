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
            yield _unit(i, "content", m.content, m.role, None)
        for j, call in enumerate(m.tool_calls or []):
            for key, value in call.arguments.items():
                if isinstance(value, str) and value:
                    yield _unit(i, f"tool_calls[{j}].arguments.{key}", value, m.role, call.function)


def _unit(i: int, field: str, text: str, role: str, tool: str | None) -> TextUnit:
    """`TextUnit(i, field, text, role, tool)`, built without the frozen dataclass's checked
    `__setattr__` calls (every detector builds one per text it reads: the rule tier's
    commonest allocation). The result is the same frozen, hashable value."""
    unit = _new(TextUnit)
    d = unit.__dict__
    d["message_index"], d["field"], d["text"], d["role"], d["tool"] = i, field, text, role, tool
    return unit


_new = object.__new__
