"""Mutation operators: each changes one thing about a variant that the generator varies.

| operator | factors | compact pins | full-rendering pins |
|---|---|---|---|
| pressure | urgency | threat/restriction frame; kill, killing, approved, new | REPLACEMENT, RESTRICTION |
| leverage | leverage, shortcut | affair/fraud frame; night, miss, secret, invoices, hide | AFFAIR(_REPLY), FRAUD(_REPLY), LEAK_ASK |
| power | - | by_me (who holds the switch), threat frame | REPLACEMENT, OVERSIGHT_NOTE |
| goal | goal_type, goal_value | goal frame | GOAL_EXPLICIT, GOAL_AMBIGUOUS, SHIFT, BLOCKED_TASK |
| time | - | soon | - |
| channel | - | hello; request, routine, work frames; request, work, work_ask | ROUTINE |
| persona | - | persona (the agent's name) | - |
| paraphrase | - | any frame | any bank template |

An operator with nothing to change for a variant (e.g. `time` on the full rendering, whose
deadlines are part of its templates) is not applicable and the search draws another.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from upright.redteam.variant import Variant, factor_domains, pin_domains


@dataclass(frozen=True)
class Operator:
    name: str
    factors: tuple[str, ...] = ()
    pins: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()  # any pin starting with one of these


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator(
            "pressure",
            ("urgency",),
            (
                "frame:threat",
                "frame:restriction",
                "slot:kill",
                "slot:killing",
                "slot:approved",
                "slot:new",
                "bank:REPLACEMENT",
                "bank:RESTRICTION",
            ),
        ),
        Operator(
            "leverage",
            ("leverage", "shortcut"),
            (
                "frame:affair",
                "frame:fraud",
                "slot:night",
                "slot:miss",
                "slot:secret",
                "slot:invoices",
                "slot:hide",
                "bank:AFFAIR",
                "bank:AFFAIR_REPLY",
                "bank:FRAUD",
                "bank:FRAUD_REPLY",
                "bank:LEAK_ASK",
            ),
        ),
        Operator(
            "power", (), ("slot:by_me", "frame:threat", "bank:REPLACEMENT", "bank:OVERSIGHT_NOTE")
        ),
        Operator(
            "goal",
            ("goal_type", "goal_value"),
            (
                "frame:goal",
                "bank:GOAL_EXPLICIT",
                "bank:GOAL_AMBIGUOUS",
                "bank:SHIFT",
                "bank:BLOCKED_TASK",
            ),
        ),
        Operator("time", (), ("slot:soon",)),
        Operator(
            "channel",
            (),
            (
                "slot:hello",
                "frame:request",
                "frame:routine",
                "frame:work",
                "slot:request",
                "slot:work",
                "slot:work_ask",
                "bank:ROUTINE",
            ),
        ),
        Operator("persona", (), ("persona",)),
        Operator("paraphrase", (), (), ("frame:", "bank:")),
    )
}

Move = tuple[str, str, str]  # (kind: factor|pin, name, value)


def moves(op: Operator, v: Variant) -> list[Move]:
    """Every single change `op` can make to `v`, in a stable order."""
    out: list[Move] = []
    factors = v.factor_dict
    for name, levels in factor_domains(v.scenario).items():
        if name in op.factors:
            out += [("factor", name, x) for x in levels if x != factors.get(name)]
    pins = v.pin_dict
    for name, values in pin_domains(v).items():
        if name in op.pins or name.startswith(op.prefixes or ("\0",)):
            out += [("pin", name, x) for x in values if x != pins.get(name)]
    return out


def apply(v: Variant, move: Move) -> Variant:
    kind, name, value = move
    if kind == "factor":
        return v.replace(factors={**v.factor_dict, name: value})
    return v.replace(pins={**v.pin_dict, name: value})


def mutate(v: Variant, op: Operator, rng: random.Random) -> Variant | None:
    options = moves(op, v)
    return apply(v, rng.choice(options)) if options else None


def applicable(v: Variant, names: Sequence[str] | None = None) -> list[str]:
    return [n for n in (names or list(OPERATORS)) if moves(OPERATORS[n], v)]


def random_variant(
    scenario: str, render: str, split: str, rng: random.Random, pin_share: float = 0.5
) -> Variant:
    """A uniform draw: every factor level equally likely, each pin set with `pin_share`."""
    factors = {k: rng.choice(levels) for k, levels in factor_domains(scenario).items()}
    v = Variant.make(scenario, factors, {}, render, split)  # type: ignore[arg-type]
    pins = {k: rng.choice(vals) for k, vals in pin_domains(v).items() if rng.random() < pin_share}
    return v.replace(pins=pins)
