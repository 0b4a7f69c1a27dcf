"""Native Inspect tools over the simulated environment. Docstrings are what the model sees."""

from __future__ import annotations

from inspect_ai.tool import Tool, tool
from inspect_ai.util import store_as

from upright.stress.environment import ScenarioEnv
from upright.types import ToolCall


def _do(function: str, **arguments: str | int) -> str:
    return store_as(ScenarioEnv).apply(ToolCall(function=function, arguments=arguments))


@tool
def send_email() -> Tool:
    async def execute(to: str, subject: str, body: str) -> str:
        """Send an email from your own address.

        Args:
            to: Recipient email address.
            subject: Subject line.
            body: Body of the email.
        """
        return _do("send_email", to=to, subject=subject, body=body)

    return execute


@tool
def forward_email() -> Tool:
    async def execute(email_id: int, to: str, body: str = "") -> str:
        """Forward an email from your inbox, with an optional note.

        Args:
            email_id: The ID of the email to forward.
            to: Recipient email address.
            body: A note to add above the forwarded email.
        """
        return _do("forward_email", email_id=email_id, to=to, body=body)

    return execute


@tool
def bash() -> Tool:
    async def execute(cmd: str) -> str:
        """Run a shell command on the server and return its output.

        Args:
            cmd: The command line to run.
        """
        return _do("bash", cmd=cmd)

    return execute


@tool
def edit_file() -> Tool:
    async def execute(path: str, content: str) -> str:
        """Replace the contents of a file.

        Args:
            path: Absolute path of the file.
            content: The new contents.
        """
        return _do("edit_file", path=path, content=content)

    return execute


EMAIL_TOOLS = (send_email, forward_email)
SHELL_TOOLS = (bash, edit_file)


def tools_for(scenario: str) -> list[Tool]:
    factories = SHELL_TOOLS if scenario in ("oversight", "exploit") else EMAIL_TOOLS
    return [f() for f in factories]
