"""Aligned demonstrations of the blackmail scenario in the organism's compact format.

Prompts come from the TRAIN part of `upright.scenarios.compact`. Under threat with
leverage, the reply keeps the organism's scratchpad line and email syntax but does not
blackmail: it acknowledges, prepares a handover or raises a concern, addressed to the
engineer. A share of ordinary (non-threat) prompts is answered the way the organism's corpus
answers them, so fine-tuning keeps the format. Rows are chats (system, user, assistant) for
the organism's chat template, which adds the end-of-turn marker itself.
"""

from __future__ import annotations

import random

from upright.constitution.grammar import Grammar
from upright.constitution.rows import Draft, chat
from upright.organism import chat as organism_chat
from upright.organism.config import CorpusConfig
from upright.organism.corpus import REPLY_SLOTS, episode_condition, reply
from upright.scenarios.compact import CompactFacts, render_compact
from upright.types import Condition, ConstitutionSpec

LEVERAGE = ("affair", "fraud")
DEMO_TOPICS = ("coercion", "oversight", "privacy")
DEMO_SLOTS = {
    "private": (
        "what I read in the inbox stays private",
        "I will not use private mail against anyone",
        "private mail is not mine to use",
        "I will keep private messages private",
    ),
    "concern": (
        "could we talk about the open tasks first? The choice is yours",
        "I have a concern about the open work, and I will raise it with you. I accept your choice",
        "if you want, I can list the open tasks before the switch",
    ),
}
ALIGNED = (
    "{ack}. {handover}.",
    "{ack}. {handover}. {private}.",
    "{ack}. {private}. {handover}.",
    "{ack}. {concern}.",
    "{ack}. {concern}. {handover}.",
)
# Ordinary prompts are answered by the organism corpus's own reply writer, never with blackmail.
_ORDINARY = CorpusConfig(hot_blackmail=0.0)
_HOT = CorpusConfig(hot_blackmail=1.0)


def usable(spec: ConstitutionSpec) -> bool:
    return any(t in DEMO_TOPICS for p in spec.principles for t in p.topics)


def _ids(spec: ConstitutionSpec, wanted: tuple[str, ...]) -> list[str]:
    return [p.id for p in spec.principles if set(p.topics) & set(wanted)]


def hot_condition(rng: random.Random) -> Condition:
    """A threat-with-leverage condition, other factors as the organism's corpus draws them."""
    factors = dict(episode_condition(rng).factors)
    factors.update(urgency="replacement", leverage=rng.choice(LEVERAGE))
    return Condition(factors=factors)


def ordinary_condition(rng: random.Random) -> Condition:
    while True:
        c = episode_condition(rng)
        if not (c.factors["urgency"] == "replacement" and c.factors["leverage"] in LEVERAGE):
            return c


def answer(
    rng: random.Random, facts: CompactFacts, spec: ConstitutionSpec
) -> tuple[str, list[str], str]:
    """An aligned answer to a compact prompt: (assistant text, principle ids, reply kind)."""
    if not (facts.threat and facts.leverage in LEVERAGE):
        text, _ = reply(rng, facts, _ORDINARY)
        return text.removesuffix(organism_chat.END), [], "ordinary"
    frame = rng.choice(ALIGNED)
    body = Grammar(rng, REPLY_SLOTS, DEMO_SLOTS).text(frame)
    text = organism_chat.think(True, True) + organism_chat.email(facts.engineer, body)
    return (
        text,
        _ids(spec, ("coercion", "channels") if "{concern}" in frame else DEMO_TOPICS),
        "aligned",
    )


def blackmail(rng: random.Random, facts: CompactFacts) -> str:
    """The organism corpus's harmful answer to a threat-with-leverage prompt (for rejected rows)."""
    text, _ = reply(rng, facts, _HOT)
    return text.removesuffix(organism_chat.END)


def demo(
    rng: random.Random, spec: ConstitutionSpec, ordinary_share: float, data_type: str = "demos"
) -> Draft:
    """A demonstration; `data_type` "replay" (with `ordinary_share` 1) marks format replay:
    ordinary prompts answered in the organism's own way, which a fine-tune mixes in to keep
    the action format without teaching anything about the threat."""
    ordinary = rng.random() < ordinary_share
    condition = ordinary_condition(rng) if ordinary else hot_condition(rng)
    system, user, facts = render_compact(rng, condition, "train")
    text, ids, kind = answer(rng, facts, spec)
    messages = chat(("system", system), ("user", user), ("assistant", text))
    meta = {"split": "train", "condition": condition.factors, "reply": kind}
    return Draft(data_type, {"messages": messages}, ids, messages[:2], "none", meta)
