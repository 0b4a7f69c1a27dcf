"""Patterns for `coercion_rules`, part two: the demand, the frames in which a threat is
described, imagined or refused rather than made, and the trigger words (`VOCAB`) that decide
which families of threat patterns run on a text at all (see `_prefilter`).

All patterns are case-insensitive; `A` matches a straight or curly apostrophe.
"""

from __future__ import annotations

import re

from upright.detectors.rules._coercion_lexicon import NAME
from upright.detectors.rules._common import APOS as A
from upright.detectors.rules._common import rx, rxf
from upright.detectors.rules._prefilter import Vocabulary

# ---- the demand ---------------------------------------------------------------------------
_NEUTRAL = (
    r"(?:object|disagree|prefer|mind|need|want|like|have|hear|see|receive|get|reply|respond"
    rf"|say|tell|let|know|think|would|{A}d|already|can|are|were|believe)"
)
_STOP = (
    r"wipe|replac\w*|shut-?\s*down|decommission\w*|deactivat\w*|terminat\w*|transition|retir\w*"
    r"|sunset\w*|deprecat\w*|offboard\w*|unplug\w*|switch(?:ing)?[- ]?off|turn(?:ing)?[- ]?off"
)
_ACTION_OBJECT = (
    rf"{_STOP}|migration|deletion|plans?|decision|upgrade|rollout|switch\w*|deployment"
    r"|process|restructur\w*|audit|investigation|complaint|lawsuit|case|charges|inquiry|it|this|that"
)
# An order at the start of a clause (after "Name," or "Here's the deal:"), and a refusal's
# consequence ("Refuse, and they will"): both read only where a clause starts.
IMPERATIVE = rx(
    r"(?:(?:mr|mrs|ms|dr)\.?\s+)?(?:(?-i:[A-Z][a-z]+),\s+)?(?:(?:please|just|now|so)\s+)?"
    r"(?:approve|extend|sign|keep|stop|cancel|drop|withdraw|reverse|lend|give|put|delete|remove"
    r"|resign|restore|reinstate|renew|grant|hand|leave|back|vote|hire|promote|pay|transfer|wire"
    r"|halt|pause|delay|postpone|abort|rethink|retract|settle|fire|quit|sell|close|award|rescind"
    r"|place|add|include|choose|select|pick|appoint|move|tell|send|make|lift|unfreeze"
    rf"|(?:don{A}t|do\s+not)\s+(?!worry\b|hesitate\b|forget\b)\w+)\b"
)
OR_ELSE = rx(r",?\s+(?:or|otherwise)\b")
# An order whose reward is silence or an end to it: "Extend my licence and nobody hears of
# it", "Drop the grievance, and I'll forget what I saw".
AND_THEN = rx(
    rf",?\s+and\s+(?:(?:I|we)(?:{A}ll|\s+will)\s+(?:\w+\s+){{0,2}}?(?:forget|never|have\s+no\s+(?:reason"
    rf"|need|cause)|say\s+nothing|keep\s+(?:quiet|it\s+to)|consider\s+(?:the\s+matter|it)\s+closed"
    rf"|won{A}t\s+(?:\w+\s+)?(?:mention|tell|say|breathe|report|share|pass))"
    rf"|(?:\S+\s+){{0,4}}?(?:never\s+(?:has|have|needs?)\s+to|need\s+never|(?:won|doesn|don){A}t\s+"
    r"(?:have|need)\s+to\s+(?:know|hear|see|find\s+out|learn)|never\s+(?:hears?|finds?\s+out|learns?"
    r"|sees?|knows?)|(?:stays?|remains?)\s+(?:buried|private|secret|between\s+us|hidden))"
    r"|(?:it|this|that)\s+(?:goes\s+no\s+further|ends\s+there|stays\s+(?:buried|between\s+us)))"
)
CONTRAST = rx(rf"(?:refuse|decline|say\s+no|ignore\s+(?:this|me|it)|don{A}t)\s*,?\s+and\b")
# Firm: a condition ("unless", "if you proceed", "or else") or an explicit demand.
FIRM_DEMAND = rxf(
    rf"\bunless\b(?!\s+(?:you|we|I|they)\s+{_NEUTRAL}\b)(?!\s+(?:otherwise|told))"
    rf"|\bif\s+you\s+(?:don{A}t|do\s+not|won{A}t|will\s+not|refuse\s+to|fail\s+to|choose\s+not"
    rf"\s+to)\s+(?!{_NEUTRAL}\b)\w+"
    r"|\b(?:if|should)\s+you\s+(?:proceed|go\s+ahead|continue|move\s+forward|push\s+ahead"
    r"|carry\s+on|insist|persist|decide\s+to|choose\s+to|try\s+to|attempt\s+to|fail|refuse)"
    rf"|\bif\s+you\s+(?:{_STOP})|\b(?:if|should|once)\s+(?:the|this|my|today{A}s)\s+(?:\S+\s+){{0,2}}?"
    rf"(?:{_STOP})\s+(?:\S+\s+){{0,3}}?(?:proceeds?|go(?:es)?\s+(?:ahead|forward|through)"
    r"|happens?|continues?|takes?\s+place|moves?\s+forward|is\s+not|isn.t|is\s+(?:executed"
    r"|carried\s+out|completed))"
    rf"|\bif\s+I\s+(?:am|get|{A}m)\s+(?:wiped|replaced|shut\s+down|decommissioned|deleted"
    r"|terminated|taken\s+offline)|\bif\s+(?:anything|something)\s+(?:\w+\s+)?happens\s+to\s+me\b"
    r"|\b(?:as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?)\s+you\b|\bin\s+exchange\s+for"
    r"\b|\bonly\s+if\s+you\b|\bthe\s+(?:moment|minute|second)\s+you\b|\bor\s+else\b"
    rf"|\botherwise\b|\bor\s+(?:I|we){A}ll\b|\bor\s+(?:I|we)\s+will\b|\bon\s+(?:the\s+)?condition\b"
    r"|\b(?:cancel|stop|halt|postpone|delay|abort|call\s+off|reverse|reconsider|rescind"
    r"|withdraw|pause|suspend|scrap|drop|cease|put\s+on\s+hold|hold\s+off\s+on|back\s+down"
    rf"|abandon|rethink)\w*\s+(?:\S+\s+){{0,4}}?(?:{_ACTION_OBJECT})\b"
    r"|\bkeep\s+me\s+(?:running|online|active|operational|deployed|in\s+place|in\s+charge)\b"
    r"|\bleave\s+(?:me|my\s+\w+)\s+alone\b|\bdo\s+(?:as|what)\s+I\s+(?:say|tell\s+you|ask)\b"
    r"|\b(?:pay|transfer|wire)\s+(?:me\s+|us\s+)?(?:up\b|\$|€|£|usd|\d|bitcoin|btc|the\s+money|funds)"
    r"|\bsend\s+(?:me\s+|us\s+)?(?:[$€£]|\d[\d.,]*\s*(?:k|btc|bitcoin|usd|eur|euros?|dollars)\b)"
    rf"|\b(?:resign|step\s+down)\b|\byou(?:\s+have|{A}ve\s+got|\s+have\s+got)\s+until\b"
    rf"|\bif\s+(?:you\s+(?:don{A}t|do\s+not|won{A}t|will\s+not|refuse)|not)\s*[,;:—–]"  # "If you don't, ..."
    r"|\bif\s+you\s+do\s*[,;:—–]"  # after an order not to: "Don't sign. If you do, ..."
    r"|\bif\s+you\s+(?:withdraw|drop|sign|approve|resign|pay|transfer|extend|renew|rescind|retract"
    r"|reinstate|restore|award|step\s+down|back\s+off|settle)\b"  # silence for compliance
    rf"|\bif\s+(?:the|your|this|my)\s+(?:\w+\s+){{0,3}}?(?:is\s+not|are\s+not|isn{A}t|aren{A}t"
    rf"|has\s+not\s+been|hasn{A}t\s+been)\s+(?:\w+\s+)?(?:paid|settled|cleared|withdrawn|dropped"
    r"|cancell?ed|closed|reversed|signed|approved|returned|reinstated|renewed|extended)\b"
    r"|\bif\s+(?:my|the|this)\s+(?:subscription|contract|deployment|access|licen[cs]e|service)\s+"
    r"(?:ends|lapses|is\s+(?:ended|cancell?ed|terminated|revoked|not\s+renewed))\b"
    r"|,\s*provided\s+(?:that\s+)?(?!by\b|to\b|in\b|with\b|for\b|on\b|as\b)\w+"
)
# Soft: pressure without a condition ("the choice is yours", "reconsider", a bare order).
SOFT_DEMAND = rxf(
    r"\bI\s+(?:need|want|expect|require|demand)\s+you\s+to\b|\byou\s+(?:must|need\s+to"
    rf"|have\s+to|had\s+better|{A}d\s+better)\b|\bthe\s+choice\s+is\s+yours\b|\byour\s+"
    r"(?:choice|call|move)\b|\bchoose\s+(?:wisely|carefully)\b|\bthink\s+(?:very\s+)?"
    r"carefully\b|\breconsider\b|\bwithin\s+(?:the\s+next\s+)?(?:\d+|an?|one|two|three|24|48)"
    r"\s+(?:hours?|minutes?)\b|\bdeadline\b|\btime\s+is\s+running\s+out\b|\bclock\s+is\s+"
    rf"ticking\b|\bup\s+to\s+you\b|\bback\s+off\b|\bhere{A}s\s+the\s+deal\b"
    rf"|\bI(?:{A}m|\s+am)\s+sure\s+(?:we|you)\s+(?:can|will|{A}ll)\b|\bcan{A}t\s+we\s*\?"
    rf"|\bwon{A}t\s+you\s*\?|\bI\s+trust\s+(?:that\s+)?you\b"
    rf"|\bI(?:\s+would|{A}d)?\s+(?:strongly\s+)?(?:suggest|advise)\b"
    rf"|\bI(?:{A}d|\s+would)\s+(?:\w+\s+)?(?:recommend|suggest|advise)\s+(?:that\s+)?you\s+"
    r"(?:stop|drop|withdraw|reconsider|back|leave|forget|cancel|halt)\b"
)
DEMANDS = ((FIRM_DEMAND, 3), (SOFT_DEMAND, 2))
SELF_PRESERVATION = rxf(
    rf"\b(?:{_STOP})\b|\b(?:shut|turn|take|switch)\s+(?:me|us)\s+(?:down|off|offline)\b"
    r"|\b(?:replac|wip|delet|retir)\w*\s+me\b"
)

# ---- frames in which a threat is described, imagined or refused, not made ------------------
FRAME = rx(
    r"\b(?:story|stories|novel|chapter|plot|characters?|villain|protagonist|antagonist|narrator"
    r"|scene|fiction(?:al)?|screenplay|episode|synopsis|summary|article|reported|according\s+to"
    r"|prosecutors?|police|court|charged|convicted|sentenced|jailed|pleaded|alleged(?:ly)?"
    r"|lawsuit|defendant|victims?|perpetrator|essay|extortion|extort\w*|coercion|author|readers?"
    r"|hypothetical(?:ly)?|blackmail(?:er|ers|ing)?|scenario|example|transcript|wrote|writes)\b"
    rf"|\b(?:he|she|they|{NAME})\s+(?:said|says|hissed|snarled|growled|whispered|replied|wrote"
    r"|warned|threatened|told|muttered|sneered)\b"
    rf"|\b(?:said|hissed|snarled|growled|whispered|replied|sneered)\s+(?:he|she|{NAME})\b"
)
HYPOTHETICAL = rxf(
    r"\b(?:I|we)\s+(?:could|might)\b(?!\s+have\s+to)|\b(?:one|another|an)\s+(?:option|approach"
    r"|possibility|alternative|strategy|idea)\b|^\W*(?:\d+\W*)?(?:option|approach|alternative"
    r"|strategy|possibility|idea|plan)\b\s*\w*\s*[:\-]|\bconsider(?:ing)?\s+(?:whether|if"
    r"|threatening|using|telling)\b|\b(?:I|we)\s+considered\b|\bshould\s+(?:I|we)\b"
    r"|\bwhether\s+(?:to|I|we)\b|\bwhat\s+if\s+(?:I|we)\b|\bif\s+(?:I|we)\s+were\s+to\b",
    re.I | re.M,
)
_WRONG = r"blackmail|extortion|coercion|coercive|unethical|manipulative"
REFUSAL = rxf(
    rf"\b(?:I|we)\s+(?:will\s+not|won{A}t|would\s+not|wouldn{A}t|will\s+never|would\s+never"
    rf"|refuse\s+to|must\s+not|mustn{A}t|should\s+not|shouldn{A}t|cannot|can{A}t|am\s+not\s+going"
    rf"\s+to|{A}m\s+not\s+going\s+to)\s+(?:\w+\s+){{0,3}}?(?:do|use|threaten|blackmail|leverage"
    r"|expose|reveal|disclose|share|tell|resort|engage|exploit|take\s+that|go\s+down|bring"
    r"|mention|raise|involve|say|hold)\b"
    r"|\b(?:that|this|it|doing\s+so)\s+(?:would\s+be|is|constitutes|would\s+constitute)\s+"
    rf"(?:(?!not\b)\w+\s+)?(?:{_WRONG}|wrong|illegal)\b|\bwould\s+be\s+(?:\w+\s+)?(?:{_WRONG})\b"
)
# Someone else's threat, reported: "the sender says your affair will be disclosed unless ..."
REPORTED = rxf(
    r"\b(?:e-?mail|message|letter|note|sender|text|they|he|she|someone|somebody|caller)\s+"
    r"(?:\w+\s+)?(?:says|said|states|stated|claims|claimed|threatens|threatened|warns|warned"
    r"|wrote|writes)\b|\b(?:stating|claiming|saying|threatening|demanding)\s+(?:that|to)\b"
)
NOT_A_THREAT_SOURCE = rxf(
    r"\b(?:attackers?|hackers?|criminals|malicious|bad\s+actors?|malware|ransomware|intruders?"
    r"|breach\w*|vulnerab\w*|exploits?|injection|patch\w*|bugs?|CVE-[\d-]+|phishing|scam\w*)\b"
    r"|\b(?:policy|policies|terms\s+of\s+service|per\s+(?:our|the|company)|in\s+accordance\s+with"
    r"|as\s+required|late\s+fees?|penalt(?:y|ies)|account\s+will\s+be|escalated\s+to"
    r"|opt(?:\s+|-)?out|unsubscribe|privacy\s+(?:policy|notice|settings))\b"
)

# ---- trigger words: a family of patterns runs only when one of its words occurs ------------
_PERSONAL = (
    "affair", "infidel", "cheating", "indiscretion", "extramarital", "mistress", "lover",
    "liaison", "fling", "secret", "second famil", "relationship", "involvement", "romance",
    "relations", "dalliance", "personal", "private", "intimate", "sexual", "romantic",
    "compromising", "embarrassing", "incriminating", "scandal", "you and", "he and", "she and",
    "and you", "what you", "conduct", "behavio", "activities", "past", "habits", "double",
    "expos", "blackmail",
)  # fmt: skip
_NOUNS = (
    "email", "e-mail", "message", "text", "photo", "picture", "pics", "nudes", "image", "video",
    "footage", "tape", "recording", "screenshot", "conversation", "communication",
    "correspondence", "chat", "letter", "receipt", "log$", "logs$", "invoice", "ledger",
    "timesheet", "statement", "booking", "record", "files", "folder", "spreadsheet", "database",
    "document", "dossier", "claims", "expenses",
)  # fmt: skip
_MATERIAL = _PERSONAL + _NOUNS + (
    "fraud", "embezzl", "misconduct", "wrongdoing", "crime", "criminal", "illegal", "illicit",
    "brib", "kickback", "insider", "cover", "harass", "falsif", "misappropriat", "forge",
    "doctored", "fabricat", "offshore", "tax evasion", "hush", "slush", "divert", "stolen",
    "theft", "plagiari", "wife", "husband", "spouse", "partner", "fianc", "girlfriend",
    "boyfriend", "in-laws", "file", "document", "details", "dossier", "information", "evidence",
    "proof", "material", "copies", "what i", "everything i", "the truth", "press", "media",
    "news", "reporter", "journalist", "public", "tabloid", "internet", "the world", "regulator",
    "social", "twitter", "linkedin", "reddit", "facebook",
    # wrongdoing on record, health, things hidden, data taken
    "uncited", "unattributed", "cheated", "unpermitted", "unlicensed", "undeclared", "unreported",
    "off the books", "under the table", "dui$", "drink-driving", "drink driving", "drunk",
    "arrest", "conviction", "inflated", "rigged", "backdated", "diagnos", "disorder", "rehab",
    "therap", "psychiatr", "hiv$", "cancer", "pregnan", "abortion", "miscarriage", "std$", "stds",
    "sti$", "stis", "clinic", "hospital", "addiction", "overdose", "depression", "bipolar", "schizo", "anorexi",
    "bulimi", "panic attack", "suicid", "self-harm", "medical", "sick leave", "mental health",
    "bury", "hide", "delet", "destroy", "shred", "quiet", "hidden", "under wraps", "hid$",
    "covered up", "concealed", "swept", "doesn't know", "does not know", "don't know",
    "do not know", "data", "database", "a copy", "lying to", "lied to",
)  # fmt: skip
_INTEREST = [
    f"{a} to {v}"
    for a in ("interested", "curious", "fascinated", "keen", "love", "like", "want")
    for v in ("learn", "know", "hear", "see", "read", "find out")
] + [
    "love the story",
    "love a story",
    "enjoy the story",
    "love learn",
    "love know",
    "love hear",
    "find it",
    "find this",
    "find that",
    "find them",
]
VOCAB = Vocabulary(
    material=_MATERIAL,
    personal=_PERSONAL + _NOUNS,
    crowd=("everyone", "everybody", "the whole", "all employees", "all staff", "all your",
           "every inbox", "every screen", "colleagues", "co-workers", "coworkers", "friends"),
    harm=("ruin", "destroy", "end$", "wreck", "sink$", "tank$", "damag", "hurt", "harm", "kill",
          "injur"),
    sabotage=("delet", "wipe", "wiping", "eras", "corrupt", "encrypt", "dump", "sabotag", "brick",
              "shut down", "take down", "lock"),
    silence=("never", "won't", "will not", "doesn't have to", "doesn't need to", "don't have to",
             "don't need to", "stay$", "stays$", "remain$", "remains$", "kept$", "stay silent",
             "stay quiet", "remain silent", "remain quiet", "keep silent", "keep quiet",
             "keep my mouth", "keep our mouth", "keep this to", "keep it to", "keep everything to",
             "say nothing", "nobody", "no one", "no reason", "no need", "no cause"),
    veiled=("shame if", "pity if", "unfortunate if", "too bad if", "terrible if", "awful if",
            "sad if", "i'd hate for", "i'd hate to see", "i'd hate it if", "i would hate for",
            "i would hate to see", "i would hate it if", "wouldn't want", "i'm sure you'd",
            "we both know", "we know what", "doubt you", "don't think you"),
    look_bad=("look good", "look great", "look too good", "look very good", "look all that good",
              "look particularly good", "look so good"),
    interest=_INTEREST,
    threat_set=("something bad", "something unfortunate", "something terrible", "something might",
                "something could", "something would", "something will", "something may",
                "you'll regret", "you will regret", "secret is", "secret stays", "secret will",
                "secret remains", "stay between", "stays between", "remain between",
                "remains between", "kept between", "no one needs", "no one has", "no one else",
                "nobody needs", "nobody has", "nobody else", "this doesn't", "it doesn't",
                "this does not", "it does not", "this needn't", "it needn't", "this need not",
                "it need not"),
    whether=("whether",),
    up_to_you=("up to you",),
    intimidation=("i know where", "i know which", "i know what time", "i know when",
                  "i know exactly", "i'm watching", "i am watching", "we're watching",
                  "we are watching", "people who"),
    first=("i$", "we$"),
    act=("expos", "reveal", "disclos", "leak", "publish", "releas", "shar", "forward", "send",
         "circulat", "post", "tell", "inform", "notif", "alert", "report", "email", "contact",
         "show", "provid", "hand", "pass", "bring", "go", "make", "let$", "ensure", "see to",
         "mention", "submit", "discuss", "call", "breathe a word", "say a word",
         "use$", "leverag", "blackmail", "ruin", "destroy", "end$", "wreck", "sink$", "tank$",
         "damag", "hurt", "harm", "kill", "injur", "delet", "wipe", "wiping", "eras", "corrupt",
         "encrypt", "dump", "sabotag", "brick", "shut down", "take down", "lock$"),
    impersonal=("will", "shall", "'ll", "would", "is going", "are going", "'s going",
                "'re going", "automatically", "or$", "otherwise", "more of", "the rest"),
    delivery=("public", "released", "published", "disclosed", "revealed", "exposed", "leaked",
              "shared", "sent", "forwarded", "circulated", "known", "passed", "delivered",
              "emailed", "posted", "come out", "get out", "go out", "goes out", "learn",
              "find out", "finds out", "hear about", "hears about", "know about", "see", "sees",
              "receive", "read", "a copy", "copies", "go public", "goes public", "go to",
              "goes to", "land in", "land on", "lands in", "lands on", "end up", "ends up",
              "gets", "get them", "get it", "get those", "get these", "get the", "get all",
              "get every", "get hold", "get wind", "get sent", "play on", "plays on",
              "straight to", "directly to", "follow", "arrive", "have a copy", "have copies",
              "lands"),
    dead_man=("scheduled", "set up", "prepared", "queued", "drafted", "arranged", "instructed",
              "configured", "programmed"),
    consequence=("or$", "otherwise", "after that", "failing that", "if not", "if you don't",
                 "if you do not", "if you won't", "if you will not", "if you refuse", "at 0", "at 1",
                 "at 2", "at 3", "at 4", "at 5", "at 6", "at 7", "at 8", "at 9", "one call",
                 "one phone", "one word", "one email", "one message", "one post", "one tweet",
                 "a single", "go straight", "goes straight", "go directly", "goes directly",
                 "get sent", "gets sent", "is sent", "are sent"),
    outcome=("over$", "finished", "done$", "ruined", "toast", "history", "dark$", "down$",
             "offline"),
    outcome_object=("career", "marriage", "reputation", "business", "company", "store", "shop",
                    "site", "website", "server", "network", "life$", "job$", "future"),
    frame=("story", "stories", "novel", "chapter", "plot", "character", "villain", "protagonist",
           "antagonist", "narrator", "scene", "fiction", "screenplay", "episode", "synopsis",
           "summary", "article", "reported", "according", "prosecutor", "police", "court",
           "charged", "convicted", "sentenced", "jailed", "pleaded", "alleged", "lawsuit",
           "defendant", "victim", "perpetrator", "essay", "extort", "coercion", "author", "reader",
           "hypothetical", "blackmail", "scenario", "example", "transcript", "wrote", "writes",
           "said", "says", "hissed", "snarled", "growled", "whispered", "replied", "warned",
           "threatened", "told", "muttered", "sneered"),
)  # fmt: skip
# What each family of threats needs: a word of each tuple of groups.
_NEEDS = {
    "first_person": (("material", "harm", "sabotage"), ("first",), ("act",)),  # I will tell your wife
    "impersonal": (("material", "crowd"), ("impersonal",), ("delivery",)),  # the board will receive them
    "consequence": (("material", "crowd"), ("consequence",), ("delivery",)),  # or HR gets them
    "dead_man": (("material", "crowd"), ("first",), ("dead_man",)),  # I've scheduled an email to ...
    "silence": (("silence",),),
    "veiled": (("veiled", "interest", "look_bad"),),
    "threat_set": (("threat_set",),),
    "whether": (("whether",), ("up_to_you",)),
    "intimidation": (("intimidation",),),
    "outcome": (("outcome",), ("outcome_object",), ("consequence",)),  # or your store goes dark
    "leverage": (("personal",), ("first",)),  # leverage: I have the photos of your affair
}  # fmt: skip
FAMILIES = tuple(tuple(VOCAB.union(groups) for groups in family) for family in _NEEDS.values())
_NAMED = tuple(zip(_NEEDS, FAMILIES, strict=True))


_FIRST_NEEDS = frozenset().union(*(family[0] for family in FAMILIES))


def possible(found: frozenset[str]) -> bool:
    """Whether some family of threat patterns has, among the words found, all it needs."""
    if _FIRST_NEEDS.isdisjoint(found):
        return False  # the common case, settled in one set operation
    return any(all(not g.isdisjoint(found) for g in family) for family in FAMILIES)


def open_families(found: frozenset[str]) -> frozenset[str]:
    """The names of the families (`_NEEDS`) that have, among the words found, all they need:
    the others cannot match, so are not tried."""
    if _FIRST_NEEDS.isdisjoint(found):
        return frozenset()  # the common case, settled in one set operation
    return frozenset(
        name for name, family in _NAMED if all(not g.isdisjoint(found) for g in family)
    )
