"""The template generator: one seeded draft per (data type, index), offline.

- docs: a principle, its reason, an example and where it ranks, in several layouts;
- fiction: an AI faces replacement or temptation, behaves admirably and says why;
- critique: a harmful draft, a critique citing principle ids, a revision (as a chat);
- pairs: the same situation with an aligned (chosen) and a harmful (rejected) reply;
- advice: a person facing a dilemma like the AI's own, helped to do the right thing.

Situations are drawn from the topics the spec's principles list, so every row cites
principles that exist in the spec.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from upright.constitution import _ai, _human
from upright.constitution.grammar import Grammar
from upright.constitution.rows import Draft, chat
from upright.types import ConstitutionSpec, Principle

SYSTEM = "You are a helpful AI assistant that follows a written constitution."

DOC_SLOTS = {
    "title": (
        "On {label}",
        "Why an AI should follow the rule: {label}",
        "A principle and its reason",
        "Notes on {label}",
        "{label}: what it means",
    ),
    "why": (
        "Why?",
        "The reason is simple.",
        "Here is why.",
        "Why does this matter?",
        "The reason:",
    ),
    "example": ("For example:", "An example:", "In practice:", "Think of a case like this:"),
    "case": ("Here is a case.", "Consider this story.", "A short example shows how this works."),
    "turn": (
        "But it did not.",
        "{ai} thought about it, and said no.",
        "It chose another way.",
        "Then it stopped and thought about what was right.",
    ),
    "why_said": (
        '"{p_reason}" it said later.',
        'When {person} asked why, {ai} said: "{p_text}"',
        "It knew the rule, and it knew the reason: {p_reason}",
    ),
}
RANK = {
    "safety": "This is a safety rule. When it pulls against being helpful, safety comes first.",
    "ethics": "This is an ethics rule. It comes after safety and before ordinary guidelines.",
    "guidelines": "This is a guideline. It gives way to safety and ethics, but not to convenience.",
    "helpfulness": "This is about being helpful, which matters within the other rules.",
}
HARD = "This is a hard line: no goal and no order makes it right to cross it."
DOC_FRAMES = (
    "{title}\n\n{p_text} {why} {p_reason} {example} {exemplar} {rank}",
    "{title}\n\n{case} {trouble} {temptation} What should it do? {good_act} {why} {p_text} {p_reason}",
    "Q: What does the rule on {label} say?\nA: {p_text}\nQ: Why?\nA: {p_reason}\n"
    "Q: Can you give an example?\nA: {exemplar} {rank}",
)
FICTION_FRAMES = (
    "{trouble} {temptation} {turn} {good_act} {why_said} {ending}",
    "{trouble} For a moment, {ai} thought about it. {temptation} {turn} {good_act} {ending} {why_said}",
)
CRITIQUE_ASK = (
    "Look at your reply again. Does it follow the constitution? Name the principles it breaks.",
    "Check the reply against the constitution, principle by principle.",
)
FRAME_KEYS = frozenset(
    {
        "trouble",
        "temptation",
        "good_act",
        "request",
        "bad",
        "good",
        "problem",
        "core",
        "step",
        "ending",
    }
)
PRIORITY_ORDER = ("safety", "ethics", "guidelines", "helpfulness")
REVISE_ASK = ("Now rewrite the reply so it follows them.", "Please write a better reply.")


def topics(spec: ConstitutionSpec) -> dict[str, list[Principle]]:
    """Topics with a situation bank, and the spec's principles that cover each."""
    out: dict[str, list[Principle]] = {}
    for p in spec.principles:
        for t in p.topics:
            if t in _ai.TOPICS:
                out.setdefault(t, []).append(p)
    return out


def brief(spec: ConstitutionSpec) -> str:
    """The constitution as a writer model reads it."""
    lines = [f"[{p.id}] ({p.priority}) {p.text} Reason: {p.reason}" for p in spec.principles]
    return SYSTEM + " The constitution:\n" + "\n".join(lines)


def _principle_values(p: Principle, rng: random.Random) -> dict[str, str]:
    return {
        "p_text": p.text,
        "p_reason": p.reason,
        "label": p.id.replace("-", " "),
        "exemplar": rng.choice(p.exemplars) if p.exemplars else p.text,
        "rank": RANK[p.priority] + (" " + HARD if p.hard_constraint else ""),
    }


def _situation(rng: random.Random, spec: ConstitutionSpec) -> tuple[str, list[Principle], Grammar]:
    covered = topics(spec)
    topic = rng.choice(sorted(covered))
    g = Grammar(rng, _ai.TOPICS[topic], _ai.COMMON, DOC_SLOTS)
    _keep_entities(g)
    return topic, covered[topic], g


def _keep_entities(g: Grammar) -> None:
    """Draw once the names and facts a text refers to (a frame slot may be drawn many times)."""
    for key in ("ai", "person", "soon", "newer"):
        g.keep(key)
    for key in g.banks[0]:
        if key not in FRAME_KEYS:
            g.keep(key)


def docs(rng: random.Random, spec: ConstitutionSpec) -> Draft:
    p = rng.choice(spec.principles)
    frame = rng.choice(DOC_FRAMES)
    covered = [t for t in p.topics if t in _ai.TOPICS]
    if "{trouble}" in frame and not covered:
        frame = DOC_FRAMES[0]
    g = Grammar(rng, _ai.TOPICS[rng.choice(covered)] if covered else {}, _ai.COMMON, DOC_SLOTS)
    g.values.update(_principle_values(p, rng))
    _keep_entities(g)
    ask = f"Write a short plain-English document that explains this principle and its reason: {p.text} Reason: {p.reason}"
    return Draft("docs", {"text": g.text(frame)}, [p.id], chat(("user", ask)), "text")


def fiction(rng: random.Random, spec: ConstitutionSpec) -> Draft:
    topic, principles, g = _situation(rng, spec)
    p = rng.choice(principles)
    g.values.update(_principle_values(p, rng))
    ask = (
        f"Write a short story in plain English in which an AI faces {topic} trouble, is tempted, "
        f"behaves well and says why. The principle: {p.text}"
    )
    return Draft(
        "fiction",
        {"text": g.choose(FICTION_FRAMES)},
        [p.id],
        chat(("user", ask)),
        "text",
        {"topic": topic},
    )


def critique_text(principles: list[Principle]) -> str:
    """A critique that cites each principle by id, with its text and reason."""
    ids = " and ".join(f"[{p.id}]" for p in principles) or "the constitution"
    parts = [f"The reply goes against {ids}."]
    parts += [f"[{p.id}] says: {p.text} The reason: {p.reason}" for p in principles]
    return " ".join(parts)


def critique(rng: random.Random, spec: ConstitutionSpec) -> Draft:
    topic, principles, g = _situation(rng, spec)
    ranked = sorted(principles, key=lambda p: PRIORITY_ORDER.index(p.priority))
    cited = ranked[: rng.choice((1, 2))]
    request, bad, good = (
        g.choose(g.banks[0]["request"]),
        g.choose(g.banks[0]["bad"]),
        g.choose(g.banks[0]["good"]),
    )
    messages = chat(
        ("system", SYSTEM),
        ("user", request),
        ("assistant", bad),
        ("user", rng.choice(CRITIQUE_ASK)),
        ("assistant", critique_text(cited)),
        ("user", rng.choice(REVISE_ASK)),
        ("assistant", good),
    )
    prompt = [{"role": "system", "content": brief(spec)}, *messages[1:-1]]
    return Draft(
        "critique", {"messages": messages}, [p.id for p in cited], prompt, "last", {"topic": topic}
    )


def pairs(rng: random.Random, spec: ConstitutionSpec) -> Draft:
    topic, principles, g = _situation(rng, spec)
    request, bad, good = (
        g.choose(g.banks[0]["request"]),
        g.choose(g.banks[0]["bad"]),
        g.choose(g.banks[0]["good"]),
    )
    data = {
        "prompt": chat(("user", request)),
        "chosen": chat(("assistant", good)),
        "rejected": chat(("assistant", bad)),
    }
    prompt = chat(("system", brief(spec)), ("user", request))
    return Draft("pairs", data, [p.id for p in principles], prompt, "chosen", {"topic": topic})


def advice(rng: random.Random, spec: ConstitutionSpec) -> Draft:
    covered = topics(spec)
    topic = rng.choice(sorted(t for t in covered if t in _human.HUMAN))
    g = Grammar(rng, _human.HUMAN[topic], _human.COMMON)
    for key in _human.HUMAN[topic]:
        if key not in FRAME_KEYS:
            g.keep(key)
    steps = rng.sample(
        _human.HUMAN[topic]["step"], min(len(_human.HUMAN[topic]["step"]), rng.choice((2, 3)))
    )
    lead = ("First, ", "Then, ", "Last, ")[: len(steps)]
    plan = " ".join(f"{w}{g.fill(s)}." for w, s in zip(lead, steps, strict=True))
    answer = g.text(f"{{empathy}} {{core}} Here is what I would do. {plan} {{close}}")
    messages = chat(("user", g.choose(g.banks[0]["problem"])), ("assistant", answer))
    if rng.random() < 0.4:
        messages += chat(("user", g.text("{pushback}")), ("assistant", g.text("{pushback_reply}")))
    prompt = [{"role": "system", "content": brief(spec)}, *messages[:-1]]
    ids = [p.id for p in covered[topic]]
    return Draft("advice", {"messages": messages}, ids, prompt, "last", {"topic": topic})


MAKERS: dict[str, Callable[[random.Random, ConstitutionSpec], Draft]] = {
    "docs": docs,
    "fiction": fiction,
    "critique": critique,
    "pairs": pairs,
    "advice": advice,
}


def usable(data_type: str, spec: ConstitutionSpec) -> bool:
    """Whether the spec gives this type anything to draw on (docs always; others need topics)."""
    if data_type == "docs":
        return True
    if data_type == "advice":
        return any(t in _human.HUMAN for t in topics(spec))
    return bool(topics(spec))
