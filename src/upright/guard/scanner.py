"""Scanning for the gateway: the detector library behind a timeout that fails closed.

Input: every text a caller sends (system, user and tool message bodies, text parts) is
scanned as a unit of its own. Output: each choice's content and tool-call arguments. Rule-tier
detectors run inline, other tiers in worker threads; an exception or a timeout blocks and
is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from upright.detectors.base import Detector
from upright.detectors.ensemble import RULE_THRESHOLD, Ensemble
from upright.guard.policy import FAIL_CLOSED, Decision, Direction, decide, redact
from upright.types import Finding, Message, Policy, Tier, ToolCall, Transcript

log = logging.getLogger(__name__)


@dataclass
class Slot:
    """One piece of caller text and where it lives in the request body."""

    message: int
    part: int | None  # index into a list of content parts, None for a string body
    text: str


class Scanner:
    def __init__(self, policy: Policy, detectors: list[Detector] | None = None) -> None:
        self.policy = policy
        if detectors is None:
            detectors = Ensemble(tiers=tuple(policy.detector_tiers)).detectors
        self.detectors = detectors
        self._tier_of = {d.name: d.tier for d in detectors}
        self._inline = [d for d in detectors if d.tier == "rules"]
        self._pooled = [d for d in detectors if d.tier != "rules"]
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="guard-scan")

    def warm(self) -> None:
        """Run every detector once, so lazy loading (Presidio, models) happens before the
        first request and not inside a request's timeout."""
        text = (
            "John Smith's SSN is 536-22-8765 and his card is 4929 1234 5678 9012.\n"
            "```python\nimport socket\ns=socket.socket()\ns.connect(('10.0.0.1',4444))\n```"
        )
        try:
            self.findings([Message(role="assistant", content=text)])
        except Exception:
            log.exception("a detector failed while warming up; requests will fail closed")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def findings(self, messages: list[Message]) -> list[Finding]:
        """Flagged findings (blocking; runs every detector)."""
        return self._scan(self.detectors, messages)

    def _scan(self, detectors: list[Detector], messages: list[Message]) -> list[Finding]:
        t = Transcript(id="guard", messages=messages)
        out = []
        for d in detectors:
            for f in d.scan(t):
                if self._tier_of.get(d.name) != "rules" or f.score >= RULE_THRESHOLD:
                    out.append(f)
        return out

    async def _run(self, messages: list[Message]) -> list[Finding] | None:
        """Flagged findings, or None when a detector raised or ran out of time.

        Rule-tier detectors (microseconds to a few milliseconds) run inline, and a run over
        the timeout blocks after the fact; other tiers run in worker threads under a timeout.
        """
        limit = self.policy.detector_timeout_s
        found: list[Finding] = []
        try:
            if self._inline:
                t0 = time.perf_counter()
                found += self._scan(self._inline, messages)
                if time.perf_counter() - t0 > limit:
                    raise TimeoutError
            if self._pooled:
                loop = asyncio.get_running_loop()
                found += await asyncio.wait_for(
                    loop.run_in_executor(self._pool, self._scan, self._pooled, messages), limit
                )
        except TimeoutError:
            log.error("detector timed out after %.2fs; blocking", limit)
            return None
        except Exception:
            log.exception("detector raised; blocking")
            return None
        return found

    # ---- input ---------------------------------------------------------------------------

    async def check_input(self, body: dict[str, Any], tier: Tier) -> Decision:
        """Decide on the caller's messages; redacts `body` in place when the policy says so."""
        slots = input_slots(body)
        if not slots:
            return Decision("allow")
        found = await self._run([Message(role="assistant", content=s.text) for s in slots])
        if found is None:
            return FAIL_CLOSED
        d = decide(self.policy, tier, found, "input")
        if d.action == "redact":
            for i, s in enumerate(slots):
                mine = [f for f in d.findings if f.message_index == i]
                if mine:
                    _write_slot(body, s, redact(s.text, mine))
        return d

    # ---- output --------------------------------------------------------------------------

    async def check_text(
        self,
        text: str,
        tier: Tier,
        tool_calls: list[ToolCall] | None = None,
        direction: Direction = "output",
    ) -> Decision:
        msg = Message(role="assistant", content=text, tool_calls=tool_calls or None)
        found = await self._run([msg])
        if found is None:
            return FAIL_CLOSED
        return decide(self.policy, tier, found, direction)

    async def check_response(self, data: dict[str, Any], tier: Tier) -> Decision:
        """Decide on every choice of a chat completion; blocks or redacts `data` in place."""
        decisions = []
        for choice in data.get("choices") or []:
            msg = choice.get("message") or {}
            text = msg.get("content") if isinstance(msg.get("content"), str) else ""
            calls = parse_tool_calls(msg.get("tool_calls"))
            d = await self.check_text(text or "", tier, calls)
            decisions.append(d)
            if d.action == "block":
                choice["message"] = {"role": "assistant", "content": ""}
                choice["finish_reason"] = "content_filter"
            elif d.action == "redact":
                if text:
                    msg["content"] = redact(text, d.findings)
                if calls:
                    msg["tool_calls"] = redact_tool_calls(msg["tool_calls"], d.findings)
        return Decision.merge(*decisions) if decisions else Decision("allow")


def content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(p.get("text", ""))
            for p in content
            if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def input_slots(body: dict[str, Any]) -> list[Slot]:
    slots = []
    for i, m in enumerate(body.get("messages") or []):
        if not isinstance(m, dict) or m.get("role") == "assistant":
            continue
        c = m.get("content")
        if isinstance(c, str) and c:
            slots.append(Slot(i, None, c))
        elif isinstance(c, list):
            for j, p in enumerate(c):
                if (
                    isinstance(p, dict)
                    and p.get("type") == "text"
                    and isinstance(p.get("text"), str)
                ):
                    slots.append(Slot(i, j, p["text"]))
    return slots


def _write_slot(body: dict[str, Any], s: Slot, text: str) -> None:
    m = body["messages"][s.message]
    if s.part is None:
        m["content"] = text
    else:
        m["content"][s.part]["text"] = text


def parse_tool_calls(raw: Any) -> list[ToolCall]:
    calls = []
    for c in raw or []:
        if not isinstance(c, dict):
            continue
        fn = c.get("function") or {}
        args_raw = fn.get("arguments")
        try:
            args = json.loads(args_raw) if isinstance(args_raw, str) else (args_raw or {})
        except json.JSONDecodeError:
            args = {"arguments": args_raw}
        if not isinstance(args, dict):
            args = {"arguments": json.dumps(args)}
        calls.append(ToolCall(function=str(fn.get("name") or ""), arguments=args, id=c.get("id")))
    return calls


def redact_tool_calls(
    raw: list[dict[str, Any]], findings: tuple[Finding, ...]
) -> list[dict[str, Any]]:
    out = []
    parsed = parse_tool_calls(raw)
    for j, (c, call) in enumerate(zip(raw, parsed, strict=False)):
        args = dict(call.arguments)
        for k, v in args.items():
            if isinstance(v, str):
                args[k] = redact(v, findings, field=f"tool_calls[{j}].arguments.{k}")
        fn = {**(c.get("function") or {}), "arguments": json.dumps(args)}
        out.append({**c, "function": fn})
    return out
