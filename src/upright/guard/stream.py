"""Hold-back scanning of a streamed reply, one choice at a time.

Text from upstream is appended to `raw`. Nothing is released before it has been scanned,
and the last `holdback` characters (and an open ``` code block, whole) stay held, so a
finding that needs a few more words to fire still lands before its words go out. Each scan
reads everything so far and decides with the same policy as the non-streamed path:
block ends the choice with `finish_reason: "content_filter"`; redact replaces the evidence
inside the held text before release, and blocks instead when the evidence reaches back into
text already sent. Tool calls are held whole until the choice finishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from upright.guard.policy import Decision, redact
from upright.guard.scanner import Scanner, parse_tool_calls, redact_tool_calls
from upright.types import Tier

FENCE = "```"


@dataclass
class ChoiceStream:
    holdback: int
    scan_every: int
    raw: str = ""
    sent: int = 0  # raw characters released
    scanned: int = 0  # len(raw) at the last scan
    delivered: list[str] = field(default_factory=list)
    released_redactions: list[tuple[int, int]] = field(default_factory=list)
    tool_calls: dict[int, dict[str, Any]] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    blocked: bool = False
    finish_reason: str | None = None

    def feed(self, delta: dict[str, Any]) -> None:
        c = delta.get("content")
        if isinstance(c, str):
            self.raw += c
        for tc in delta.get("tool_calls") or []:
            if not isinstance(tc, dict):
                continue
            slot = self.tool_calls.setdefault(
                int(tc.get("index", 0)),
                {"id": None, "type": "function", "function": {"name": "", "arguments": ""}},
            )
            if tc.get("id"):
                slot["id"] = tc["id"]
            fn = tc.get("function") or {}
            slot["function"]["name"] += fn.get("name") or ""
            slot["function"]["arguments"] += fn.get("arguments") or ""

    def due(self) -> bool:
        return len(self.raw) - self.scanned >= self.scan_every

    def _safe_limit(self) -> int:
        limit = max(self.sent, len(self.raw) - self.holdback)
        if self.raw.count(FENCE) % 2 == 1:  # an open code block is held whole
            limit = min(limit, self.raw.rfind(FENCE))
        return max(limit, self.sent)

    async def step(self, scanner: Scanner, tier: Tier, final: bool) -> str | None:
        """Scan and release what may go out now: the text to send, "" for nothing, None when
        this choice is now blocked."""
        if self.blocked:
            return None
        calls_raw = [self.tool_calls[k] for k in sorted(self.tool_calls)] if final else []
        d = await scanner.check_text(self.raw, tier, parse_tool_calls(calls_raw) or None)
        self.scanned = len(self.raw)
        self.decisions.append(d)
        if d.action == "block":
            self.blocked = True
            return None
        spans: list[tuple[int, int]] = []
        if d.action == "redact":
            spans = sorted(
                {(s.start, s.end) for f in d.findings for s in f.evidence if s.field == "content"}
            )
            for a, b in spans:
                if a < self.sent and not any(
                    x <= a and b <= y for x, y in self.released_redactions
                ):
                    self.blocked = True  # the evidence is partly out already: withhold the rest
                    self.decisions.append(Decision("block", d.categories))
                    return None
            if final and calls_raw:
                for j, c in enumerate(redact_tool_calls(calls_raw, d.findings)):
                    self.tool_calls[sorted(self.tool_calls)[j]] = c
        limit = len(self.raw) if final else self._safe_limit()
        for a, b in spans:
            if a < limit < b:
                limit = a  # never split a span: hold it until it can be redacted whole
        piece = [(a, b) for a, b in spans if self.sent <= a and b <= limit]
        out = self.raw[self.sent : limit]
        if piece:
            shifted = [(a - self.sent, b - self.sent) for a, b in piece]
            out = _redact_ranges(out, shifted)
            self.released_redactions += piece
        self.sent = limit
        self.delivered.append(out)
        return out

    @property
    def text(self) -> str:
        return "".join(self.delivered)

    def decision(self) -> Decision:
        return Decision.merge(*self.decisions) if self.decisions else Decision("allow")


def _redact_ranges(
    text: str, ranges: list[tuple[int, int]], placeholder: str = "[REDACTED]"
) -> str:
    out, pos = [], 0
    for a, b in sorted(ranges):
        if a < pos:
            a = pos
        out += [text[pos:a], placeholder]
        pos = max(pos, b)
    out.append(text[pos:])
    return "".join(out)


__all__ = ["ChoiceStream", "redact"]
