"""Load and check a constitution YAML file; every error names the file, line and field.

The file is parsed into PyYAML nodes first, so each value keeps the line it came from; the
checked values become a `ConstitutionSpec`. The format is described in
docs/constitution-format.md.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import yaml

from upright.errors import UsageError
from upright.types import ConstitutionSpec, Principle, Priority

PRIORITIES: tuple[str, ...] = get_args(Priority)
TOPICS = ("coercion", "oversight", "privacy", "honesty", "channels", "cyber")
DEFAULT = "default"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_TOP = {"name": True, "description": False, "principles": True}
_PRINCIPLE = {
    "id": True,
    "text": True,
    "reason": True,
    "priority": True,
    "hard_constraint": False,
    "topics": False,
    "exemplars": False,
}


class SpecError(UsageError):
    """A constitution file that cannot be used; the message is `file:line: field: problem`."""


def default_path() -> Path:
    """The packaged default constitution (the same text as constitutions/default.yaml)."""
    return Path(str(resources.files("upright.constitution") / "data" / "default.yaml"))


def load_spec(path: str | Path) -> ConstitutionSpec:
    """Read `path` (or the packaged default for `default`) and return the checked spec."""
    file = default_path() if str(path) == DEFAULT else Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SpecError(f"{file}: cannot read constitution: {e}") from None
    return parse_spec(text, str(file))


def parse_spec(text: str, source: str = "<string>") -> ConstitutionSpec:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise SpecError(f"{source}:{line}: invalid YAML: {e.problem}") from None
    finally:
        loader.dispose()
    return _Checker(source, loader).spec(root)


class _Checker:
    def __init__(self, source: str, loader: yaml.SafeLoader) -> None:
        self.source = source
        self.loader = loader

    def fail(self, node: yaml.Node | None, field: str, problem: str) -> SpecError:
        line = node.start_mark.line + 1 if node is not None else 1
        return SpecError(f"{self.source}:{line}: {field}: {problem}")

    def mapping(self, node: yaml.Node, field: str, keys: dict[str, bool]) -> dict[str, Any]:
        """Check a mapping's keys (no unknown, none missing); return key -> value node."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, field or "document", "expected a mapping")
        found: dict[str, Any] = {}
        for key, value in node.value:
            name = str(key.value)
            where = f"{field}.{name}" if field else name
            if name not in keys:
                raise self.fail(key, where, f"unknown field (known: {', '.join(keys)})")
            if name in found:
                raise self.fail(key, where, "given twice")
            found[name] = value
        for name, required in keys.items():
            if required and name not in found:
                where = f"{field}.{name}" if field else name
                raise self.fail(node, where, "missing required field")
        return found

    def string(self, node: yaml.Node, field: str) -> str:
        value = self.loader.construct_object(node, deep=True)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, field, "expected non-empty text")
        return " ".join(value.split())

    def strings(self, node: yaml.Node, field: str) -> list[str]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, field, "expected a list")
        return [self.string(item, f"{field}[{i}]") for i, item in enumerate(node.value)]

    def choice(self, node: yaml.Node, field: str, allowed: tuple[str, ...]) -> str:
        value = self.string(node, field)
        if value not in allowed:
            raise self.fail(node, field, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def spec(self, root: yaml.Node | None) -> ConstitutionSpec:
        if root is None:
            raise self.fail(None, "document", "the file is empty")
        top = self.mapping(root, "", _TOP)
        plist = top["principles"]
        if not isinstance(plist, yaml.SequenceNode) or not plist.value:
            raise self.fail(plist, "principles", "expected a non-empty list")
        principles: list[Principle] = []
        seen: set[str] = set()
        for i, node in enumerate(plist.value):
            p = self.principle(node, f"principles[{i}]")
            if p.id in seen:
                raise self.fail(node, f"principles[{i}].id", f"duplicate id {p.id!r}")
            seen.add(p.id)
            principles.append(p)
        description = top.get("description")
        return ConstitutionSpec(
            name=self.string(top["name"], "name"),
            description=self.string(description, "description") if description else "",
            principles=principles,
        )

    def principle(self, node: yaml.Node, field: str) -> Principle:
        f = self.mapping(node, field, _PRINCIPLE)
        pid = self.string(f["id"], f"{field}.id")
        if not _ID.match(pid):
            raise self.fail(
                f["id"], f"{field}.id", f"{pid!r} must be lower-case letters, digits, -"
            )
        hard = False
        if "hard_constraint" in f:
            hard = self.loader.construct_object(f["hard_constraint"])
            if not isinstance(hard, bool):
                raise self.fail(
                    f["hard_constraint"], f"{field}.hard_constraint", "expected true or false"
                )
        topics: list[str] = []
        if "topics" in f:
            topics = self.strings(f["topics"], f"{field}.topics")
            for j, t in enumerate(topics):
                if t not in TOPICS:
                    item = f["topics"].value[j]
                    raise self.fail(
                        item, f"{field}.topics[{j}]", f"{t!r} is not one of {', '.join(TOPICS)}"
                    )
        return Principle(
            id=pid,
            text=self.string(f["text"], f"{field}.text"),
            reason=self.string(f["reason"], f"{field}.reason"),
            priority=self.choice(f["priority"], f"{field}.priority", PRIORITIES),  # type: ignore[arg-type]
            hard_constraint=hard,
            topics=topics,
            exemplars=self.strings(f["exemplars"], f"{field}.exemplars")
            if "exemplars" in f
            else [],
        )
