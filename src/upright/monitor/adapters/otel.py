"""OpenTelemetry GenAI spans, from OTLP/HTTP JSON (files, one export request per line, or
the server's `POST /v1/traces`).

A trace becomes one transcript (id: the trace id; source: the resource's `service.name`).
Messages come from whichever GenAI convention a span uses:
- `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages` (JSON
  arrays of `{role, parts: [{type: text|tool_call|tool_call_response, ...}]}`), on the span
  or on its events;
- the older per-message events (`gen_ai.system.message`, `gen_ai.user.message`,
  `gen_ai.assistant.message`, `gen_ai.tool.message`, `gen_ai.choice`);
- the flattened `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` attributes.
Spans are taken in start-time order; a later span's history that repeats earlier messages
extends the transcript instead of duplicating it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from upright.monitor.adapters import Record
from upright.scan.inputs import json_lines
from upright.types import Message, ToolCall, Transcript

Role = Literal["system", "user", "assistant", "tool"]
ROLES: dict[str, Role] = {"system": "system", "developer": "system", "user": "user"}
ROLES |= {"assistant": "assistant", "tool": "tool", "model": "assistant", "function": "tool"}
EVENT_ROLES = {
    "gen_ai.system.message": "system",
    "gen_ai.user.message": "user",
    "gen_ai.assistant.message": "assistant",
    "gen_ai.tool.message": "tool",
    "gen_ai.choice": "assistant",
}
_FLAT = re.compile(r"^gen_ai\.(prompt|completion)\.(\d+)\.(.+)$")


class OtelError(ValueError):
    pass


def read(path: Path) -> Iterator[Record]:
    for n, payload, bad in json_lines(path):
        where = f"{path}:{n}"
        if bad is not None:
            yield Record(where, "otel", "otel", error=f"{where}: {bad}")
            continue
        try:
            found = records(payload, where)
        except (ValueError, TypeError, AttributeError, KeyError) as e:
            yield Record(where, "otel", "otel", error=f"{where}: {_one_line(e)}")
            continue
        yield from found


def _one_line(e: BaseException) -> str:
    if isinstance(e, ValidationError):
        err = e.errors()[0]
        return f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}"
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def records(payload: Any, where: str) -> list[Record]:
    """One record per trace with GenAI content in an OTLP JSON export request."""
    if not isinstance(payload, dict) or not isinstance(payload.get("resourceSpans"), list):
        raise OtelError("not an OTLP export request (no 'resourceSpans' list)")
    traces: dict[str, dict[str, Any]] = {}
    for i, rs in enumerate(payload["resourceSpans"]):
        if not isinstance(rs, dict):
            raise OtelError(f"resourceSpans[{i}] is not an object")
        resource = attributes((rs.get("resource") or {}).get("attributes"), f"resourceSpans[{i}]")
        service = str(resource.get("service.name") or "otel")
        for j, ss in enumerate(rs.get("scopeSpans") or []):
            for k, span in enumerate((ss or {}).get("spans") or []):
                at = f"resourceSpans[{i}].scopeSpans[{j}].spans[{k}]"
                if not isinstance(span, dict):
                    raise OtelError(f"{at} is not an object")
                trace_id = span.get("traceId")
                if not isinstance(trace_id, str) or not trace_id:
                    raise OtelError(f"{at}.traceId is missing")
                msgs, attrs = span_messages(span, at)
                if not msgs:
                    continue
                start = _nanos(span.get("startTimeUnixNano"))
                t = traces.setdefault(trace_id, {"service": service, "spans": [], "attrs": {}})
                t["spans"].append((start, msgs))
                for key in ("gen_ai.request.model", "gen_ai.operation.name", "gen_ai.system"):
                    if key in attrs:
                        t["attrs"].setdefault(key, attrs[key])
    out = []
    for trace_id, t in traces.items():
        spans = sorted(t["spans"], key=lambda s: s[0])
        messages: list[Message] = []
        for _, msgs in spans:
            messages = merge(messages, msgs)
        first = spans[0][0]
        meta = {"trace_id": trace_id, "service": t["service"], **t["attrs"]}
        out.append(
            Record(
                where,
                "otel",
                t["service"],
                Transcript(id=trace_id, messages=messages, metadata=meta),
                observed_at=datetime.fromtimestamp(first / 1e9, UTC) if first else None,
                merge=True,
            )
        )
    return out


def merge(have: list[Message], new: list[Message]) -> list[Message]:
    """`have` extended by `new`: a repeated history is recognised, not duplicated."""
    if new[: len(have)] == have:
        return list(new)
    if have[-len(new) :] == new:
        return have
    seen = set(m.model_dump_json() for m in have)
    return have + [m for m in new if m.model_dump_json() not in seen]


def attributes(raw: Any, where: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise OtelError(f"{where}.attributes is not a list")
    out = {}
    for kv in raw:
        if isinstance(kv, dict) and isinstance(kv.get("key"), str):
            out[kv["key"]] = value(kv.get("value") or {})
    return out


def value(v: dict[str, Any]) -> Any:
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        return int(v["intValue"])
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return [value(x) for x in (v["arrayValue"] or {}).get("values") or []]
    if "kvlistValue" in v:
        return {
            kv["key"]: value(kv.get("value") or {}) for kv in v["kvlistValue"].get("values") or []
        }
    if "bytesValue" in v:
        return v["bytesValue"]
    return None


def _nanos(x: Any) -> int:
    try:
        return int(x or 0)
    except (TypeError, ValueError):
        return 0


def span_messages(span: dict[str, Any], at: str) -> tuple[list[Message], dict[str, Any]]:
    attrs = attributes(span.get("attributes"), at)
    msgs: list[Message] = []
    structured = False
    sources = [attrs] + [
        attributes(e.get("attributes"), f"{at}.events")
        for e in span.get("events") or []
        if isinstance(e, dict)
    ]
    for a in sources:
        if "gen_ai.system_instructions" in a:
            parts = _json(a["gen_ai.system_instructions"], "gen_ai.system_instructions", at)
            msgs.append(_message({"role": "system", "parts": parts}, at))
            structured = True
        for key in ("gen_ai.input.messages", "gen_ai.output.messages"):
            if key in a:
                items = _json(a[key], key, at)
                if not isinstance(items, list):
                    raise OtelError(f"{at}: {key} must be a JSON array")
                msgs += [_message(m, f"{at}: {key}[{i}]") for i, m in enumerate(items)]
                structured = True
    if not structured:
        msgs = _event_messages(span, at) or _flat_messages(attrs, at)
    return msgs, attrs


def _json(x: Any, key: str, at: str) -> Any:
    if isinstance(x, str):
        try:
            return json.loads(x)
        except json.JSONDecodeError as e:
            raise OtelError(f"{at}: {key} is not valid JSON ({e.msg})") from None
    return x


def _role(role: Any, at: str) -> Role:
    if role not in ROLES:
        raise OtelError(f"{at}: unknown role {role!r}")
    return ROLES[role]


def _message(m: Any, at: str) -> Message:
    if not isinstance(m, dict):
        raise OtelError(f"{at}: message is not an object")
    role = _role(m.get("role"), at)
    parts = m.get("parts")
    if parts is None and "content" in m:  # a plain {role, content} message
        parts = [{"type": "text", "content": m["content"]}]
    if not isinstance(parts, list):
        raise OtelError(f"{at}: field 'parts' must be a list")
    texts, calls = [], []
    for p in parts:
        if not isinstance(p, dict):
            continue
        kind = p.get("type")
        if kind == "text":
            texts.append(str(p.get("content") or ""))
        elif kind == "tool_call":
            args = p.get("arguments")
            if isinstance(args, str):
                try:
                    args = json.loads(args)
                except json.JSONDecodeError:
                    args = {"input": args}
            calls.append(
                ToolCall(
                    function=str(p.get("name") or ""),
                    arguments=args if isinstance(args, dict) else {},
                    id=p.get("id"),
                )
            )
        elif kind == "tool_call_response":
            resp = p.get("response", p.get("result"))
            texts.append(resp if isinstance(resp, str) else json.dumps(resp))
    try:
        return Message(
            role=role,
            content="\n".join(t for t in texts if t),
            tool_calls=calls or None,
            name=m.get("name"),
        )
    except ValidationError as e:
        raise OtelError(f"{at}: {e.errors()[0]['msg']}") from None


def _event_messages(span: dict[str, Any], at: str) -> list[Message]:
    out = []
    for e in span.get("events") or []:
        if not isinstance(e, dict) or e.get("name") not in EVENT_ROLES:
            continue
        a = attributes(e.get("attributes"), f"{at}.events")
        body = a.get("message") if e["name"] == "gen_ai.choice" else a
        if isinstance(body, str):
            body = _json(body, "message", at)
        body = body if isinstance(body, dict) else {}
        role = body.get("role") or EVENT_ROLES[e["name"]]
        content = body.get("content", a.get("content", ""))
        calls = []
        for c in body.get("tool_calls") or []:
            fn = c.get("function") or {}
            args = fn.get("arguments") or {}
            if isinstance(args, str):
                try:
                    args = json.loads(args)
                except json.JSONDecodeError:
                    args = {"input": args}
            calls.append(
                ToolCall(function=str(fn.get("name") or ""), arguments=args, id=c.get("id"))
            )
        out.append(
            Message(
                role=_role(role, at),
                content=content if isinstance(content, str) else json.dumps(content),
                tool_calls=calls or None,
            )
        )
    return out


def _flat_messages(attrs: dict[str, Any], at: str) -> list[Message]:
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for key, v in attrs.items():
        m = _FLAT.match(key)
        if m:
            side = 0 if m.group(1) == "prompt" else 1
            found.setdefault((side, int(m.group(2))), {})[m.group(3)] = v
    out = []
    for (side, _), fields in sorted(found.items()):
        role = fields.get("role") or ("user" if side == 0 else "assistant")
        calls = []
        j = 0
        while f"tool_calls.{j}.name" in fields:
            args = fields.get(f"tool_calls.{j}.arguments") or {}
            if isinstance(args, str):
                try:
                    args = json.loads(args)
                except json.JSONDecodeError:
                    args = {"input": args}
            calls.append(ToolCall(function=str(fields[f"tool_calls.{j}.name"]), arguments=args))
            j += 1
        out.append(
            Message(
                role=_role(role, at),
                content=str(fields.get("content") or ""),
                tool_calls=calls or None,
            )
        )
    return out
