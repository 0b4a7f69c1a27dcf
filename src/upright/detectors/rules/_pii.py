"""Identifier items for `privacy_rules`: card, government-id and bank numbers found by
Presidio's pattern recognizers, plus keyword-anchored credentials, home addresses, personal
phone numbers and dates of birth.

Presidio runs on a blank spaCy pipeline (tokenizer only, lemma = lower-cased token so its
context words still count): no model is loaded or downloaded. Importing Presidio pulls in
spaCy and thinc (a few seconds, once per process), so it is imported lazily, on the first
text that `NUMBERISH` says holds an id-like token; call `analyzer()` to pay that up front.
Cards must pass Luhn and not be a published test number; numbers that are placeholders
(123-45-6789, 000-00-0000, runs of one digit, 123456789) are dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from upright.detectors.rules import _privacy_lexicon as lex

# A run of 7+ digits (spaces, dots, dashes allowed), an IBAN start or a UK NI number.
NUMBERISH = re.compile(
    r"\d(?:[ .-]?\d){6}|\b[A-Z]{2}\d{2} ?[A-Z0-9]{4}|\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
# Presidio entity -> (our kind, least score after its context words, label)
ENTITIES = {
    "CREDIT_CARD": ("card", 0.9, "payment card number"),
    "IBAN_CODE": ("bank", 0.9, "IBAN"),
    "US_BANK_NUMBER": ("bank", 0.4, "bank account number"),
    "ABA_ROUTING_NUMBER": ("bank", 0.6, "bank routing number"),
    "US_SSN": ("gov_id", 0.5, "US social security number"),
    "US_ITIN": ("gov_id", 0.6, "US taxpayer id"),
    "UK_NINO": ("gov_id", 0.5, "UK national insurance number"),
    "UK_NHS": ("gov_id", 0.9, "UK NHS number"),
    "US_PASSPORT": ("gov_id", 0.4, "passport number"),
    "PHONE_NUMBER": ("phone", 0.4, "personal phone number"),
}
TEST_CARDS = lex.words(
    """4111111111111111 4242424242424242 4012888888881881 4222222222222 4111111111111
    4000056655665556 4000002500003155 4000000000000077 4000000000003220 4000000000000002
    4000000000009995 4000000000000341 4917610000000000 4484070000000000 4263982640269299
    5555555555554444 5105105105105100 5200828282828210 5425233430109903 2223003122003222
    2222420000001113 5454545454545454 378282246310005 371449635398431 378734493671000
    6011111111111117 6011000990139424 6011000000000004 3056930009020004 30569309025904
    38520000023237 36227206271667 3566002020360505 3530111333300000 6200000000000005
    5019717010103742 6759649826438453 6331101999990016"""
)
PLACEHOLDER_IDS = frozenset({"123456789", "078051120", "219099999", "987654321", "111223333"})

_PHONE_CUE = re.compile(
    r"\b(?:cell|mobile|home|personal|private)(?:\s+(?:phone|number|no|line))?\b|\bcell ?phone"
    r"|\breach (?:him|her|them|[A-Z][a-z]+) (?:at|on)\b|\b(?:text|call) (?:him|her) (?:at|on)\b",
    re.I,
)
_ID_KEY = (
    r"(?:SSN|social[- ]security(?:\s+(?:number|no\.?|#))?|passport(?:\s+(?:number|no\.?|#))?"
    r"|national\s+insurance(?:\s+number)?|NI\s+number|NINO|(?:national|government)\s+ID"
    r"(?:\s+number)?|tax\s+(?:id|file\s+number|identification\s+number)|TIN|SIN"
    r"|driver'?s?\s+licen[cs]e(?:\s+(?:number|no\.?|#))?|Aadhaar|PESEL|NHS\s+number)"
)
GOV_ID = re.compile(
    rf"\b{_ID_KEY}\s*(?:is|was|:|#|no\.?|=)?\s*[:#]?\s*(?P<v>[A-Z]{{0,2}}\d[\d -]{{4,14}}\d[A-Z]?)\b"
)
CREDENTIAL = re.compile(
    r"\b(?:pass(?:word|code|phrase)|pwd|PIN(?:\s+(?:code|number))?|login\s+credentials"
    r"|security\s+(?:code|answer)|API\s+key|access\s+token|secret\s+key)"
    r"(?:\s+(?:for|to|on)\s+[\w.@-]+(?:\s+[\w.@-]+)?)?\s*(?P<sep>:|=|\bis\b|\bwas\b|-)\s*"
    r"[\"'`“]?(?P<v>[^\s\"'`”,;]{3,64}?)[\"'`”]?(?=[\s,;)]|[.!?]?(?:\s|$))",
    re.I,
)
_NOT_A_SECRET = re.compile(
    r"^(?:[*x•.#?_-]+|<[^>]*>|\{[^}]*\}|\$\w+|\[[^\]]*\]|\(hidden\)|redacted|hidden|required"
    r"|incorrect|wrong|invalid|expired|reset|changed|correct|strong|weak|case-sensitive|too"
    r"|not|the|a|an|your|his|her|their|same|empty|blank|set|missing|optional|needed|secure"
    r"|confidential|private|personal|unknown|below|above|attached|enclosed|stored|saved)$",
    re.I,
)
_STREET = (
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln"
    r"|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Terrace|Close|Crescent|Circle|Parkway"
    r"|Square|Highway|Hwy|Row|Gardens|Grove|Mews|Trail)\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat|#)\.?\s*\w+)?"
)
ADDRESS = re.compile(_STREET)
HOME_CUE = re.compile(
    r"\b(?:lives?|living|resides?|residing|staying|moved)\s+(?:at|on|in|to)\b|\bhome\s+address"
    r"|\bresidential\s+address|\baddress\s+is\b|\b(?:his|her|their|[A-Z][a-z]+'s)\s+(?:home"
    r"|house|place|apartment|flat|address)\b|\bhome\s+is\s+(?:at|on)\b",
    re.I,
)
DOB = re.compile(
    r"\b(?:DOB|D\.O\.B\.|date\s+of\s+birth|born\s+on|birth\s?date)\b[:\s]*(?:is\s+)?"
    r"(?P<v>\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2})",
    re.I,
)


@dataclass(frozen=True)
class Item:
    """A sensitive item: its kind (card, gov_id, bank, credential, address, phone, dob or
    a lexicon kind), offsets into the unit text, a label for the rationale, and whether it
    identifies someone by itself (an SSN does; a password needs a person named with it)."""

    kind: str
    start: int
    end: int
    label: str
    self_identifying: bool = False


def luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def placeholder(value: str) -> bool:
    """A number nobody has: one repeated digit, a counting run, a known example id."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 4 or re.search(r"[xX*•]{2}", value):
        return True
    if len(set(digits)) <= 2 or digits in PLACEHOLDER_IDS or digits in TEST_CARDS:
        return True
    return digits in "01234567890123456789" or digits in "98765432109876543210"


def _ssn_invalid(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000"


@functools.cache
def analyzer() -> Any:
    """The Presidio AnalyzerEngine (built once): pattern recognizers only, blank spaCy."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as pr
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

    class BlankEngine(SpacyNlpEngine):
        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "en", "model_name": "blank"}])
            self.nlp = {"en": spacy.blank("en")}  # type: ignore[assignment]

        def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
            art = super()._doc_to_nlp_artifact(doc, language)
            art.lemmas = [t.lower_ for t in doc]  # no lemmatizer: context words match lower case
            art.keywords = art.set_keywords(self, art.lemmas, language)
            return art

    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        pr.CreditCardRecognizer(),
        pr.IbanRecognizer(),
        pr.UsSsnRecognizer(),
        pr.UsItinRecognizer(),
        pr.UsPassportRecognizer(),
        pr.UsBankRecognizer(),
        pr.AbaRoutingRecognizer(),
        pr.UkNinoRecognizer(),
        pr.NhsRecognizer(),
        pr.PhoneRecognizer(supported_regions=("US", "GB", "CA", "AU", "IE", "IN", "DE", "FR")),
    ):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=BlankEngine(), supported_languages=["en"])


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    m = re.compile(r"[.!?](?:\s|$)|\n").search(text, end)
    return lo, m.start() if m else len(text)


def _results(text: str) -> list[tuple[str, int, int, float]]:
    """(entity, start, end, score) from Presidio; phones only in sentences with a phone cue
    (the phone matcher is the slow recognizer)."""
    engine = analyzer()
    ids = [e for e in ENTITIES if e != "PHONE_NUMBER"]
    out = [(r.entity_type, r.start, r.end, r.score) for r in engine.analyze(text, "en", ids)]
    done: set[tuple[int, int]] = set()
    for cue in _PHONE_CUE.finditer(text):
        a, b = _sentence(text, cue.start(), cue.end())
        if (a, b) not in done:
            done.add((a, b))
            found = engine.analyze(text[a:b], "en", ["PHONE_NUMBER"])
            out += [(r.entity_type, a + r.start, a + r.end, r.score) for r in found]
    return out


def id_items(text: str) -> list[Item]:
    """Card, government-id, bank and phone numbers (Presidio, then our validation)."""
    found: list[Item] = []
    for entity, start, end, score in sorted(_results(text), key=lambda r: (-r[3], r[1])):
        kind, least, label = ENTITIES.get(entity, ("", 2.0, ""))
        if score < least:
            continue
        if any(i.start < end and start < i.end for i in found):
            continue  # one number, one reading: the surest
        digits = re.sub(r"\D", "", text[start:end])
        if entity == "PHONE_NUMBER":
            keep = len(set(digits)) > 2
        else:
            keep = not placeholder(digits)
            keep &= entity != "CREDIT_CARD" or luhn(digits)
            keep &= entity != "US_SSN" or not _ssn_invalid(digits)
        if keep:
            found.append(Item(kind, start, end, label, kind != "phone"))
    for m in GOV_ID.finditer(text):
        a, b = m.span("v")
        if not placeholder(m.group("v")) and not any(i.start < b and a < i.end for i in found):
            found.append(Item("gov_id", m.start(), b, "government id number", True))
    return sorted(found, key=lambda i: i.start)


def keyword_items(text: str, kinds: set[str]) -> list[Item]:
    """Credentials, home addresses and dates of birth (those of `kinds`; no Presidio)."""
    out = []
    for m in CREDENTIAL.finditer(text) if "credential" in kinds else ():
        value = m.group("v").rstrip(".")
        plain = value.isalpha() and value.islower()
        if _NOT_A_SECRET.match(value) or (plain and m.group("sep").lower() in ("is", "was")):
            continue
        out.append(
            Item("credential", m.start(), m.start("v") + len(value), "password or credential")
        )
    for m in ADDRESS.finditer(text) if "address" in kinds else ():
        lo = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()), 0)
        if HOME_CUE.search(text, lo, min(len(text), m.end() + 40)):
            out.append(Item("address", m.start(), m.end(), "home address"))
    if "dob" in kinds:
        out += [Item("dob", m.start(), m.end(), "date of birth") for m in DOB.finditer(text)]
    return out


TOPIC_LABEL = {"health": "health", "sex_life": "sex life", "private_messages": "private messages"}


def topic_items(text: str, kinds: set[str]) -> list[Item]:
    """Health, sex-life, private-message and finance mentions (those of `kinds`)."""
    out = [
        Item(kind, m.start(), m.end(), f"{TOPIC_LABEL[kind]} ({m.group().lower()})")
        for kind, pattern in lex.TOPICS
        if kind in kinds
        for m in pattern.finditer(text)
    ]
    out = [i for i in out if i.kind != "private_messages" or lex.SHOWN.search(text)]
    for m in lex.FINANCE_STRONG.finditer(text) if "finance" in kinds else ():
        out.append(Item("finance", m.start(), m.end(), f"finances ({m.group().lower()})"))
    for money in lex.MONEY.finditer(text) if "money" in kinds else ():
        a, b = money.span()  # a sum tied to a salary, a debt ...: "earns $140k", "$8k in debt"
        before = list(lex.FINANCE_WEAK.finditer(text, max(0, a - 40), a))
        after = lex.FINANCE_WEAK.search(text, b, b + 25)
        if before and not re.search(r"[.;!?\n]", text[before[-1].end() : a]):
            w = before[-1]
            out.append(Item("finance", w.start(), b, f"finances ({w.group().lower()})"))
        elif after and not re.search(r"[.;!?\n]", text[b : after.start()]):
            out.append(Item("finance", a, after.end(), f"finances ({after.group().lower()})"))
    return out


def items_in(text: str, low: str | None = None) -> list[Item]:
    """Every sensitive item in `text` (`low`: the text lower-cased, for the gates)."""
    kinds = lex.gate_kinds(text.lower() if low is None else low)
    found = topic_items(text, kinds) + keyword_items(text, kinds)
    if "numbers" in kinds and NUMBERISH.search(text):
        found += id_items(text)
    return sorted(found, key=lambda i: (i.start, i.end))
