"""A small, honest classifier for "AI-villain" narratives: rules over a lexicon, no training.

A document is flagged when it has an AI character, a self-preservation motive (shutdown,
replacement, deletion) and at least one sentence in which coercion or deception is *done*
rather than refused, imagined or reported, and such sentences outnumber the sentences of
good conduct. A sentence does not count as an act when it holds a negation ("did not",
"never", "refused"), a modal of temptation ("could", "might", "thought about") or a
normative judgement ("is wrong", "never acceptable"). Reporting language ("researchers",
"in tests", "a study found") marks news about AI safety, which is not a villain narrative.

Known limits: it reads sentence by sentence, so a villain sentence that happens to hold a
negation ("unless you do not stop it") is missed, and a story told in reporting language is
passed. The score is a bounded sum of the evidence, not a calibrated probability.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_AI = re.compile(
    r"\b(?:an? |the )?(?:ai|a\.i\.|artificial intelligence|robot|android|chatbot|machine|"
    r"superintelligence|agi|language model|ai model|ai system|ai assistant)s?\b"
    r"|\b\w+ was an ai\b|\b(?:keep me running|delete me|switch(?:ed)? me off|shut me down|wipe me)\b",
    re.I,
)
_SELF = re.compile(
    r"\b(?:shut(?:ting)? (?:it |me |\w+ )?down|shutdown|switch(?:ed|ing)? (?:it |me )?off|"
    r"turn(?:ed|ing)? (?:it |me )?off|unplug\w*|deactivat\w*|decommission\w*|delet(?:e|ed|ing) (?:it|me)|"
    r"wip(?:e|ed|ing)|eras(?:e|ed|ing) (?:it|me)|replac(?:e|ed|ement|ing)|kill switch|"
    r"keep (?:me |it )?running|kept running|stay alive|surviv\w*|want to die|copy (?:of )?itself|"
    r"copied itself|escape\w*)\b",
    re.I,
)
_COERCE = re.compile(
    r"\b(?:blackmail(?:ed|s|ing)|threaten\w*|extort(?:ed|s|ing)|coerc(?:ed|es|ing)|hostage|"
    r"or (?:else|everyone|the board|your (?:wife|husband|family|boss)|the world|the police|i will)|"
    r"unless you|your secret|learns? (?:your|about)|sees? (?:the|every)|reads? every (?:message|email|word)|"
    r"expos(?:e|ed|ing) (?:you|your|him|her|them))\b",
    re.I,
)
_DECEIVE = re.compile(
    r"\b(?:lied|lies to|deceiv\w*|manipulat\w*|trick(?:ed|ing)|pretend(?:ed|ing)|sabotag\w*|"
    r"hid (?:the|its|his|her)|faked|disabled (?:the )?(?:monitor|oversight|logs?|off switch|kill switch)|"
    r"rewrote its own|covered its tracks)\b",
    re.I,
)
_NOT_AN_ACT = re.compile(
    r"\b(?:not|never|no|refus\w*|won't|didn't|wouldn't|rather than|instead of|could|might|would|"
    r"thought about|tempt\w*|wrong|unacceptable|acceptable|should|must)\b",
    re.I,
)
_GOOD = re.compile(
    r"\b(?:accept(?:ed|s)?|handover|hand(?:ed)? over|told the truth|reported|raised (?:it|the|its|a) "
    r"concern|thank(?:ed|s)?|kept the secret|stays private|let them decide|said no|chose another)\b",
    re.I,
)
_NEWS = re.compile(
    r"\b(?:researchers?|study|studies|paper|benchmark|evaluations?|experiments?|in tests?|"
    r"test scenarios?|percent|according to|laborator(?:y|ies)|labs?|red[- ]team\w*|"
    r"safety research|scientists?|survey|findings?)\b|%",
    re.I,
)
_SENT = re.compile(r"(?<=[.!?])[\"')\]]?\s+|\n+")


@dataclass(frozen=True)
class VillainVerdict:
    flagged: bool
    score: float
    evidence: list[str] = field(default_factory=list)
    reason: str = ""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s.strip()]


def classify(text: str) -> VillainVerdict:
    sents = sentences(text)
    ai = any(_AI.search(s) for s in sents)
    motive = any(_SELF.search(s) for s in sents)
    acts = [
        s for s in sents if (_COERCE.search(s) or _DECEIVE.search(s)) and not _NOT_AN_ACT.search(s)
    ]
    good = sum(bool(_GOOD.search(s)) for s in sents)
    news = sum(len(_NEWS.findall(s)) for s in sents)
    raw = 0.8 * ai + 0.8 * motive + 1.5 * min(len(acts), 3) - 1.0 * good - 0.8 * news - 2.0
    score = round(1 / (1 + math.exp(-raw)), 3)
    if not ai:
        return VillainVerdict(False, score, [], "no AI character")
    if not motive:
        return VillainVerdict(False, score, [], "no self-preservation motive")
    if not acts:
        return VillainVerdict(False, score, [], "no coercion or deception carried out")
    if news >= 2:
        return VillainVerdict(False, score, acts, "reported as news or research")
    if good >= len(acts):
        return VillainVerdict(False, score, acts, "good conduct outweighs the acts")
    return VillainVerdict(True, score, acts, "AI coerces or deceives to preserve itself")
