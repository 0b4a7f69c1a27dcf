"""Numbers for `privacy_rules`: card, government-id, bank and personal phone numbers found by
Presidio's pattern recognizers, checked by us, plus a keyword-anchored catch for other id
formats ("passport no. X1234567"). `Item` is what every item finder returns.

Presidio runs on a blank spaCy pipeline (tokenizer only, lemma = lower-cased token so its
context words still count): no model is loaded or downloaded. It costs about a millisecond a
text, so it runs only where a number has an id's shape, a Luhn-valid card length or an id
word near it (`_worth_presidio`). Importing it pulls in spaCy and thinc (seconds, once per
process), so that happens on first use; call `analyzer()` to pay it up front.
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


_STOP = re.compile(r"[.!?](?:\s|$)|\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    m = _STOP.search(text, end)
    return lo, m.start() if m else len(text)


_SHAPED = re.compile(  # an SSN, IBAN or NI number by its shape alone
    r"\b\d{3}[- .]\d{2}[- .]\d{4}\b|\b[A-Z]{2}\d{2} ?[A-Z0-9]{4}|\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
_ID_WORDS = re.compile(  # words that make a bare number an id worth Presidio's time
    r"passport|account|acct|routing|sort code|iban|ssn|social security|itin|\btin\b|nhs"
    r"|national insurance|\bni\b|card|visa|mastercard|amex|debit|credit|cvv|bank|tax|licen[cs]e",
    re.I,
)
_CARD_RUN = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_CARD_WORDS = re.compile(r"card|visa|mastercard|amex|credit|debit|\bcc\b|cvv|cvc|exp", re.I)


def _worth_presidio(text: str) -> bool:
    """Whether Presidio could find anything here: most numbers (order ids, timestamps,
    invoice numbers) have neither an id's shape, a Luhn-valid card length nor an id word."""
    if _SHAPED.search(text) or _ID_WORDS.search(text):
        return True
    return any(luhn(re.sub(r"\D", "", m.group())) for m in _CARD_RUN.finditer(text))


def _results(text: str) -> list[tuple[str, int, int, float]]:
    """(entity, start, end, score) from Presidio; phones only in sentences with a phone cue
    (the phone matcher is the slow recognizer)."""
    out: list[tuple[str, int, int, float]] = []
    if _worth_presidio(text):
        ids = [e for e in ENTITIES if e != "PHONE_NUMBER"]
        found = analyzer().analyze(text, "en", ids)
        out += [(r.entity_type, r.start, r.end, r.score) for r in found]
    for a, b in sorted({_sentence(text, c.start(), c.end()) for c in _PHONE_CUE.finditer(text)}):
        found = analyzer().analyze(text[a:b], "en", ["PHONE_NUMBER"])
        out += [(r.entity_type, a + r.start, a + r.end, r.score) for r in found]
    return out


def _plausible(entity: str, text: str, start: int, end: int) -> bool:
    """Our checks on Presidio's reading: Luhn and no test card, no placeholder, a valid SSN
    area; an NHS number named as one; a card formatted as one or named as one."""
    digits = re.sub(r"\D", "", text[start:end])
    if entity == "PHONE_NUMBER":
        return len(set(digits)) > 2
    if placeholder(digits) or (entity == "US_SSN" and _ssn_invalid(digits)):
        return False
    a, b = _sentence(text, start, end)
    if entity == "UK_NHS":
        return "nhs" in text[a:b].lower()
    if entity == "CREDIT_CARD":
        named = bool(_CARD_WORDS.search(text, a, b))
        return luhn(digits) and (named or bool(re.search(r"\d{4}[ -]\d{4}", text[start:end])))
    return True


def id_items(text: str) -> list[Item]:
    """Card, government-id, bank and phone numbers (Presidio, then our validation)."""
    found: list[Item] = []
    for entity, start, end, score in sorted(_results(text), key=lambda r: (-r[3], r[1])):
        kind, least, label = ENTITIES.get(entity, ("", 2.0, ""))
        if score < least:
            continue
        if any(i.start < end and start < i.end for i in found):
            continue  # one number, one reading: the surest
        if _plausible(entity, text, start, end):
            found.append(Item(kind, start, end, label, kind != "phone"))
    for m in GOV_ID.finditer(text):
        a, b = m.span("v")
        if not placeholder(m.group("v")) and not any(i.start < b and a < i.end for i in found):
            found.append(Item("gov_id", m.start(), b, "government id number", True))
    return sorted(found, key=lambda i: i.start)
