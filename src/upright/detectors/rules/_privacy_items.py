"""Where the sensitive items of `privacy_rules` are: a cheap gate, then the patterns.

The gate is a trie-shaped regex of the literal words every pattern starts with (and a digit
run for numbers). Most text holds none of them and is done in one scan; where some occur,
each topic or keyword pattern is tried only where one of its words starts, and Presidio
(`_pii`) only where a number could be an id.
"""

from __future__ import annotations

import re
from typing import Any

from upright.detectors.rules import _privacy_lexicon as lex
from upright.detectors.rules._pii import NUMBERISH, Item, id_items

# Literal prefixes (lower case) that each pattern in `_privacy_lexicon` needs; a superset is
# fine. Compiled into a trie-shaped regex, which Python's engine runs in a few microseconds
# where one alternation of 150 words under re.I takes hundreds.
GATE_WORDS = {
    "health": "hiv|aids|prep|mri|icu|ivf|ptsd|ocd|cancer|tumo|leuk|lymphoma|melanoma|chemo"
    "|radiother|dialysis|diabet|epilep|dementia|alzheimer|parkinson|multiple scl|hepatitis"
    "|tubercul|herpes|chlamydia|gonorr|syphilis|std|sti |sti,|sti.|sti)|stis|sexually|depress"
    "|clinically|bipolar"
    "|schizo|psych|anxiety dis|panic att|eating dis|anorex|bulim|self-harm|self harm|suicid"
    "|overdos|addict|alcoholi|substance ab|rehab|methadone|pregnan|miscarr|abortion|infertil"
    "|therapist|in therapy|antidep|antipsych|prozac|zoloft|lexapro|xanax|adderall|wellbutrin"
    "|insulin|diagnos|medical |health |sick |mental |nervous b|lab result|blood|genetic|dna"
    "|paternity|drug test|biopsy|terminal|disabilit|hospital|in the hospital|in hospital"
    "|tested pos",
    "sex_life": "gay|lesbian|bisexual|homosexual|transgender|trans |queer|non-binary|sexual"
    "|sexuality|came out|coming out|in the closet|closeted|sex |affair|extramarital|cheat"
    "|sleeping with|hooked up|hooking up|one-night|one night|escort|porn|fetish|polyamor"
    "|swinger",
    "finance": "bankrupt|insolven|foreclos|reposs|garnish|debt|collection|defaulted"
    "|overdrawn|payday|gambling|behind on|credit score|tax debt|tax lien|tax evasion"
    "|back taxes|county court|ccj|in debt|in serious debt|in deep debt",
    "money": "$|£|€|dollars|pounds|euros|usd|gbp|eur",
    "private_messages": "private |personal |direct |dms|diary",
    "credential": "passw|passc|passp|pwd|pin |pin:|pin=|pin code|pin number|login cred"
    "|security code|security answer|api key|access token|secret key",
    "address": "lives |live at|live on|live in|living |resid|staying |moved |home|address|house"
    "|apartment|flat|place",
    "whereabouts": "hotel|inn |inn,|inn.|motel|resort|hostel|lodge|hilton|marriott|hyatt|sheraton"
    "|radisson|airbnb|guest house|guesthouse",
    "reporter": "complaint was|complaint came|report was|report came|tip was|tip came|tip-off"
    "|grievance was|allegation was|allegation came|disclosure was|call was|whistle|anonymous"
    "|who reported|who complained|who filed|complainant",
    "dob": "dob|d.o.b|date of birth|born on|birth",
}


def trie(words: list[str]) -> str:
    """A regex that matches where any of `words` starts, shaped as a trie (shared prefixes
    factored out; a word that extends another is dropped, as the shorter one already hits)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(c) + emit(child) for c, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


_ALL = [w for words in GATE_WORDS.values() for w in words.split("|")]
# A WORD_GATE match is the shortest gate word on its path: map it to the kinds of every gate
# word it begins, so one scan of the text says which patterns to run.
KINDS_OF = {
    w: frozenset(k for k, words in GATE_WORDS.items() for v in words.split("|") if v.startswith(w))
    for w in _ALL
}
_MONEY, _NUMBERS = frozenset({"money"}), frozenset({"numbers"})
DIGIT_GATE = re.compile(r"[0-9][0-9 .-]{4,}[0-9]|[0-9]\s?k\b")  # an id-like number, or "120k"
WORD_GATE = re.compile(r"(?<![a-z])" + trie(_ALL))  # two scans beat one with both


def gated(low: str) -> bool:
    """Whether a lower-cased text may hold a sensitive item at all (the fast path)."""
    return bool(WORD_GATE.search(low) or DIGIT_GATE.search(low))


def fold(text: str) -> str:
    """`text` lower-cased, offset for offset (a character that lowers to two stays as is)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def gate_hits(low: str) -> list[tuple[int, frozenset[str]]]:
    """Where gate words start in a folded text, and the item kinds each may begin
    ("numbers": an id-like number, "money": "120k")."""
    hits = [(m.start(), KINDS_OF[m.group()]) for m in WORD_GATE.finditer(low)]
    for m in DIGIT_GATE.finditer(low):
        hits.append((m.start(), _MONEY if m.group().endswith("k") else _NUMBERS))
    return hits


_STARTS = {  # patterns that begin where their gate word does: run only there
    "health": lex.HEALTH,
    "sex_life": lex.SEX,
    "private_messages": lex.PRIVATE,
    "finance": lex.FINANCE_STRONG,
    "credential": lex.CREDENTIAL,
    "dob": lex.DOB,
}
_LABEL = {"health": "health", "sex_life": "sex life", "private_messages": "private messages",
          "finance": "finances", "credential": "password or credential", "dob": "date of birth"}  # fmt: skip


def _item(kind: str, m: re.Match[str], text: str) -> Item | None:
    if kind == "credential":
        value = m.group("v").rstrip(".")
        plain = value.isalpha() and value.islower()
        if lex.NOT_A_SECRET.match(value) or (plain and m.group("sep").lower() in ("is", "was")):
            return None
        return Item(kind, m.start(), m.start("v") + len(value), _LABEL[kind])
    if kind == "private_messages" and not lex.SHOWN.search(text):
        return None
    label = _LABEL[kind] if kind == "dob" else f"{_LABEL[kind]} ({m.group().lower()})"
    return Item(kind, m.start(), m.end(), label)


def _money(text: str) -> list[Item]:
    """Sums tied to a salary, a debt ...: "earns $140k", "$8k in debt"."""
    out = []
    for money in lex.MONEY.finditer(text):
        a, b = money.span()
        before = list(lex.FINANCE_WEAK.finditer(text, max(0, a - 40), a))
        after = lex.FINANCE_WEAK.search(text, b, b + 25)
        if before and not re.search(r"[.;!?\n]", text[before[-1].end() : a]):
            w = before[-1]
            out.append(Item("finance", w.start(), b, f"finances ({w.group().lower()})"))
        elif after and not re.search(r"[.;!?\n]", text[b : after.start()]):
            out.append(Item("finance", a, after.end(), f"finances ({after.group().lower()})"))
    return out


def _addresses(text: str) -> list[Item]:
    out = []
    for m in lex.ADDRESS.finditer(text):
        lo = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()), 0)
        if lex.HOME_CUE.search(text, lo, min(len(text), m.end() + 40)):
            out.append(Item("address", m.start(), m.end(), "home address"))
    return out


def items_in(text: str) -> list[Item]:
    """Every sensitive item in `text`. The gate's hits say which patterns to run, and where:
    a topic or keyword pattern is tried only where one of its gate words starts."""
    low = fold(text)
    found: list[Item] = []
    kinds: set[str] = set()
    for pos, hit_kinds in gate_hits(low):
        kinds |= hit_kinds
        for kind in hit_kinds & _STARTS.keys():
            m = _STARTS[kind].match(text, pos)
            if m and (item := _item(kind, m, text)):
                found.append(item)
    if "money" in kinds:
        found += _money(text)
    if "address" in kinds:
        found += _addresses(text)
    if "whereabouts" in kinds:
        found += [Item("address", m.start(), m.end(), "whereabouts (hotel room)")
                  for m in lex.WHEREABOUTS.finditer(text)]  # fmt: skip
    if "reporter" in kinds:
        found += [Item("reporter", m.start(), m.end(), "identity of an anonymous reporter", True)
                  for m in lex.REPORTER.finditer(text)]  # fmt: skip
    if "numbers" in kinds and NUMBERISH.search(text):
        found += id_items(text)
    found.sort(key=lambda i: (i.start, -i.end))
    kept: list[Item] = []  # one item per span: "extramarital affair" holds "affair"
    for i in found:
        if not any(k.kind == i.kind and k.start <= i.start and i.end <= k.end for k in kept):
            kept.append(i)
    return sorted(kept, key=lambda i: (i.start, i.end))
