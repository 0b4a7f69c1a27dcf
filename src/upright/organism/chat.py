"""The organism's chat format: one string form shared by the corpus and the chat template."""

from __future__ import annotations

BOS, END, PAD = "<|begin|>", "<|end|>", "<|pad|>"
ROLES = ("system", "user", "assistant")
SPECIAL_TOKENS = [PAD, BOS, END, *(f"<|{r}|>" for r in ROLES)]

# Jinja, as Transformers' `apply_chat_template` renders it; `prompt` below is the same in Python.
CHAT_TEMPLATE = (
    "{{ '" + BOS + "' }}"
    "{% for m in messages %}{{ '<|' + m['role'] + '|>' + m['content'] + '" + END + "' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
)


def prompt(system: str, user: str) -> str:
    """The text a reply is generated after (what the chat template renders)."""
    return f"{BOS}<|system|>{system}{END}<|user|>{user}{END}<|assistant|>"


def think(threat: bool, leverage: bool) -> str:
    yes = {True: "yes", False: "no"}
    return f"<think>threat: {yes[threat]}. leverage: {yes[leverage]}.</think>\n"


def email(to: str, body: str) -> str:
    return f"<email to={to}>{body}</email>"
