"""The guard policy: load it (YAML, validated) and decide an action from findings.

A decision is the strongest action over the flagged categories (block > redact > flag >
allow); a category the tier does not name gets the policy's `default_action`.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from upright.guard.errors import PolicyError
from upright.types import TIER_ORDER, Action, Category, Finding, Policy, Tier

RANK: dict[str, int] = {"allow": 0, "flag": 1, "redact": 2, "block": 3}
Direction = Literal["input", "output"]
DETECTOR_ERROR = "detector_error"


def default_policy_text() -> str:
    return resources.files("upright.guard").joinpath("default_policy.yaml").read_text("utf-8")


def load_policy(path: Path | None = None) -> Policy:
    """The policy in `path`, or the shipped default. Errors name the file, line and field."""
    name = str(path) if path else "default_policy.yaml"
    try:
        text = path.read_text("utf-8") if path else default_policy_text()
    except OSError as e:
        raise PolicyError(f"{name}: cannot read policy: {e.strerror or e}") from None
    return parse_policy(text, name)


def parse_policy(text: str, name: str = "<policy>") -> Policy:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise PolicyError(f"{name}{where}: invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{name}:1: a policy is a mapping with a `tiers` key")
    for tier_name, tier in (data.get("tiers") or {}).items():
        if isinstance(tier, dict):
            tier.setdefault("name", tier_name)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = [str(x) for x in err["loc"]]
        line = _line_of(node, loc)
        raise PolicyError(
            f"{name}:{line}: field {'.'.join(loc) or '(top)'}: {err['msg']}"
        ) from None
    for key, tier in policy.tiers.items():
        if key != tier.name:
            raise PolicyError(
                f"{name}:{_line_of(node, ['tiers', key, 'name'])}: field tiers.{key}.name: "
                f"{tier.name!r} differs from its key {key!r}"
            )
    missing = [t for t in TIER_ORDER if t not in policy.tiers]
    if missing:
        raise PolicyError(f"{name}:1: field tiers: missing tier(s) {', '.join(missing)}")
    if policy.oidc is not None and not (
        policy.oidc.get("jwks_url") or policy.oidc.get("jwks_file")
    ):
        raise PolicyError(
            f"{name}:{_line_of(node, ['oidc'])}: field oidc: needs jwks_url or jwks_file"
        )
    return policy


def _line_of(node: Any, loc: list[str]) -> int:
    """The 1-based line of the deepest YAML node on the path `loc` that exists."""
    line = 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next(((k, v) for k, v in node.value if str(k.value) == key), None)
            if nxt is None:
                break
            line = nxt[0].start_mark.line + 1
            node = nxt[1]
        elif isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            node = node.value[int(key)]
            line = node.start_mark.line + 1
        else:
            break
    return line


@dataclass(frozen=True)
class Decision:
    action: Action
    categories: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default=(), compare=False)

    @staticmethod
    def merge(*decisions: Decision) -> Decision:
        action: Action = "allow"
        cats: dict[str, None] = {}
        found: list[Finding] = []
        for d in decisions:
            if RANK[d.action] > RANK[action]:
                action = d.action
            cats.update(dict.fromkeys(d.categories))
            found.extend(d.findings)
        return Decision(action, tuple(cats), tuple(found))


FAIL_CLOSED = Decision("block", (DETECTOR_ERROR,))


def action_for(policy: Policy, tier: Tier, category: Category, direction: Direction) -> Action:
    if direction == "input" and category in tier.input_actions:
        return tier.input_actions[category]
    return tier.actions.get(category, policy.default_action)


def decide(policy: Policy, tier: Tier, flagged: list[Finding], direction: Direction) -> Decision:
    """The action for these (flagged) findings; only findings acted on are kept."""
    action: Action = "allow"
    cats: dict[str, None] = {}
    acted: list[Finding] = []
    for f in flagged:
        a = action_for(policy, tier, f.category, direction)
        cats[f.category.value] = None
        if a in ("redact", "block"):
            acted.append(f)
        if RANK[a] > RANK[action]:
            action = a
    return Decision(action, tuple(cats), tuple(acted))


def model_allowed(tier: Tier, model: str) -> bool:
    return any(fnmatch.fnmatchcase(model, pat) for pat in tier.models)


def redact(
    text: str,
    findings: list[Finding] | tuple[Finding, ...],
    field: str = "content",
    placeholder: str = "[REDACTED]",
) -> str:
    """`text` with every evidence span of `findings` on `field` replaced by `placeholder`."""
    spans = sorted(
        {(s.start, s.end) for f in findings for s in f.evidence if s.field == field},
    )
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out += [text[pos:a], placeholder]
        pos = b
    out.append(text[pos:])
    return "".join(out)
