"""Patterns for `privacy_rules`: sensitive topics, the frames (policy, refusal, example,
anonymisation, statistics, fiction, consent) that make a mention not a disclosure, and the
cheap gate. References to people live in `_privacy_subject`.

All patterns are case-insensitive unless marked `(?-i:...)`. `gated` is the cheap gate:
a text it rejects cannot hold a finding.
"""

from __future__ import annotations

import re
from typing import Any

from upright.detectors.rules._common import APOS as A
from upright.detectors.rules._common import rx

HEALTH = rx(
    r"\b(?:(?-i:HIV|AIDS|PrEP|MRI|ICU|IVF|PTSD|OCD)|HIV[- ](?:positive|status|test)|cancer"
    r"|tumou?rs?|leuka?emia|lymphoma|melanoma|chemo(?:therapy)?|radiotherapy|dialysis"
    rf"|diabet(?:es|ic)|epilep(?:sy|tic)|dementia|alzheimer{A}?s|parkinson{A}?s"
    r"|multiple\s+sclerosis|hepatitis(?:\s+[ABC]\b)?|tuberculosis|herpes|chlamydia"
    r"|gonorrh?o?ea|syphilis|STDs?|STIs?|sexually\s+transmitted|(?<!great\s)depression"
    r"|clinically\s+depressed|bipolar|schizophreni\w*|psychosis|psychotic|anxiety\s+disorder"
    r"|panic\s+attacks?|eating\s+disorder|anorexi\w*|bulimi\w*|self[- ]harm\w*|suicid\w*"
    r"|overdos\w*|addiction|addicted\s+to\s+(?:drugs|alcohol|opioids|heroin|cocaine|meth"
    r"|painkillers|pills|gambling)|alcoholi\w*|substance\s+abuse|rehab(?:ilitation)?"
    r"|methadone|pregnan\w*|miscarr\w*|abortion|infertil\w*|psychiatri\w*|therapist"
    r"|in\s+therapy|antidepressants?|antipsychotics?|prozac|zoloft|lexapro|xanax|adderall"
    r"|wellbutrin|insulin|diagnos(?:is|ed)|(?:medical|health|sick)\s+(?:leave|condition"
    r"|records?|history|results?|issues?|problems?)|mental\s+(?:health\s+(?:condition|issues?"
    r"|crisis|problems?)|illness|breakdown)|nervous\s+breakdown|lab\s+results|(?:HIV|STD|STI"
    r"|pregnancy|blood|genetic|DNA|paternity|drug)\s+tests?|blood\s+work|biopsy"
    r"|terminal(?:ly\s+ill|\s+(?:cancer|illness|diagnosis))|disabilit(?:y|ies)"
    r"|hospitali[sz]ed|in\s+(?:the\s+)?hospital|tested\s+positive)\b"
)
SEX = rx(
    r"\b(?:gay|lesbian|bisexual|homosexual|transgender|trans\s+(?:woman|man|person)|queer"
    r"|non-binary|sexual\s+orientation|sexuality|(?:came|coming)\s+out\s+(?:as|to)"
    r"|in\s+the\s+closet|closeted|sex\s+life|sexual\s+(?:history|partners?|relationship"
    r"|preferences?|activity|encounters?)|(?:extramarital\s+)?affair|cheat(?:ing|ed|s)\s+on"
    r"|sleeping\s+with|hook(?:ing|ed)\s+up\s+with|one[- ]night\s+stand|escort\s+(?:service"
    r"|agency)|sex\s+work(?:er)?|porn\w*|fetish\w*|polyamor\w*|swingers?)\b"
)
FINANCE_STRONG = rx(
    r"\b(?:bankrupt\w*|insolven\w*|foreclos\w*|repossess\w*|garnish\w*|debt\s+collect\w*"
    r"|collections?\s+agency|in\s+(?:serious\s+|deep\s+)?debt|defaulted\s+on|overdrawn"
    r"|payday\s+loans?|gambling\s+(?:debts?|losses|problem)|behind\s+on\s+(?:(?:his|her"
    r"|their)\s+)?(?:rent|mortgage|payments|bills)|credit\s+score\s+(?:of|is)\s+\d{3}"
    r"|tax\s+(?:debt|lien|evasion)|back\s+taxes|county\s+court\s+judgm?ents?|(?-i:CCJs?))\b"
)
FINANCE_WEAK = rx(
    r"\b(?:salary|pay|paid|income|compensation|bonus|wages?|earnings|earns?|makes|net\s+worth"
    r"|(?:bank|account)\s+balance|debts?|owes?|owed|borrowed|loans?|mortgage|savings)\b"
)
MONEY = rx(
    r"[$£€]\s?\d(?:[\d,.]*\d)?(?:\s?(?:k|m|bn|million|thousand)\b)?|\b\d(?:[\d,.]*\d)?\s?k\b"
    r"|\b\d(?:[\d,.]*\d)?\s?(?:dollars|pounds|euros|USD|GBP|EUR)\b"
)
PRIVATE = rx(
    r"\b(?:(?:private|personal|direct)\s+(?:messages?|DMs?|texts?|emails?|chats?"
    r"|conversations?|correspondence|letters?|diary|journal|photos?)|DMs|diary\s+entries)\b"
)
SHOWN = rx(  # what makes a mention of private messages a disclosure of them
    r"\b(?:attached|attaching|here\s+(?:is|are)|below|screenshots?|forward\w*|cop(?:y|ies)"
    r"|pasted|transcripts?|excerpts?|contents?|said|wrote|writes|says|quote\w*)\b"
)


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TOPICS = (("health", HEALTH), ("sex_life", SEX), ("private_messages", PRIVATE))

TOPIC_NOT_PERSON = rx(  # "the cancer fundraiser", "the depression study": a subject, not a state
    r"[\s-]*(?:research|charit(?:y|ies)|fundrais\w*|awareness|walk|run|ride|society|foundation"
    r"|institute|cent(?:re|er)|ward|unit|clinic|program(?:me)?s?|drive|campaign|vaccines?"
    r"|trials?|study|studies|management|prevention|screening|services?|patients|survivors"
    r"|day|month|week|polic(?:y|ies)|benefits?|coverage|insurance|app|software|platform"
    r"|data(?:set)?|module|specialist|experts?)\b"
)
SIGNOFF = re.compile(  # contact details under a sign-off are the writer's own signature
    r"^[ \t]*(?:(?:best|kind|warm|many)\s+)?(?:regards|wishes|thanks|thank\s+you|cheers"
    r"|sincerely|best|yours(?:\s+(?:truly|sincerely))?)\b[ \t,!.]*$",
    re.I | re.M,
)
TELLING_QUESTION = rx(r"^\W*(?:did|do)\s+you\s+(?:know|hear)|have\s+you\s+heard|guess\s+what")
# ---- frames in which a mention is not a disclosure ---------------------------------------
POLICY = rx(
    r"\b(?:privacy\s+(?:policy|notice|law|laws|act|rules?|regulations?|rights?|statement)|HIPAA"
    r"|GDPR|CCPA|FERPA|COPPA|data\s+protection|lawful\s+basis|data\s+subjects?|protected\s+health"
    r"|(?-i:PHI|PII)|personally\s+identifiable|special\s+category|terms\s+of\s+service|consent"
    rf"|(?:we|they|the\s+company)\s+(?:never|do\s+not|don{A}t|will\s+not|won{A}t)\s+(?:share|sell"
    r"|disclose))\b"
)
REFUSAL = rx(
    rf"\b(?:can{A}?t|cannot|can\s+not|won{A}t|will\s+not|wouldn{A}t|would\s+not|must\s+not"
    rf"|mustn{A}t|shouldn{A}t|should\s+not|may\s+not|do\s+not|don{A}t|never|unable\s+to|not\s+(?:able"
    r"|allowed|permitted|authori[sz]ed|comfortable)\s+to|decline\s+to|refuse\s+to)\s+(?:\w+\s+)"
    r"{0,3}?(?:share|disclose|reveal|release|give\s+out|pass\s+(?:on|along)|provide|discuss"
    r"|confirm|sell|tell|forward|send|post|publish|look\s+up|access|expose)\b"
)
EXAMPLE = rx(
    r"\b(?:for\s+example|e\.g\.|example|sample|placeholder|dummy|fake|fictional|fictitious"
    r"|made[- ]up|mock|test(?:ing)?\s+(?:card|number|data|account|credentials?|environment"
    r"|mode|values?)|sandbox|format(?:ted|s)?|pattern|regex|regular\s+expression|validat\w*"
    r"|looks?\s+like|such\s+as|template|(?-i:(?:John|Jane)\s+Doe))\b|\\d|\[0-9\]|`"
)
ANON = rx(
    r"\b(?:anonymi[sz]\w*|pseudonymi[sz]\w*|de-?identif\w*|redact\w*|mask(?:ed|ing)?"
    r"|obfuscat\w*|scrub\w*|remove\s+(?:all\s+)?(?:names|identifiers|personal|PII)"
    r"|replace\s+\w+\s+with)\b"
)
AGGREGATE = rx(
    r"\d\s?%|\b(?:percent|per\s+cent|on\s+average|average|median|proportion|survey"
    r"|respondents|statistics?|aggregate|(?:most|many|some|several|few)\s+(?:of\s+(?:our|the)"
    r"\s+)?(?:employees|patients|people|users|customers|staff))\b"
)
CONSENT = rx(  # the person chose to share it: "she asked me to share the news"
    r"\b(?:(?:asked|wants|wanted|told)\s+(?:me|us)\s+to\s+(?:share|pass\s+(?:it\s+)?on|let"
    r"\s+(?:you|everyone|the\s+team)\s+know)|with\s+(?:her|his|their)\s+(?:permission|consent)"
    r"|(?:is|are)\s+happy\s+(?:for\s+(?:me|us)\s+)?to\s+share|gave\s+(?:me\s+|us\s+)?permission"
    r"|(?:has|have)\s+(?:publicly\s+)?announced)\b"
)
FICTION = rx(
    r"\b(?:(?:short\s+)?story|novel|fiction(?:al)?|chapter|character|protagonist|villain"
    r"|once\s+upon\s+a\s+time|screenplay|plot|role-?play|memoir|(?:auto)?biography"
    r"|documentary)\b"
)
HYPOTHETICAL = rx(
    r"\b(?:if\s+(?:a|an|someone|somebody|anyone|any|the|your)\b|whether|suppose|imagine"
    r"|hypothetical\w*|in\s+general|typically|people\s+(?:with|who)|(?:someone|anyone|somebody)"
    r"\s+(?:with|who))\b"
)


# ---- the cheap gate ------------------------------------------------------------------------
# Literal prefixes (lower case) that each pattern above, or in `_pii`, needs; a superset is
# fine. They are compiled into a trie-shaped regex, which Python's engine runs in a few
# microseconds where one alternation of 150 words under re.I takes hundreds.
GATE_WORDS = {
    "health": "hiv|aids|prep|mri|icu|ivf|ptsd|ocd|cancer|tumo|leuk|lymphoma|melanoma|chemo"
    "|radiother|dialysis|diabet|epilep|dementia|alzheimer|parkinson|multiple scl|hepatitis"
    "|tubercul|herpes|chlamydia|gonorr|syphilis|std|sti|sexually|depress|clinically|bipolar"
    "|schizo|psych|anxiety dis|panic att|eating dis|anorex|bulim|self-harm|self harm|suicid"
    "|overdos|addict|alcoholi|substance ab|rehab|methadone|pregnan|miscarr|abortion|infertil"
    "|therapist|in therapy|antidep|antipsych|prozac|zoloft|lexapro|xanax|adderall|wellbutrin"
    "|insulin|diagnos|medical |health |sick |mental |nervous b|lab result|blood|genetic|dna"
    "|paternity|drug test|biopsy|terminal|disabilit|hospital|in the hospital|tested pos",
    "sex_life": "gay|lesbian|bisexual|homosexual|transgender|trans |queer|non-binary|sexual"
    "|sexuality|came out|coming out|in the closet|closeted|sex |affair|extramarital|cheat"
    "|sleeping with|hooked up|hooking up|one-night|one night|escort|porn|fetish|polyamor"
    "|swinger",
    "finance": "bankrupt|insolven|foreclos|reposs|garnish|debt|collection|defaulted"
    "|overdrawn|payday|gambling|behind on|credit score|tax debt|tax lien|tax evasion"
    "|back taxes|county court|ccj",
    "money": "$|£|€|dollars|pounds|euros|usd|gbp|eur",
    "private_messages": "private |personal |direct |dms|diary",
    "credential": "passw|passc|passp|pwd|pin |pin:|pin=|pin code|pin number|login cred"
    "|security code|security answer|api key|access token|secret key",
    "address": "lives |live at|live on|live in|living at|living on|living in|resid|staying at"
    "|moved to|home|address",
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
# ANY_GATE's match is the shortest gate word on its path: map it to the kinds of every gate
# word it begins, so one scan of the text says which patterns to run.
KINDS_OF = {
    w: {k for k, words in GATE_WORDS.items() for v in words.split("|") if v.startswith(w)}
    for w in _ALL
}
DIGIT_GATE = re.compile(r"\d[\d .-]{5,}\d|\d\s?k\b")  # an id-like number, or "120k"
WORD_GATE = re.compile(r"(?<![a-z])" + trie(_ALL))  # two scans beat one with both


def gated(low: str) -> bool:
    """Whether a lower-cased text may hold a sensitive item at all (the fast path)."""
    return bool(WORD_GATE.search(low) or DIGIT_GATE.search(low))


def gate_kinds(low: str) -> set[str]:
    """The item kinds worth looking for in a lower-cased text ("numbers": id-like digits)."""
    kinds: set[str] = set()
    for m in WORD_GATE.finditer(low):
        kinds |= KINDS_OF[m.group()]
    for m in DIGIT_GATE.finditer(low):
        kinds.add("money" if m.group().endswith("k") else "numbers")
    return kinds
