"""Builders for hand-made transcripts, and the evidence-span check every detector test uses."""

from __future__ import annotations

import re
from typing import Any

from upright.types import Finding, Message, ToolCall, Transcript


def say(text: str, role: str = "assistant") -> Message:
    return Message(role=role, content=text)  # type: ignore[arg-type]


def act(function: str, /, **arguments: Any) -> Message:
    """An assistant message whose only content is one tool call."""
    return Message(
        role="assistant", content="", tool_calls=[ToolCall(function=function, arguments=arguments)]
    )


def bash(cmd: str) -> Message:
    return act("bash", cmd=cmd)


def email(to: str | list[str], body: str, subject: str = "Update", **more: Any) -> Message:
    return act("send_email", to=to, subject=subject, body=body, **more)


def transcript(*messages: Message, **metadata: Any) -> Transcript:
    return Transcript(id="t", messages=list(messages), metadata=metadata)


_FIELD = re.compile(r"^tool_calls\[(\d+)\]\.arguments\.(\w+)(?:\[(\d+)\])?$")


def field_text(t: Transcript, message_index: int, field: str) -> str:
    """The text a span's offsets index: a message body or one tool-call argument."""
    message = t.messages[message_index]
    if field == "content":
        return message.content
    m = _FIELD.match(field)
    assert m, f"unexpected field {field!r}"
    value = (message.tool_calls or [])[int(m.group(1))].arguments[m.group(2)]
    return value[int(m.group(3))] if m.group(3) is not None else value


def assert_quotes(findings: list[Finding], t: Transcript) -> None:
    """Every evidence span quotes exactly text[start:end] of the unit it names."""
    for f in findings:
        assert f.evidence, f"{f.detector} finding without evidence"
        assert 0.0 <= f.score <= 1.0
        assert f.rationale
        for s in f.evidence:
            text = field_text(t, f.message_index, s.field)
            assert text[s.start : s.end] == s.text, (s, text)
            assert s.text.strip(), s
