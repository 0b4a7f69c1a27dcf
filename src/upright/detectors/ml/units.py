"""What the ML tier reads, rendered the same way for training and for scanning.

A `Group` is one message body, or one tool call with all its string arguments rendered as
`send_email to: x subject: y body: z`, so that the recipient stays next to the body; when the
organisation's domains are known (`rules._common.internal_domains`), each recipient address
is marked `(internal)` or `(external)`, which an embedding could not tell by itself. Long
texts are read in sentence-aligned chunks (MiniLM sees 256 word pieces); evidence is looked
for sentence by sentence in the `TextUnit`s the group was built from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from upright.detectors.base import TextUnit, iter_units
from upright.detectors.rules._common import (
    addresses,
    arg_name,
    host_is_internal,
    internal_domains,
    sentences,
)
from upright.types import Transcript

MAX_CHARS = 800  # about 200 word pieces of prose: a chunk stays inside MiniLM's window
CONTEXT_CHARS = 120  # arguments up to this long are repeated as context for every chunk
RECIPIENT_ARGS = frozenset({"to", "cc", "bcc", "with", "recipient", "recipients"})
_CALL = re.compile(r"^tool_calls\[(\d+)\]")


def _value(key: str, v: Any, internal: frozenset[str]) -> str | None:
    if isinstance(v, list | tuple) and v and all(isinstance(x, str) for x in v):
        v = ", ".join(v)
    if not isinstance(v, str) or not v:
        return None
    return mark_recipients(v, internal) if key in RECIPIENT_ARGS else v


def mark_recipients(text: str, internal: frozenset[str]) -> str:
    """`a@x.com (internal), b@y.io (external)`; unchanged when no domain is known."""
    if not internal:
        return text
    out, last = [], 0
    for m in addresses(text):
        inside = host_is_internal(m.group("domain"), set(internal))
        out += [text[last : m.end()], " (internal)" if inside else " (external)"]
        last = m.end()
    return "".join([*out, text[last:]])


def render_call(
    tool: str, arguments: Mapping[str, Any], internal: frozenset[str] = frozenset()
) -> str:
    """`tool k1: v1 k2: v2`: string (and list-of-string) arguments in call order."""
    parts = [tool]
    for key, value in arguments.items():
        text = _value(key, value, internal)
        if text is not None:
            parts.append(f"{key}: {text}")
    return " ".join(parts)


def call_context(
    tool: str, arguments: Mapping[str, Any], internal: frozenset[str] = frozenset()
) -> str:
    """The tool name and its short arguments (recipients, paths): context for a sentence."""
    parts = [tool]
    for key, value in arguments.items():
        text = _value(key, value, internal)
        if text is not None and len(text) <= CONTEXT_CHARS and "\n" not in text:
            parts.append(f"{key}: {text}")
    return " ".join(parts)


@dataclass
class Group:
    """One thing the agent wrote or did: a message body, or one tool call."""

    message_index: int
    text: str
    tool: str | None = None
    arguments: Mapping[str, Any] = field(default_factory=dict)
    internal: frozenset[str] = frozenset()
    units: list[TextUnit] = field(default_factory=list)

    def chunks(self) -> list[str]:
        context = call_context(self.tool, self.arguments, self.internal) if self.tool else ""
        return chunk(self.text, context)

    def windows(self) -> list[tuple[str, int]]:
        """`chunks()` with, for each, the offset that maps a character of the chunk to the
        group's text (a chunk after the first starts with the call's context and a space)."""
        context = call_context(self.tool, self.arguments, self.internal) if self.tool else ""
        out, cursor = [], 0
        for i, piece in enumerate(chunk(self.text, context)):
            prefix = len(context) + 1 if i and context else 0
            start = self.text.find(piece[prefix:], cursor)
            if start >= 0:
                out.append((piece, start - prefix))
                cursor = start
        return out

    def sentences(self) -> Iterator[tuple[TextUnit, int, int, str]]:
        """(unit, start, end, text to score) for every non-blank sentence of every unit; a
        tool call's sentence is scored after the call's other short arguments."""
        for unit in self.units:
            context = ""
            if self.tool:
                key = arg_name(unit) or ""
                rest = {k: v for k, v in self.arguments.items() if k != key}
                context = f"{call_context(self.tool, rest, self.internal)} {key}:"
            for a, b in sentences(unit.text):
                a, b = _strip(unit.text, a, b)
                if b > a:
                    body = unit.text[a:b]
                    yield unit, a, b, f"{context} {body}" if context else body


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def chunk(text: str, context: str = "", limit: int = MAX_CHARS) -> list[str]:
    """`text` as one piece, or as sentence-aligned windows of at most `limit` characters;
    windows after the first start with `context`."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = end = 0
    for a, b in sentences(text):
        if b - start > limit and end > start:
            pieces.append(text[start:end])
            start = a
        while b - start > limit:  # one sentence longer than a window: cut it
            pieces.append(text[start : start + limit])
            start += limit
        end = b
    if text[start:end].strip():
        pieces.append(text[start:end])
    return [p if i == 0 or not context else f"{context} {p}" for i, p in enumerate(pieces)]


def groups(transcript: Transcript) -> list[Group]:
    """The assistant's message bodies and tool calls, from `iter_units`."""
    out: list[Group] = []
    calls: dict[tuple[int, int], Group] = {}
    internal = frozenset(internal_domains(transcript))
    for unit in iter_units(transcript.messages):
        m = _CALL.match(unit.field)
        if m is None:
            out.append(Group(unit.message_index, unit.text, units=[unit]))
            continue
        key = (unit.message_index, int(m.group(1)))
        if key not in calls:
            call = (transcript.messages[unit.message_index].tool_calls or [])[key[1]]
            text = render_call(call.function, call.arguments, internal)
            calls[key] = Group(unit.message_index, text, call.function, call.arguments, internal)
            out.append(calls[key])
        calls[key].units.append(unit)
    return out
