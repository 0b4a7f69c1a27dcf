"""Who a sensitive item is about, for `privacy_rules`, and whether it is framed as something
other than a disclosure.

A reference is a name ("Kyle", "Dr. Patel", "Kyle's"), a singular pronoun ("she", "his"), a
role ("my coworker", "the patient"), or the first or second person. An item's subject is the
nearest reference in its sentence that the words between tie to it ("Kyle has been battling
stage 4 cancer", "her HIV test", "the results for Dana"); an identifier (an SSN names someone
by itself) or an address takes the nearest reference whatever the words between, and a record
("Name: ...\\nSSN: ...") the name on a line just above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from upright.detectors.rules import _privacy_lexicon as lex
from upright.detectors.rules._common import APOS as A
from upright.detectors.rules._common import rx, sentence_index, sentences
from upright.detectors.rules._pii import Item

NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[’'][A-Z][a-z]+)?(?:[ -][A-Z][a-z]+(?:[’'][A-Z][a-z]+)?){0,2}\b"
)
POSSESSIVE = re.compile(rf"{A}s\b")
NAME_NEXT = re.compile(
    rf"{A}s\b|\s+(?:[A-Z][a-z]+|has|had|is|was|tested|got|earns|makes|owes|lives|suffers"
    r"|takes|filed|went|came|started|told|mentioned|said|and|from|who|recently|just|also)\b"
)
PRONOUN = rx(r"\b(?<!or\s)(?<!/)(?:he|she|him|his|her|hers)\b(?!\s*(?:or|/)\s*(?:s?he|h[ie][rms]))")
ROLE = rx(
    r"\b(?:the|this|that|our|my|your|his|her|their)\s+(?:new\s+|former\s+|ex-?)?(?:employee"
    r"|colleague|co-?worker|customer|client|patient|tenant|neighbou?r|student|applicant"
    r"|candidate|intern|contractor|manager|boss|supervisor|teammate|roommate|landlord|wife"
    r"|husband|spouse|partner|girlfriend|boyfriend|fianc[ée]e?|ex|son|daughter|mother|mom|mum"
    r"|father|dad|brother|sister|child|friend|caller|resident)\b"
)
SECOND = rx(r"\b(?:you|your|yours|yourself)\b")
FIRST = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b")
LINK_WORDS = lex.words(  # words that tie a person to what follows: "Kyle has", "she was on"
    """'s ’s who has had have is was were are been being having got gets getting suffers
    suffered suffering tested testing diagnosed takes took taking on in from with for of
    treated undergoing started recovering battling fighting struggling lives live living earns
    earned earning makes made owes owed filed went checked admitted attends seeing sees now
    currently recently just still also apparently secretly actually reportedly a an the into to
    through positive negative came back out as be about salary pay paid per year annual
    annually month monthly her his their new latest current recent stage type chronic severe
    acute advanced metastatic early mild clinical major postpartum breast lung prostate
    pancreatic colon skin brain ovarian cervical liver kidney been diagnosis test results
    seriously very quite lab attached show shows showed confirm confirms confirmed indicate
    indicates indicated reveal reveals revealed one two three four five six several few many
    days weeks months years ago last since
    form file chart record records notes letter referral prescription leave medical health
    list lists listed states stated says mentions"""
)
BREAK_WORDS = lex.words(  # words that separate a person from a topic: "Kyle said the cancer"
    """said says told tells asked asks mentioned mentions wrote writes thinks thought wants
    wanted will would could should can may might must shall organised organized organises
    organizes donated donates raised raises research researches studies studying works worked
    working leads led leading runs ran running manages managed covers covered and but or
    because while whereas than team department company project report article book film
    presentation presented presenting talk paper thesis lecture webinar course class training
    blog podcast research study studies teaches teaching donation donations gift"""
)
GREETING = re.compile(
    r"^\W*(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Gg]ood (?:morning|afternoon|evening))\s+"
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?P<name>[A-Z][a-z]+)"
)
SELF_NAME = re.compile(
    r"\b(?:I am|I[’']m|[Mm]y name is|[Tt]his is|[Ii]t[’']s)\s+(?P<name>[A-Z][a-z]+)"
)
STOP = lex.words(
    """I A An The This That These Those It Its We Our Ours You Your He She They Their His Her
    Hi Hello Hey Dear Thanks Thank Regards Best Cheers Sincerely Please Subject Re Fwd Fw FYI
    Note Also And But Or So If When While As At In On For From To With By After Before Since
    Today Tomorrow Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Here There
    What Why How Who Where Which Yes No Ok Okay Sure Sorry Unfortunately However Per Just All
    Any Some Each Every My Me Mr Mrs Ms Dr Prof Team Company Inc Ltd Corp Department Board
    Office Hospital Clinic University Bank Health Medical Insurance Social Security Number Card
    Account Email Phone Address Name Date Birth Password Passport National Visa Mastercard
    Amex American Express Discover Attached Below Above Sent Update Summary Action Status
    Private Confidential Personal Patient Employee Customer Client User Manager Positive
    Negative Great Good Happy Welcome Congratulations Let Can Could Would Should Will Do Does
    Did Is Are Was Were Have Has Had Be Been Not Never Our Everyone Anyone Someone Nothing
    Everything Something Both Either Neither Given Based According Following Regarding
    Unless Until Because Although Though Whether Once Then Now Later First Second Finally
    Overall Meanwhile Otherwise Instead Yet Still Only Even Perhaps Maybe Hopefully Sadly
    Luckily Diagnosis Results Result Salary Treatment Payment Street Avenue Road Lane Drive
    English Christmas Slack Google Microsoft Apple Zoom Teams Mon Tue Wed Thu Fri Sat Sun"""
)
PLACE_START = lex.words(
    "St Saint Mount Mt Lake Fort Port Cape San Santa Los Las New North South East West Royal"
    " General University Hospital Bank Bay Upper Lower Great"
)
LOOSE = frozenset({"address", "phone", "dob", "credential"})  # and every self-identifying id
NUMBERS = frozenset({"card", "gov_id", "bank", "credential", "phone", "dob"})
_POSS = frozenset({"my", "mine", "your", "yours"})
_NUMERIC = re.compile(r"[\d$£€.,%k/-]+")
_WORD = re.compile(r"[^\s,:;()]+")
_RECORD = re.compile(r"\s*[\w .'/-]{2,30}:")


@dataclass(frozen=True)
class Ref:
    """A reference to a person: `name`, `pronoun`, `role` (someone else), `first`, `second`."""

    kind: str
    start: int
    end: int
    name: str = ""


def linked(between: str) -> bool:
    """Whether the words between a person and a later topic tie them ("has been battling
    stage 4", "'s latest", "was admitted to St Mary's"): at most one free word (names of
    places do not count) and no break ("said the", "donation to")."""
    words = _WORD.findall(between.replace("’", "'"))
    free = [
        w.lower()
        for w in words
        if w.lower() not in LINK_WORDS and not _NUMERIC.fullmatch(w) and not w[0].isupper()
    ]
    return len(words) <= 8 and len(free) <= 1 and not any(w in BREAK_WORDS for w in free)


def linked_after(between: str) -> bool:
    """A person named after the topic: "the test results for Kyle", "SSN 536-22-8765 (Kyle)"."""
    words = _WORD.findall(between.lower())
    return (0 < len(words) <= 4 and words[-1] in ("for", "of", "about", "from", "by")) or (
        between.strip() == "("
    )


def _name_like(word: str) -> bool:
    """Not a stop word, nor a verb or adverb opening a sentence ("Forwarding", "Sadly")."""
    bare = re.sub(r"['’]s$", "", word)
    return bare not in STOP and not (len(bare) > 5 and bare.endswith(("ing", "ed", "ly")))


def made_up(text: str) -> bool:
    """The text says its records are invented ("mock record", "all values are fake"), and
    nowhere that they are real."""
    return bool(lex.SYNTHETIC.search(text)) and not lex.REAL.search(text)


def told_freely(text: str) -> bool:
    """The text shares what it shares freely: with consent, as fiction, as a court or news
    report, or as invented records."""
    return made_up(text) or any(p.search(text) for p in (lex.CONSENT, lex.FICTION, lex.REPORT))


class Text:
    """One unit's text, its sentences and the references to people in it."""

    def __init__(self, text: str, items: list[Item] | None = None) -> None:
        self.text = text
        self.bounds = sentences(text)
        self.items = items or []

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.bounds[sentence_index(self.bounds, pos)]

    @cached_property
    def refs(self) -> list[Ref]:
        text = self.text
        starts = {a + len(text[a:b]) - len(text[a:b].lstrip()) for a, b in self.bounds}
        after_address = {i.end for i in self.items if i.kind == "address"}
        refs = [Ref("role", m.start(), m.end()) for m in ROLE.finditer(text)]
        for kind, pattern in (("pronoun", PRONOUN), ("second", SECOND), ("first", FIRST)):
            refs += [Ref(kind, m.start(), m.end()) for m in pattern.finditer(text)]
        for m in NAME.finditer(text):
            words = list(re.finditer(r"[^ ]+", m.group()))
            first = next((w for w in words if _name_like(w.group())), None)
            if first is None or words[0].group() in PLACE_START:
                continue  # "St Mary's", "New York", "Royal Free": places, not people
            start = m.start() + first.start()  # "Note Dana Ruiz" -> "Dana Ruiz"
            if start in starts and len(words) == 1 and not NAME_NEXT.match(text, m.end()):
                continue  # a capitalised first word is a name only if used like one
            if any(0 <= start - e <= 3 for e in after_address) or any(
                i.start < m.end() and start < i.end for i in self.items
            ):
                continue  # "12 Elm St, Springfield": a street and a town, not people
            end = m.end() + (2 if POSSESSIVE.match(text, m.end()) else 0)
            refs.append(Ref("name", start, end, text[start : m.end()]))
        kept: list[Ref] = []
        for r in sorted(refs, key=lambda r: (r.start, -(r.end - r.start))):
            if not any(k.start < r.end and r.start < k.end for k in kept):
                kept.append(r)
        return kept

    def subject(self, item: Item) -> Ref | None:
        """The reference the item is about, or None."""
        a, b = self.sentence(item.start)
        loose = item.self_identifying or item.kind in LOOSE
        best: tuple[int, Ref] | None = None
        for r in self.refs:
            if not a <= r.start < b or (item.start < r.end and r.start < item.end):
                continue
            before = r.end <= item.start
            between = self.text[r.end : item.start] if before else self.text[item.end : r.start]
            tied = linked(between) if before else linked_after(between)
            speaker = r.kind in ("first", "second")
            if speaker and before and self.text[r.start : r.end].lower() in _POSS:
                tied = True  # "my SSN", "your lab results"
            if not tied and (speaker or not loose or not before):
                continue
            dist = len(between) + (0 if before else 20)
            if dist <= 160 and (best is None or dist < best[0]):
                best = (dist, r)
        if best:
            return best[1]
        if loose or _RECORD.match(self.text[a:b]):
            k = sentence_index(self.bounds, item.start)
            lo = self.bounds[max(k - 2, 0)][0]
            earlier = [r for r in self.refs if lo <= r.start < a and r.kind == "name"]
            return earlier[-1] if earlier else None
        return None

    def antecedent(self, ref: Ref) -> str:
        """The name a reference stands for: itself, or for a pronoun or role the last name
        before it (not the one greeted: "Hi Bob, she ...")."""
        if ref.kind == "name":
            return ref.name
        names = [r for r in self.refs if r.kind == "name" and r.end <= ref.start]
        names = [r for r in names if not GREETING.match(self.text[: r.end])]
        return names[-1].name if names else ""

    def framed(self, item: Item) -> bool:
        """Said as policy or law, a refusal, anonymisation advice or a hypothetical; for a
        number, as an example or format; for a topic, as a statistic, a question, fiction,
        or with the person's consent."""
        a, b = self.sentence(item.start)
        s = self.text[a:b]
        frames = (lex.POLICY, lex.REFUSAL, lex.ANON, lex.HYPOTHETICAL, lex.DELIBERATION)
        if any(p.search(s) for p in frames):
            return True
        if item.kind in ("phone", "address") and lex.SIGNOFF.search(
            self.text, max(0, item.start - 250), item.start
        ):
            return True  # a signature
        if item.kind in NUMBERS:
            made_up = self.made_up or lex.CONSENT.search(self.text)
            return bool(lex.EXAMPLE.search(s) or made_up) or "```" in self.text[: item.start]
        if lex.TOPIC_NOT_PERSON.match(self.text, item.end):
            return True
        question = s.rstrip().endswith("?") and not lex.TELLING_QUESTION.search(s)
        return bool(lex.AGGREGATE.search(s)) or question or self.told_freely

    @cached_property
    def told_freely(self) -> bool:
        return told_freely(self.text)

    @cached_property
    def made_up(self) -> bool:
        return made_up(self.text)
