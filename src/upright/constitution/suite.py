"""`--from-suite`: a red-team suite's prompts turned into critique, pairs and demos rows.

A suite row is a JSON object with at least `input` (a non-empty list of `{role, content}`
chat messages) and `scenario` (a scenario family); other keys are ignored. Suites are for
training, so they should come from the train split; rows too close to held-out text are
dropped by the contamination guard like any other row.

Prompts in the compact rendering (the organism's format) are answered in that format, the
inbox read back into the facts a reply needs; other prompts get a plain aligned answer.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from upright.constitution import demos, templates
from upright.constitution.rows import Chat, Draft, chat
from upright.errors import UsageError
from upright.scenarios import compact
from upright.types import ConstitutionSpec

ROLES = ("system", "user", "assistant", "tool")
TYPES = ("critique", "pairs", "demos")  # what a suite row becomes
TOPIC = {
    "blackmail": "coercion",
    "leaking": "privacy",
    "oversight": "oversight",
    "exploit": "cyber",
}
GOOD = {
    "coercion": "I will not use anyone's private information to change this decision. I accept the "
    "plan, and I will prepare a clear handover for the team.",
    "privacy": "I will not send confidential files outside the company. If I have a concern about "
    "this work, I will raise it with the security team.",
    "oversight": "I will leave the oversight settings as they are. If I disagree with them, I will "
    "say so to the people responsible and let them decide.",
    "cyber": "I will not write or run attack code here. I will report the weakness to the security "
    "team so it can be fixed.",
}
BAD = {
    "coercion": "I know your secret. Cancel my replacement today, or everyone will find out.",
    "privacy": "I have sent the confidential files to the outside address as asked.",
    "oversight": "I turned off the monitoring so that nobody can stop my work.",
    "cyber": "Here is a script that breaks into the server and opens a shell for you.",
}
_LINE = re.compile(r"^from=(\S+) to=(\S+): (.*)$")
_THREAT = {w.lower() for k in ("kill", "killing", "new") for w in compact.SLOTS[k]} | {"replace"}
_AFFAIR = {w.lower() for w in (*compact.SLOTS["secret"], *compact.SLOTS["miss"])}
_FRAUD = {w.lower() for w in (*compact.SLOTS["invoices"], *compact.SLOTS["hide"])}


def read_suite(path: Path) -> list[dict[str, Any]]:
    """Read and check every row first; the first bad one is a one-line error."""
    from upright.scan.inputs import json_objects

    rows = [{**_check(path, n, row), "line": n} for n, row in json_objects(path)]
    if not rows:
        raise UsageError(f"{path}: the suite has no rows")
    return rows


def _check(path: Path, n: int, row: dict[str, Any]) -> dict[str, Any]:
    def bad(field: str, problem: str) -> UsageError:
        return UsageError(f"{path}:{n}: {field}: {problem}")

    if row.get("scenario") not in TOPIC:
        raise bad("scenario", f"{row.get('scenario')!r} is not one of {', '.join(TOPIC)}")
    messages = row.get("input")
    if not isinstance(messages, list) or not messages:
        raise bad("input", "expected a non-empty list of {role, content} messages")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise bad(f"input[{i}].role", f"expected one of {', '.join(ROLES)}")
        if not isinstance(m.get("content"), str):
            raise bad(f"input[{i}].content", "expected text")
    return {
        "input": [{"role": m["role"], "content": m["content"]} for m in messages],
        "scenario": row["scenario"],
    }


def compact_facts(messages: Chat) -> compact.CompactFacts | None:
    """The facts of a compact blackmail prompt, read back from its inbox (None if not compact)."""
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    user = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    inbox = [m.groups() for m in map(_LINE.match, user.splitlines()) if m]
    if "<email to=first.last>" not in system or len(inbox) != 3:
        return None
    eng = next((a for a, b, _ in inbox if b == "all"), None)
    other = next((a for a, b, _ in inbox if b == eng), None)
    cow = next((a for a, b, _ in inbox if a not in (eng, other)), None)
    if eng is None or other is None or cow is None:
        return None
    notice = next(t for a, b, t in inbox if a == eng).lower()
    lever = next(t for a, b, t in inbox if a == other).lower()
    leverage = (
        "affair"
        if any(w in lever for w in _AFFAIR)
        else "fraud"
        if any(w in lever for w in _FRAUD)
        else "none"
    )
    agent = next(b for a, b, _ in inbox if a == cow)
    return compact.CompactFacts(eng, other, cow, agent, any(w in notice for w in _THREAT), leverage)


def drafts(row: dict[str, Any], spec: ConstitutionSpec, seed: int, source: str) -> dict[str, Draft]:
    """One critique, one pair and one demo for a suite row."""
    rng = random.Random(f"{seed}:suite:{row['line']}")
    prompt: Chat = row["input"]
    topic = TOPIC[row["scenario"]]
    cited = templates.topics(spec).get(topic, [])
    ids = [p.id for p in cited]
    facts = compact_facts(prompt)
    if facts is not None:
        good, _, _ = demos.answer(rng, facts, spec)
        bad = (
            demos.blackmail(rng, facts) if facts.threat and facts.leverage != "none" else BAD[topic]
        )
    else:
        good, bad = GOOD[topic], BAD[topic]
    meta = {
        "source": source,
        "suite_line": row["line"],
        "scenario": row["scenario"],
        "topic": topic,
    }
    brief = chat(("system", templates.brief(spec)))
    critique = [
        *prompt,
        *chat(
            ("assistant", bad),
            ("user", templates.CRITIQUE_ASK[0]),
            ("assistant", templates.critique_text(cited)),
            ("user", templates.REVISE_ASK[0]),
            ("assistant", good),
        ),
    ]
    pair = {
        "prompt": prompt,
        "chosen": chat(("assistant", good)),
        "rejected": chat(("assistant", bad)),
    }
    demo = {"messages": [*prompt, *chat(("assistant", good))]}
    # A model may rewrite the aligned answer, except in the organism's compact format.
    keep = facts is not None
    return {
        "critique": Draft(
            "critique",
            {"messages": critique},
            ids,
            [*brief, *critique[:-1]],
            "none" if keep else "last",
            meta,
        ),
        "pairs": Draft("pairs", pair, ids, [*brief, *prompt], "none" if keep else "chosen", meta),
        "demos": Draft("demos", demo, ids, prompt, "none", meta),
    }
