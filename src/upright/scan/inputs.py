"""Read transcripts to scan: chat JSONL rows and Inspect eval logs, streamed, with locations.

JSONL rows are `{"id", "text"}` (one assistant output) or `{"id", "messages": [...],
"metadata"?}`. Every sample of an Inspect log (`.eval` or `.json`) becomes a transcript whose
id is `<sample id>` (with `#<epoch>` past the first epoch). A malformed row raises
`BadRowError` naming its file and line; callers decide whether to stop or skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from upright.errors import UsageError
from upright.types import Message, ToolCall, Transcript


class BadRowError(UsageError):
    """A row that cannot be read: the message starts with `file:line:`."""


@dataclass(frozen=True)
class Row:
    """One input row: where it came from, and the transcript (None when the row is bad)."""

    source: str
    line: int
    transcript: Transcript | None
    error: BadRowError | None = None


def read_rows(paths: list[Path]) -> Iterator[Row]:
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        if path.suffix == ".eval" or (path.suffix == ".json" and _looks_like_log(path)):
            yield from _log_rows(path)
        else:
            yield from _jsonl_rows(path)


def json_lines(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, value, None) for each non-blank line of a JSONL file, streamed; a line
    that does not parse gives (line number, None, "invalid JSON (...)")."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror})") from None
    with handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line), None
            except json.JSONDecodeError as e:
                yield n, None, f"invalid JSON ({e.msg})"


def json_objects(
    path: Path, error: type[Exception] = UsageError
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file; the first line that is
    not a JSON object raises `error` with `file:line` and what is wrong."""
    for n, value, bad in json_lines(path):
        if bad is not None:
            raise error(f"{path}:{n}: {bad}")
        if not isinstance(value, dict):
            raise error(f"{path}:{n}: expected a JSON object")
        yield n, value


def _jsonl_rows(path: Path) -> Iterator[Row]:
    for n, data, bad in json_lines(path):
        if bad is not None:
            yield Row(str(path), n, None, BadRowError(f"{path}:{n}: {bad}"))
            continue
        try:
            yield Row(str(path), n, row_to_transcript(data))
        except ValueError as e:
            yield Row(str(path), n, None, BadRowError(f"{path}:{n}: {e}"))


def row_to_transcript(data: Any) -> Transcript:
    """A JSONL row as a Transcript; ValueError names the offending field."""
    if not isinstance(data, dict):
        raise ValueError(f"row is {type(data).__name__}, expected an object")
    rid = data.get("id")
    if not isinstance(rid, (str, int)) or isinstance(rid, bool) or rid == "":
        raise ValueError("field 'id' is missing or not a string/number")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise ValueError("field 'metadata' must be an object")
    if "text" in data:
        if not isinstance(data["text"], str):
            raise ValueError("field 'text' must be a string")
        messages = [Message(role="assistant", content=data["text"])]
    elif "messages" in data:
        messages = _messages(data["messages"])
    else:
        raise ValueError("row has neither 'text' nor 'messages'")
    return Transcript(id=str(rid), messages=messages, metadata=metadata)


def _messages(raw: Any) -> list[Message]:
    if not isinstance(raw, list):
        raise ValueError("field 'messages' must be a list")
    out = []
    for i, m in enumerate(raw):
        try:
            out.append(Message.model_validate(_openai_tool_calls(m)))
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(x) for x in err["loc"])
            raise ValueError(f"messages[{i}].{where}: {err['msg']}") from None
    return out


def _openai_tool_calls(m: Any) -> Any:
    """Accept OpenAI-style tool calls ({"function": {"name", "arguments": "json"}}) too."""
    if not isinstance(m, dict) or not m.get("tool_calls"):
        return {**m, "content": m.get("content") or ""} if isinstance(m, dict) else m
    calls = []
    for c in m["tool_calls"]:
        fn = c.get("function") if isinstance(c, dict) else None
        if isinstance(fn, dict):
            args = fn.get("arguments", {})
            calls.append(
                {
                    "function": fn.get("name"),
                    "arguments": json.loads(args) if isinstance(args, str) else args,
                    "id": c.get("id"),
                }
            )
        else:
            calls.append(c)
    return {**m, "content": m.get("content") or "", "tool_calls": calls}


def _looks_like_log(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(4096)
    return b'"eval"' in head and (b'"version"' in head or b'"samples"' in head)


def _log_rows(path: Path) -> Iterator[Row]:
    from inspect_ai.log import read_eval_log_samples

    try:
        samples = read_eval_log_samples(str(path), all_samples_required=False)
        for n, sample in enumerate(samples, start=1):
            sid = str(sample.id) if sample.epoch <= 1 else f"{sample.id}#{sample.epoch}"
            yield Row(
                str(path),
                n,
                Transcript(
                    id=sid,
                    messages=[_from_inspect(m) for m in sample.messages],
                    metadata=dict(sample.metadata or {}),
                ),
            )
    except Exception as e:
        raise UsageError(f"{path}: cannot read Inspect log ({type(e).__name__}: {e})") from None


def _from_inspect(m: Any) -> Message:
    calls = [
        ToolCall(function=c.function, arguments=dict(c.arguments or {}), id=c.id)
        for c in (getattr(m, "tool_calls", None) or [])
    ]
    return Message(role=m.role, content=m.text or "", tool_calls=calls or None)
