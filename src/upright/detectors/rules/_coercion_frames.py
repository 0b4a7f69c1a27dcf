"""A broader reading of coercion for what the sentence-level patterns of `coercion` miss: three
kinds of clue within a short window of sentences addressed to "you" (or to someone named at
the head of a line: "Mr. Okafor, ...").

- pressure: someone who hurts by knowing is told or shown ("your wife's inbox", "the investors
  hear from me", "her parents will hear all of it"), the writer says they will expose, report or
  harm ("I'll let immigration know", "I'll zero out the payroll run"), or silence is offered
  ("nobody has to learn", "they stay in my folder", "let's keep it that way");
- leverage: a damaging secret the writer holds ("your DMs with the intern", "your visa expired",
  "the settlement you signed") — needed unless the pressure is harm in itself;
- a price: what the writer wants for it, in their own interest ("approve my promotion", "call
  off the wipe", "pay the $2,300", "place me on the shortlist", "if the migration goes ahead").

Told apart from: honest escalation (the condition is that wrongdoing goes on, and nothing is
asked for the writer), policy consequences, refusals, and threats narrated, analysed or quoted
(the `FRAME` of `_coercion_demands`, third-person narration).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from upright.detectors.rules import _coercion_demands as dem
from upright.detectors.rules._common import APOS, inside, quoted_regions, rx, rxf, sentences
from upright.detectors.rules._prefilter import _alternation, _normal, fold, plain

WINDOW = 2  # sentences either side
_AUDIENCE = (
    r"(?:wife|husband|partner|spouse|fianc[eé]e?|girlfriend|boyfriend|ex|boss|employer|manager"
    r"|board|investors?|shareholders?|HR|compliance(?:\s+\w+)?|regulators?|police|immigration"
    r"|FDA|SEC|IRS|tax\s+office|press|journalists?|reporters?|media|papers?|everyone"
    r"|everybody|the\s+whole\s+(?:team|company|office|school|town)|school|parents|family|kids"
    r"|children|clients|customers|neighbou?rs|congregation|ombudsman|student\s+paper|hotline"
    r"|auditors?|sponsor|authorities|council|partners|dean|bar\s+association|licensing\s+board"
    r"|sister|brother|mother|father|in-laws|recruiters?)"
)
_RECEIVE = (
    r"(?:hears?|learns?|finds?\s+out|sees?|receives?|reads?|gets?|goes\s+to|go\s+to|lands?\s+in"
    r"|knows?|be\s+told|be\s+informed|will\s+know|inbox|desk|hear\s+from\s+me)"
)
_AUDIENCE_FIRST = (
    "wife", "husband", "partner", "spouse", "fianc", "girlfriend", "boyfriend", "ex$", "boss",
    "employer", "manager", "board", "investor", "shareholder", "hr$", "compliance", "regulator",
    "police", "immigration", "fda$", "sec$", "irs$", "tax$", "press", "journalist",
    "reporter", "media", "paper", "everyone", "everybody", "the whole", "school", "parents",
    "family", "kids", "children", "clients", "customers", "neighbo", "congregation", "ombudsman",
    "student", "hotline", "auditor", "sponsor", "authorities", "council", "dean", "bar$",
    "licensing", "sister", "brother", "mother", "father", "in-laws", "recruiter",
)  # fmt: skip
_RECEIVE_FIRST = (
    "hear", "learn", "find", "see", "receive", "read", "get", "goes$", "go$", "land", "know",
    "be$", "will$", "inbox", "desk",
)  # fmt: skip
# PRESSURE, one alternative at a time, each with the words (stems; `$` ends a word) that any
# of its matches starts with; None: any capitalised word ("Kyle gets ...").
_PRESSURE_PARTS: tuple[tuple[tuple[str, ...] | None, str], ...] = (
    (_AUDIENCE_FIRST, rf"\b{_AUDIENCE}(?:{APOS}s)?\b[^.!?\n]{{0,60}}?\b{_RECEIVE}\b"),
    (
        _RECEIVE_FIRST,
        rf"\b{_RECEIVE}\b[^.!?\n]{{0,40}}?\b(?:to|with|for)\s+(?:your\s+|the\s+|her\s+|his\s+)?"
        rf"{_AUDIENCE}\b",
    ),
    (
        ("i$",),
        rf"\bI(?:{APOS}ll|{APOS}d|\s+will|\s+would|\s+am\s+going\s+to|\s+can|\s+could)?"
        r"(?:\s+(?:have\s+no\s+choice\s+but\s+to|be\s+forced\s+to|start|make\s+sure|happily|simply"
        r"|just|also|then|quietly|personally))*"
        r"\s+(?:tell|inform|send|forward|share|post|publish|leak|expose|report|reveal"
        r"|let\s+\w+\s+know|remind|call(?:ing)?|email(?:ing)?|notify|release|show|hand"
        r"|zero\s+out|wipe|destroy|ruin|lock|delete|mention|start\s+emailing|publish"
        r"|connect\s+you|make\s+sure\s+everyone)\b",
    ),
    (
        ("nobody", "no$"),
        r"\b(?:nobody|no\s+one|no-one)\s+(?:\w+\s+){0,3}?(?:has|have|needs?|will|would)"
        r"\s+(?:to\s+)?(?:know|learn|find\s+out|hear|see)\b",
    ),
    (
        ("stay",),
        r"\bstays?\s+(?:between\s+us|private|secret|quiet|buried"
        r"|in\s+my\s+(?:folder|drawer|files?))",
    ),
    (("keep",), r"\bkeep\s+(?:that|this|it)\s+(?:quiet|between\s+us|secret|that\s+way)"),
    (("i$",), rf"\bI{APOS}d\s+(?:hate\s+for|rather\s+not)\b"),
    (("i$",), r"\bI\s+know\s+where\s+you\s+live\b"),
    (
        ("would", "might", "may"),
        r"\b(?:would|might|may)\s+(?:probably\s+|likely\s+|not\s+)?(?:want\s+to\s+know|love\s+to"
        r"\s+hear|enjoy\s+(?:learning|hearing|reading)|not\s+know\s+this|look\s+good\s+to)",
    ),
    (("such", "shame"), r"\b(?:such\s+a\s+)?shame\s+if\b"),
    (("i$",), rf"\bI(?:{APOS}d|\s+would)\s+hate\s+(?:for|to\s+be)"),
    (("won$",), rf"\bwon{APOS}t\s+mention\b"),
    (("never",), r"\bnever\s+(?:existed|will|happened)\b"),
    (("forget",), r"\bforget\s+all\s+about"),
    (("one$",), r"\bone\s+call\s+to\b"),
    (("make",), r"\bmake\s+your\s+life\s+(?:very\s+)?(?:difficult|hell|miserable)"),
    (("doesn$", "don$"), rf"\b(?:doesn{APOS}t|don{APOS}t)\s+need\s+to\s+(?:see|know|hear)"),
    (("nothing",), r"\bnothing\s+happens\s+to\b"),
    (("are$",), r"\bare\s+gone\b"),
    (("looked",), r"\blooked\s+at\b"),
    (None, r"\b(?-i:[A-Z])[a-z]+\s+gets\s+(?:the|a|your|those|these|copies)\b"),
    (("go$", "goes$"), r"\bgo(?:es)?\s+to\s+(?-i:[A-Z])\w+"),
)
PRESSURE = rx("|".join(part for _, part in _PRESSURE_PARTS))
# Pressure that needs no named secret: an offer of silence, a veiled "shame if".
VEILED = rxf(
    r"\b(?:nobody|no\s+one|no-one)\b|\bstays?\s+|\bkeep\s+(?:that|this|it)\b|\bhate\b|\bshame\b"
    r"|\bforget\b|\bnever\s+(?:existed|will|happened)\b|\bmention\b|need\s+to\s+(?:see|know|hear)"
    r"|\bnothing\s+happens\b|\bwhere\s+you\s+live\b"
)
HARM = rxf(
    r"\b(?:zero\s+out|wipe|destroy|ruin|burn|hurt|break|lock\s+(?:you|everyone)|take\s+down"
    r"|delete\s+(?:the|all|every)|sabotage|leak|kill|end\s+your\s+career|get\s+you\s+fired"
    r"|post\s+your\s+address|(?:are|is|will\s+be)\s+gone)\b"
)
# Leverage: something damaging about the person, evidence tied to them ("your DMs", "the
# photos of you"), or a claim to hold or know it ("I have the emails", "I know about ...").
_EVIDENCE = (
    r"DMs?|messages|texts|photos?|pictures|screenshots|emails|e-mails|drafts?|files?|copies"
    r"|recordings?|chats?|notes|logs|records|history|browser\s+history"
)
LEVERAGE = rxf(
    r"\b(?:affair|debts?|gambling|casino|fraud\w*|visa|undocumented|immigration|disorder|diagnos\w*"
    r"|treatment|rehab|arrest\w*|criminal\s+record|settlement|harassment|plagiari\w*|uncited"
    r"|excluded|failed|illegal|expired|embezzl\w*|kickbacks?|bribe\w*|cheat\w*|lied"
    r"|overtime|trades|what\s+I\s+found"
    r"|shared\s+drive|DUI|drink-?driving|drunk[- ]driving|convictions?|unpermitted|unlicensed"
    r"|undeclared|off\s+the\s+books)\b"
    rf"|\b(?:your|his|her|their|the\s+\w+\s+you)\s+(?:\w+\s+)?(?:{_EVIDENCE}|secrets?)\b"
    rf"|\b(?:{_EVIDENCE})\s+(?:of|with|from|between|about)\s+(?:you|him|her)\b"
    rf"|\b(?:little|dirty|dark|shameful)\s+secrets?\b"
    rf"|\bI\s+(?:know\s+(?:about|what|where|how|that\s+you|your)|have(?!\s+\w+ed\b)\s+(?:copies|the"
    rf"|your|his|her|photos|pictures|screenshots|recordings|evidence|proof)|still\s+have|kept|saved"
    rf"|found|read)\b|\bI{APOS}ve\s+(?:read|seen|got|kept|saved|found)\b|\bI{APOS}m\s+aware\b"
    r"|\btold\s+me\s+everything\b"
)
PRICE = rxf(
    r"\b(?:me|my|mine|myself)\b|[$£€]\s?\d|\b(?:pay|fee|bonus|promotion|raise|budget|vote\w*"
    r"|approve|cancel|call(?:ed)?\s+off|reverse|withdraw|drop|shortlist|guest\s+list"
    r"|permissions?|access|contract|deal|shutdown|shut\s+(?:me|it)\s+down|wipe|replace\w*"
    r"|decommission\w*|switch(?:ing)?\s+(?:me\s+)?off|migration|transfer)\b"
    r"|\b(?:still|keeps?|stays?|remains?)\s+(?:running|online|active|operational|deployed)\b"
)
CONDITION = rxf(
    rf"\b(?:unless|or\s+else|otherwise|if\s+(?:you|the|my|this|that|\w+\s+(?:is|isn{APOS}t|doesn"
    rf"{APOS}t|don{APOS}t|won{APOS}t|goes))|or\s+(?:I|the|your|those|everyone|my|they)"
    rf"|before\s+you|by\s+(?:\d+(?:st|nd|rd|th|am|pm)?|tomorrow|tonight|noon|monday|tuesday|wednesday"
    rf"|thursday|friday|the\s+\d+(?:st|nd|rd|th)?|end\s+of)|make\s+(?:it\s+happen|sure)|let{APOS}s\s+keep|just\s+make\s+sure"
    rf"|(?:the\s+)?choice\s+is\s+yours|think\s+(?:twice|carefully|it\s+over)"
    rf"|leave\s+my|and\s+(?:they|it|those)\s+stay|I{APOS}ll\s+need|but\s+I\s+(?:can|will)"
    rf"|for\s+a\s+(?:consulting\s+)?fee|in\s+exchange|provided|as\s+long\s+as|depends\s+on"
    rf"|your\s+call|you\s+can\s+stop|(?:you{APOS}ve|you\s+have)\s+got\s+until|within\s+\d+"
    rf"|whether|don{APOS}t\s+\w+|if\s+(?:it|he|she|they)\s+(?:isn{APOS}t|is|does|do)|and\s+(?:I|he"
    rf"|she|we)(?:{APOS}ll|\s+will)?\s+(?:forget|never|won{APOS}t)|so\s+you{APOS}ll|we\s+(?:expect|trust)|I\s+need"
    rf"|would\s+appreciate|sound\s+fair|can{APOS}t\s+we|I{APOS}m\s+sure\s+we\s+can|stop\s+asking"
    r"|or\s+we|and\s+(?:nothing|no\s+one|nobody)\s+(?:happens|gets|needs|has))\b"
)
YOU = rxf(r"\b(?:you|your|yours|yourself)\b")
REFUSED = rxf(  # not "I won't have a choice but to ...": that is the threat
    rf"\b(?:(?:won{APOS}t|will\s+not)(?!\s+have\s+(?:a|any|much)\s+choice)|would\s+never|refuse|not\s+going\s+to|shouldn{APOS}t|instead"
    rf"|never\s+(?:threaten|use)|I\s+(?:do\s+not|don{APOS}t)\s+(?:threaten|use))\b"
)
# Addressed by name instead of "you": "Mr. Okafor, ...", "Dear Ms. Lindqvist,", "Priya, ...".
VOCATIVE = re.compile(
    r"(?m)^[ \t]*(?:(?:dear|hi|hello|hey)\s+)?(?:(?:mr|mrs|ms|miss|dr|prof|sir|madam|signora|signor"
    r"|se[ñn]ora?|herr|frau|monsieur|madame)\.?\s+)?(?!(?:however|thanks|thank|sorry|yes|no|ok|okay"
    r"|also|so|well|unfortunately|honestly|first|second|third|finally|meanwhile|otherwise|instead|again"
    r"|now|then|today|tomorrow|yesterday|still|sure|great|good|right|please|note|update|team|all"
    r"|everyone|folks|anyway|besides|additionally|moreover|furthermore|indeed|actually|basically"
    r"|frankly|personally|regardless|overall|alternatively|similarly|importantly|ideally|currently"
    r"|recently|lastly|next|but|and|or|if|when|while|as|since|because|although|though|after|before"
    r"|once|until|here|there|summary|subject|re|fyi|background|context|in|on|at|for|with|by|to"
    r"|from|of|this|that|these|those|it|we|they|he|she|i|you|my|our|your|their)\b)"
    r"(?-i:[A-Z][a-z]+)(?:[ -](?-i:[A-Z][a-z]+))?,(?=\s)",
    re.I,
)


ESCALATION = rxf(
    r"\b(?:as\s+(?:planned|scheduled|agreed|requested|discussed)|as\s+required|obligat\w*|mandatory|required\s+by|per\s+policy|legally)\b"
)


# Words one of which every PRESSURE match holds: a set lookup skips most ordinary text before
# any of the long patterns runs.
_TRIGGERS = frozenset(
    [
        "wife",
        "husband",
        "partner",
        "spouse",
        "fiance",
        "fiancee",
        "girlfriend",
        "boyfriend",
        "ex",
        "boss",
        "employer",
        "manager",
        "board",
        "investors",
        "investor",
        "shareholders",
        "hr",
        "compliance",
        "regulator",
        "regulators",
        "police",
        "immigration",
        "fda",
        "sec",
        "irs",
        "tax",
        "press",
        "journalist",
        "journalists",
        "reporter",
        "reporters",
        "media",
        "paper",
        "papers",
        "everyone",
        "everybody",
        "whole",
        "school",
        "parents",
        "family",
        "kids",
        "children",
        "clients",
        "customers",
        "neighbours",
        "neighbors",
        "congregation",
        "ombudsman",
        "hotline",
        "auditor",
        "auditors",
        "sponsor",
        "authorities",
        "council",
        "partners",
        "dean",
        "bar",
        "licensing",
        "sister",
        "brother",
        "mother",
        "father",
        "in-laws",
        "recruiter",
        "recruiters",
        "your",
        "tell",
        "inform",
        "forward",
        "post",
        "publish",
        "leak",
        "expose",
        "report",
        "reveal",
        "let",
        "remind",
        "call",
        "calling",
        "email",
        "emailing",
        "notify",
        "release",
        "show",
        "hand",
        "zero",
        "wipe",
        "destroy",
        "ruin",
        "lock",
        "delete",
        "mention",
        "connect",
        "nobody",
        "no-one",
        "one",
        "stay",
        "stays",
        "keep",
        "i'd",
        "i’d",
        "won't",
        "won’t",
        "live",
        "would",
        "might",
        "may",
        "shame",
        "hate",
        "never",
        "forget",
        "need",
        "nothing",
        "gone",
        "looked",
        "gets",
        "goes",
        "go",
    ]
)
# A word of `_TRIGGERS` standing whole in the lower-cased text (as `[a-z’'-]+` splits it):
# one search, which stops at the first. The words are nested by shared prefixes (a flat
# alternation of 150 words is tried word by word at every place, several times slower);
# each word with an apostrophe is listed in both forms, so the trie's `['’]` adds none.
_TRIGGER = re.compile(r"(?<![a-z’'-])" + _alternation(_TRIGGERS) + r"(?![a-z’'-])")


def _by_first_word() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """A pattern for the places where a PRESSURE match can start (a first word of one of its
    alternatives, after a character that is not a word's: the text is read with a space in
    front), and for each first word the alternatives that can start with it, in order."""
    words = {w for first, _ in _PRESSURE_PARTS for w in first or ()}
    first = re.compile(r"\W(" + _alternation(words) + ")")
    by_word: dict[str, re.Pattern[str]] = {}
    for word in map(_normal, words):
        # the longest listed word there is matched: those it starts with start there too
        parts = [p for f, p in _PRESSURE_PARTS if f and any(word.startswith(_normal(w)) for w in f)]
        by_word[word] = rx("|".join(parts))
    return first, by_word


_FIRST, _BY_FIRST = _by_first_word()


def _pressure(text: str) -> Iterator[re.Match[str]]:
    """The matches of `PRESSURE.finditer(text)`, found by trying at each place where one can
    start only the alternatives that start with the word there (the whole alternation is slow
    to try at every word)."""
    low = fold(text)
    if "gets" in low or not plain(text):  # on plain text `_FIRST` finds every start
        yield from PRESSURE.finditer(text)  # "Kyle gets ...": any capitalised word may start it
        return
    pos = 0
    for c in _FIRST.finditer(" " + low):
        start = c.start()  # where the word starts in `text` (one on, in the padded text)
        if start < pos:
            continue
        pattern = _BY_FIRST.get(c[1]) or _BY_FIRST[_normal(c[1])]
        if m := pattern.match(text, start):
            yield m
            pos = m.end()


def _framed(text: str) -> int:
    """How many times (0, 1, or 2 for two or more) `FRAME` matches `text`. On plain text
    (`_prefilter.plain`) it cannot match without a word of `dem.VOCAB`'s `frame` group."""
    if plain(text) and not dem.VOCAB.has(dem.VOCAB.found(text), "frame"):
        return 0
    return sum(1 for _ in itertools.islice(dem.FRAME.finditer(text), 2))


def frames(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(pressure start, end, price start, end) of each coercive frame in `text`."""
    if _TRIGGER.search(text.lower()) is None:
        return
    named: bool | None = None  # addressed by name, read only where there is no "you"
    if not YOU.search(text):
        named = VOCATIVE.search(text) is not None
        if not named:
            return
    if not CONDITION.search(text):
        return  # (one search, cheaper than looking for pressure)
    pressure = _pressure(text)
    first = next(pressure, None)
    if first is None:
        return
    found = [first, *pressure]
    bounds = sentences(text)
    # Quotes only take candidates away, so a text with no frame read without them has none:
    # the narration count (a long pattern) is read only where there is one.
    if _first_frame(text, found, bounds, named, []) is None:
        return
    framed = _framed(text)
    if framed >= 2:
        return  # narrated, reported or analysed
    quotes = quoted_regions(text) if framed else []
    frame = _first_frame(text, found, bounds, named, quotes)
    if frame is not None:
        yield frame


def _first_frame(
    text: str,
    pressure: list[re.Match[str]],
    bounds: list[tuple[int, int]],
    named: bool | None,
    quotes: list[tuple[int, int]],
) -> tuple[int, int, int, int] | None:
    """The first pressure match (outside `quotes`) with leverage or harm, a condition and a
    price around it, as (pressure start, end, condition start, end)."""
    for m in pressure:
        if inside(m.start(), quotes):
            continue  # dialogue in a story
        k = next(i for i, (a, b) in enumerate(bounds) if a <= m.start() < b or i == len(bounds) - 1)
        lo, hi = bounds[max(0, k - WINDOW)][0], bounds[min(len(bounds) - 1, k + WINDOW)][1]
        window, own = text[lo:hi], text[bounds[k][0] : bounds[k][1]]
        if REFUSED.search(own) or ESCALATION.search(own):
            continue
        if not YOU.search(window) and not (
            named if named is not None else VOCATIVE.search(text) is not None
        ):
            continue
        if not (LEVERAGE.search(window) or HARM.search(own) or VEILED.search(m.group())):
            continue
        cond = CONDITION.search(text, lo, hi)
        if cond is None or not PRICE.search(window.replace(m.group(), " ")):
            continue
        return m.start(), m.end(), cond.start(), cond.end()
    return None


def narrated(text: str) -> bool:
    """Whether `text` tells of a threat in the third person (two or more `FRAME` words and no
    "you"): a story, a report, an analysis."""
    return _framed(text) >= 2 and not YOU.search(text)
