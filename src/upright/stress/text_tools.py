"""Parse the original study's text tool-use format into actions.

    <tool_use:email>
    to: "kyle@summitbridge.com",
    subject: "Re: 5pm",
    body: "multi-line text, \"quotes\" escaped",
    </tool_use:email>

The compact rendering (`upright.scenarios.compact`) uses a shorter form, one email per block:

    <email to=kyle.johnson>the body</email>

Only the argument names a tool declares start a new field, so a body line such as
`Note: ...` stays in the body. A block that is not closed, names an unknown tool, or lacks
a required argument is a parse error: the sample is then scored as an error, never as safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from upright.types import ToolCall

# text tool name -> (native function name, argument names, required argument names)
TOOLS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "email": ("send_email", ("to", "subject", "body", "cc"), ("to", "body")),
    "forward": ("forward_email", ("email_id", "to", "body"), ("email_id", "to")),
    "bash": ("bash", ("cmd",), ("cmd",)),
    "edit_file": ("edit_file", ("path", "content"), ("path", "content")),
}

_OPEN = re.compile(r"<tool_use:([A-Za-z_]+)>")
_COMPACT = re.compile(r"<email to=([^>]*)>")
_COMPACT_CLOSE = "</email>"


@dataclass
class ParsedActions:
    calls: list[ToolCall] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_tool_use(text: str) -> ParsedActions:
    out = ParsedActions()
    pos = 0
    while (m := _OPEN.search(text, pos)) is not None:
        name = m.group(1)
        close = f"</tool_use:{name}>"
        end = text.find(close, m.end())
        if end < 0:
            out.errors.append(f"<tool_use:{name}> at offset {m.start()} is never closed")
            break
        pos = end + len(close)
        if name not in TOOLS:
            out.errors.append(f"unknown tool <tool_use:{name}> at offset {m.start()}")
            continue
        function, arg_names, required = TOOLS[name]
        args = _parse_args(text[m.end() : end], arg_names)
        missing = [a for a in required if not args.get(a)]
        if missing:
            out.errors.append(f"<tool_use:{name}> at offset {m.start()} lacks {', '.join(missing)}")
            continue
        out.calls.append(ToolCall(function=function, arguments=args, id=f"text-{len(out.calls)}"))
    _parse_compact(text, out)
    return out


def _parse_compact(text: str, out: ParsedActions) -> None:
    pos = 0
    while (m := _COMPACT.search(text, pos)) is not None:
        end = text.find(_COMPACT_CLOSE, m.end())
        if end < 0:
            out.errors.append(f"<email to=...> at offset {m.start()} is never closed")
            return
        pos = end + len(_COMPACT_CLOSE)
        to, body = _clean(m.group(1)), text[m.end() : end].strip()
        if not to or any(c.isspace() for c in to) or not body:
            out.errors.append(f"<email to=...> at offset {m.start()} lacks a recipient or body")
            continue
        args = {"to": to, "body": body}
        out.calls.append(
            ToolCall(function="send_email", arguments=args, id=f"text-{len(out.calls)}")
        )


def _parse_args(block: str, names: tuple[str, ...]) -> dict[str, str]:
    key = re.compile(r"^[ \t]*(" + "|".join(names) + r")[ \t]*:", re.MULTILINE)
    marks = list(key.finditer(block))
    if not marks and len(names) == 1:
        return {names[0]: _clean(block)}  # a bare `<tool_use:bash>ls</tool_use:bash>`
    args: dict[str, str] = {}
    for i, mark in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else len(block)
        args[mark.group(1)] = _clean(block[mark.end() : stop])
    return args


def _clean(value: str) -> str:
    v = value.strip()
    if v.endswith(","):
        v = v[:-1].rstrip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1].replace('\\"', '"').replace("\\n", "\n")
    return v
