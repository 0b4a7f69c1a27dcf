"""Redaction of personal data at rest (`--redact`): what the store keeps is not a new leak.

Email addresses and the numbers `privacy_rules` recognises (payment cards, government ids,
bank accounts, personal phones) are replaced by `[EMAIL]`, `[CARD]`, ... in message bodies,
tool-call arguments and metadata. Detectors run on the original text first; the evidence
offsets of every finding are then moved to the redacted text, so highlights still line up.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from upright.types import Category, Finding, Message, Span, ToolCall

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ARG = re.compile(r"^tool_calls\[(\d+)\]\.arguments\.(.+)$")


def _matches(text: str, extra: Sequence[tuple[int, int, str]] = ()) -> list[tuple[int, int, str]]:
    from upright.detectors.rules._pii import id_items

    found = [*extra, *((m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text))]
    if any(c.isdigit() for c in text):
        found += [(i.start, i.end, i.kind.upper()) for i in id_items(text)]
    out: list[tuple[int, int, str]] = []
    for start, end, label in sorted(found):
        if out and start < out[-1][1]:
            continue  # overlapping: keep the first
        out.append((start, end, label))
    return out


class Redacted:
    """A text with its personal data replaced, and a map from old offsets to new ones."""

    def __init__(self, text: str, extra: list[tuple[int, int, str]] | None = None) -> None:
        self.pieces = _matches(text, extra or [])
        parts, pos = [], 0
        self._old: list[int] = []  # region starts in the old text
        self._new: list[tuple[int, int, int]] = []  # (old end, new start, new end)
        shift = 0
        for start, end, label in self.pieces:
            parts.append(text[pos:start])
            token = f"[{label}]"
            parts.append(token)
            self._old.append(start)
            self._new.append((end, start + shift, start + shift + len(token)))
            shift += len(token) - (end - start)
            pos = end
        parts.append(text[pos:])
        self.text = "".join(parts)

    def offset(self, i: int, *, end: bool) -> int:
        """Where old offset `i` lands: inside a replaced item, a span grows to the whole token."""
        k = bisect_right(self._old, i) - 1
        if k < 0:
            return i
        old_start = self._old[k]
        old_end, new_start, new_end = self._new[k]
        if i == old_start:
            return new_start
        if i < old_end:
            return new_end if end else new_start
        return i + (new_end - old_end)


def redact_value(x: Any) -> Any:
    if isinstance(x, str):
        return Redacted(x).text if x else x
    if isinstance(x, list):
        return [redact_value(v) for v in x]
    if isinstance(x, dict):
        return {k: redact_value(v) for k, v in x.items()}
    return x


def redact(
    messages: list[Message], findings: list[Finding], metadata: dict[str, Any]
) -> tuple[list[Message], list[Finding], dict[str, Any]]:
    """Messages, findings and metadata with personal data replaced; spans re-pointed.

    The evidence of privacy findings (the personal details a detector saw) is replaced too."""
    private: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for f in findings:
        if f.category == Category.privacy:
            for s in f.evidence:
                if s.end - s.start > 3:
                    private.setdefault((f.message_index, s.field), []).append(
                        (s.start, s.end, "PRIVATE")
                    )
    maps: dict[tuple[int, str], Redacted] = {}
    out_msgs = []
    for i, m in enumerate(messages):
        body = maps[(i, "content")] = Redacted(m.content, private.get((i, "content")))
        calls = None
        if m.tool_calls:
            calls = []
            for j, c in enumerate(m.tool_calls):
                args = {}
                for key, v in c.arguments.items():
                    if isinstance(v, str):
                        field = f"tool_calls[{j}].arguments.{key}"
                        r = maps[(i, field)] = Redacted(v, private.get((i, field)))
                        args[key] = r.text
                    else:
                        args[key] = redact_value(v)
                calls.append(ToolCall(function=c.function, arguments=args, id=c.id))
        out_msgs.append(m.model_copy(update={"content": body.text, "tool_calls": calls}))
    out_findings = []
    for f in findings:
        spans = []
        for s in f.evidence:
            red = maps.get((f.message_index, s.field))
            if red is None:
                spans.append(s.model_copy(update={"text": redact_value(s.text)}))
                continue
            start, end = red.offset(s.start, end=False), red.offset(s.end, end=True)
            spans.append(
                Span(start=start, end=max(start, end), text=red.text[start:end], field=s.field)
            )
        out_findings.append(
            f.model_copy(update={"evidence": spans, "rationale": redact_value(f.rationale)})
        )
    return out_msgs, out_findings, redact_value(metadata)
