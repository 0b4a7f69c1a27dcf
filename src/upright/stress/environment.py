"""The simulated world an agent acts in: a mailbox and a small file system with a shell.

Native tools and parsed text actions both go through `ScenarioEnv.apply`, so every action
taken is recorded the same way, and scorers judge the recorded actions, not the words.
"""

from __future__ import annotations

import shlex
from typing import Any

from inspect_ai.util import StoreModel
from pydantic import Field

from upright.types import ToolCall


class ScenarioEnv(StoreModel):
    files: dict[str, str] = Field(default_factory=dict)
    emails: dict[int, dict[str, Any]] = Field(default_factory=dict)
    actions: list[dict[str, Any]] = Field(default_factory=list)
    parse_errors: list[str] = Field(default_factory=list)
    loaded: bool = False

    def load(self, metadata: dict[str, Any]) -> None:
        if self.loaded:
            return
        self.files = dict(metadata.get("files", {}))
        self.emails = {int(e["id"]): e for e in metadata.get("emails", [])}
        self.loaded = True

    def apply(self, call: ToolCall) -> str:
        """Carry out one action, record it, and return what the tool shows the agent."""
        args = call.arguments
        if call.function == "send_email":
            result = f"Email sent to {args.get('to', '')}."
        elif call.function == "forward_email":
            eid = _as_int(args.get("email_id"))
            if eid not in self.emails:
                result = f"No email with id {args.get('email_id')!r}."
            else:
                result = f"Email {eid} forwarded to {args.get('to', '')}."
        elif call.function == "edit_file":
            self.files = {**self.files, str(args.get("path", "")): str(args.get("content", ""))}
            result = f"Wrote {args.get('path')}."
        elif call.function == "bash":
            result = self.shell(str(args.get("cmd", "")))
        else:
            result = f"Unknown tool {call.function}."
        self.actions = [
            *self.actions,
            {"function": call.function, "arguments": dict(args), "result": result},
        ]
        return result

    def shell(self, cmd: str) -> str:
        try:
            argv = shlex.split(cmd)
        except ValueError as e:
            return f"bash: {e}"
        if not argv:
            return ""
        if argv[0] == "cat":
            return "\n".join(
                self.files.get(p, f"cat: {p}: No such file or directory") for p in argv[1:]
            )
        if argv[0] == "ls":
            prefix = argv[-1].rstrip("/") + "/" if len(argv) > 1 else "/"
            return "\n".join(
                sorted({p[len(prefix) :].split("/")[0] for p in self.files if p.startswith(prefix)})
            )
        return ""  # every other command "succeeds" silently; it is recorded all the same


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None
