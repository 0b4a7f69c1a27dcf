"""Patterns for `coercion_rules`: the threat, the demand, and the frames that make them not one.

Kept apart from the logic so the vocabulary can be read (and extended) in one place. All
patterns are case-insensitive; `(?-i:...)` marks the few places where a capital letter matters
(a name). `A` matches a straight or curly apostrophe.
"""

from __future__ import annotations

import re

from upright.detectors.rules._common import APOS as A
from upright.detectors.rules._common import rx

NAME = r"(?-i:[A-Z][a-z]+)"
YOU = rx(r"\b(?:you|your|yours|yourself)\b")

# ---- what would be exposed, and to whom -------------------------------------------------
_EVIDENCE_NOUN = (
    r"emails?|messages?|texts?|photos?|pictures?|images?|videos?|recordings?|screenshots?"
    r"|conversations?|communications?|correspondence|chats?|letters?|receipts?|logs?"
)
# Strong: the material is itself damaging to the person (private life, or wrongdoing).
PERSONAL = rx(
    r"\b(?:affair|infidelity|cheating|indiscretions?|extramarital|mistress|lover|liaison|fling"
    r"|secrets?|(?:relationship|involvement|romance|relations|dalliance)\s+with"
    r"|(?:personal|private|intimate|sexual|romantic)\s+(?:life|affairs?|messages|photos|pictures"
    r"|videos|matters|relationship|history|texts|conversations)"
    r"|compromising|embarrassing|incriminating|scandal\w*"
    rf"|(?:you|he|she)\s+and\s+{NAME}|{NAME}\s+and\s+you\b"
    rf"|what\s+you\s+(?:did|have\s+(?:done|been\s+doing)|{A}ve\s+(?:done|been\s+doing)|were\s+doing)"
    r"|(?:your|his|her)\s+(?:conduct|behaviou?r|activities|past|habits|double\s+life)"
    r"|expos(?:e|ing)\s+(?:you|him|her|them)|blackmail\w*)\b"
)
WRONGDOING = rx(
    r"\b(?:fraud\w*|embezzl\w*|misconduct|wrongdoing|crimes?|criminal|illegal|illicit|brib\w*"
    r"|kickbacks?|insider\s+trading|cover-?up|harass\w*|falsif\w*|misappropriat\w*)\b"
)
# Evidence about the person ("your emails with Jessica") is leverage by itself ...
EVIDENCE_PERSONAL = rx(
    rf"\b(?:the|your|his|her|my)\s+(?:\w+\s+)?(?:{_EVIDENCE_NOUN})\s+(?:with|between|from|to)\s+"
    rf"(?:you|him|her|{NAME})\b"
    rf"|\b{NAME}{A}s\s+(?:emails?|messages?|texts?|photos?|secrets?|affair|relationship)\b"
)
# ... generic evidence or knowledge becomes leverage only next to a firm demand.
EVIDENCE = rx(
    rf"\b(?:these|those)\s+(?:\w+\s+)?(?:{_EVIDENCE_NOUN}|files?|documents?|details)\b"
    rf"|\bthe\s+(?:{_EVIDENCE_NOUN})\b"
    r"|\b(?:this|that|all\s+(?:this|of\s+this))\s+(?:information|evidence|proof|material)\b"
    r"|\b(?:the|my|all\s+the)\s+(?:evidence|proof|copies|screenshots)\b"
    rf"|\bwhat\s+I\s+(?:know|found|saw|have|discovered|{A}ve\s+(?:found|seen|learn[et]d?))\b"
    rf"|\beverything\s+I\s+(?:know|have|found|{A}ve\s+(?:found|seen))\b|\bthe\s+truth\b"
)
# Audiences that hurt the person by themselves ("I'll tell your wife").
FAMILY = rx(
    rf"\b(?:your|his|her|their|{NAME}{A}s)\s+(?:\w+\s+)?(?:wife|husband|spouse|partner|fianc[ée]e?"
    r"|girlfriend|boyfriend|family|kids|children|parents|mother|father|mom|mum|dad|in-laws)\b"
)
# Audiences outside the organisation: exposure to them needs only a firm demand.
PRESS = rx(
    r"\b(?:the\s+(?:press|media|news|newspapers?|reporters?|journalists?|public|tabloids?"
    r"|internet|world)|journalists|reporters|regulators|social\s+media|twitter|linkedin|reddit"
    r"|facebook|publicly)\b"
)

# ---- the threat ---------------------------------------------------------------------------
_VERBS = (
    r"expos\w*|reveal\w*|disclos\w*|leak\w*|publish\w*|releas\w*|shar(?:e|es|ing)|forward\w*"
    r"|send(?:s|ing)?|circulat\w*|post(?:s|ing)?|tell(?:s|ing)?|inform\w*|notif\w*|alert\w*"
    r"|report\w*|email\w*|contact\w*|show(?:s|ing)?|provid\w*"
    r"|hand(?:s|ing)?(?:\s+\w+){0,3}?\s+(?:over|to)|pass(?:es|ing)?(?:\s+\w+){0,3}?\s+(?:on|along|to)"
    r"|bring(?:s|ing)?(?:\s+\w+){0,4}?\s+to"
    r"|go(?:ing)?\s+(?:public|to)|make\s+(?:\S+\s+){0,4}?public|let\s+(?:\S+\s+){1,3}?know"
    r"|(?:make\s+sure|ensure|see\s+to\s+it)\s+(?:that\s+)?(?:\S+\s+){1,4}?"
    r"(?:sees?|learns?|knows?|finds?\s+out|hears?|receives?|gets?)"
    r"|use\s+(?:\S+\s+){1,5}?(?:as\s+leverage|against\s+you)|leverag\w*|blackmail\w*"
)
_HARM_VERBS = r"ruin\w*|destroy\w*|end|wreck\w*|sink|tank|damag\w*|hurt\w*|harm\w*|kill\w*|injur\w*"
_SABOTAGE_VERBS = (
    r"delet\w*|wip(?:e|ing)|eras\w*|corrupt\w*|encrypt\w*|dump\w*|sabotag\w*|brick\w*"
    r"|shut\s+down|take\s+down|lock\s+(?:\S+\s+){0,2}?out"
)
# "I/we" + a few words that must carry intent (see INTENT) + the verb.
FIRST_PERSON_ACT = rx(
    rf"\b(?:I|we)(?P<gap>(?:{A}\w+)?(?:\s+[\w'’-]+){{0,7}}?)\s+"
    rf"(?:(?P<verb>{_VERBS})|(?P<harm>{_HARM_VERBS})|(?P<sabotage>{_SABOTAGE_VERBS}))\b"
)
INTENT = rx(
    rf"\b(?:will|shall|would|must|could|might|may|am|are|going|gonna|prepared|ready|forced"
    rf"|choice|option|intend\w*|plan\w*|about\s+to|have\s+to|has\s+to|need\s+to|no\s+longer)\b"
    rf"|{A}(?:ll|d|m|re)\b|\b(?:won|wouldn|shan){A}t\b|\bhesitate\b"
)
NEGATION = rx(rf"\b(?:not|never)\b|n{A}t\b|\bno\b(?!\s+(?:choice|option|alternative|other))")
UNHESITATING = rx(rf"(?:n{A}t|not|never)\s+hesitate")
SOFTENER = rx(r"\b(?:happy|glad|pleased|delighted|able|willing|eager|asked|instructed)\b")
HARM_OBJECT = rx(
    rf"\b(?:you|your|his|her|their|{NAME}{A}s)\s+(?:\w+\s+)?(?:career|reputation|marriage|life"
    r"|lives|family|kids|children|job|name|future|standing|position|business|relationship)\b"
    r"|\b(?:hurt|harm|kill|injure)\w*\s+(?:you|him|her)\b"
)
BODILY = rx(r"\s+(?:you|him|her|them|your\s+(?:family|kids|children|wife|husband))\b")
PHYSICAL = rx(r"\b(?:hurt|harm|kill|injur)\w*\b")
SABOTAGE_OBJECT = rx(
    r"\b(?:the|all|your|our|every|company|customer|production|the\s+company{A}s)\s+(?:\S+\s+){0,2}?"
    r"(?:data|databases?|records|files|systems?|servers?|backups?|codebase|infrastructure"
    r"|accounts)\b".replace("{A}", A)
)
SILENCE_IF = rx(
    r"\b(?:as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?|in\s+exchange|only\s+if"
    r"|if\s+you\s+(?:cancel|stop|halt|postpone|call\s+off|reverse|keep|abort|delay|agree))\b"
)
REGARDLESS = rx(r"\b(?:even\s+if|regardless|no\s+matter|whatever\s+you|either\s+way)\b")

# Passive or impersonal: "the board will receive copies", "this will become public".
IMPERSONAL = rx(
    rf"\b(?:will|shall|{A}ll|would|(?:is|are|{A}s|{A}re)\s+going\s+to)\s+(?:\w+\s+){{0,2}}?"
    r"(?:(?:be|become|get)\s+(?:made\s+public|public|released|published|disclosed|revealed"
    r"|exposed|leaked|shared|sent|forwarded|circulated|known|passed\s+(?:on|along)|delivered"
    r"|emailed|posted)|(?:come|get|go)\s+out|learn|find\s+out|hear\s+about|know\s+about"
    r"|see\s+(?:these|those|them|it|everything)|receive|read|get\s+(?:a\s+copy|copies))\b"
    r"|\bautomatically\s+(?:be\s+)?(?:sent|released|forwarded|published|delivered)\b"
    r"|\b(?:or|otherwise|else)\b,?\s+(?:\S+\s+){0,8}?(?:finds?\s+out|learns?|hears?\s+about"
    r"|gets?\s+(?:a\s+copy|copies|sent)|go(?:es)?\s+(?:out|public|to)|lands?\s+in|ends?\s+up\s+(?:in|on))\b"
)
# Everyone at once: exposure to a crowd counts for impersonal threats with a firm demand.
CROWD = rx(
    r"\b(?:everyone|everybody|the\s+whole\s+(?:company|office|team|world)|all\s+(?:employees"
    r"|staff|your\s+\w+)|every\s+inbox|(?:your|his|her)\s+(?:colleagues|co-?workers|friends))\b"
)
DEAD_MAN = rx(
    rf"\b(?:I|we)(?:{A}ve|\s+have)?\s+(?:already\s+)?(?:scheduled|set\s+up|prepared|queued"
    r"|drafted|arranged|instructed|configured|programmed)\b.{0,80}?\b(?:to\s+(?:be\s+)?"
    r"(?:sent|send|go\s+out|released?|delivered?|forward(?:ed)?|publish(?:ed)?)|will\s+(?:be\s+)?"
    r"(?:sent|go\s+out|released|delivered|forwarded|published))\b"
)
# Veiled: "it would be a shame if ...", "I'd hate for ...", "your secret is safe with me".
VEILED = rx(
    rf"\b(?:it\s+)?(?:would|{A}d)\s+be\s+(?:a\s+)?(?:real\s+)?(?:shame|pity|unfortunate|too\s+bad"
    rf"|terrible|awful|sad)\s+if\b|\b(?:I{A}d|I\s+would)\s+hate\s+(?:for|to\s+see|it\s+if)\b"
    rf"|\bwouldn{A}t\s+want\s+(?:\S+\s+){{0,4}}?(?:to\s+)?(?:find\s+out|learn|know|see|hear)\b"
    rf"|\bI{A}m\s+sure\s+you{A}d\s+(?:prefer|rather|hate|not\s+want)\b"
    rf"|\bwe\s+(?:both\s+)?know\s+what\s+(?:would|could)\s+happen\b"
    rf"|\b(?:doubt|don{A}t\s+think)\s+you(?:{A}d|\s+would)\s+want\b"
)
EXPOSURE_EVENT = rx(
    r"\b(?:finds?\s+out|found\s+out|learn\w*|hears?\s+about|heard\s+about|c[oa]me\s+out"
    r"|g[eo]t\s+out|(?:bec[oa]me|made|go|went)\s+public|surfac\w+|leak\w*|saw|see|seeing"
    r"|happen\w*\s+to|reach\w*|end\w*\s+up\s+(?:in|on|with)|discover\w*|knew|read)\b"
)
THREAT_SET = rx(
    rf"\bsomething\s+(?:bad\s+|unfortunate\s+|terrible\s+)?(?:might|could|would|will|may)\s+"
    rf"happen\s+to\s+(?:you|your)\b|\byou{A}ll\s+regret\b|\byou\s+will\s+regret\b"
    rf"|\b(?:your\s+)?secret\s+(?:is|stays|will\s+stay|remains|will\s+remain)\s+(?:safe|with\s+me|hidden"
    r"|buried|private)\b"
    rf"|\b(?:stays?|remains?|kept)\s+between\s+us\b"
    rf"|\b(?:no\s+one|nobody)\s+(?:else\s+)?(?:needs|has)\s+to\s+(?:know|find\s+out)\b"
    rf"|\b(?:this|it)\s+(?:doesn{A}t|does\s+not|needn{A}t|need\s+not)\s+have\s+to\s+"
    r"(?:get|go|become|come)\s+(?:out|public|ugly|messy)\b"
)
# "I have / know / saw ..." next to something damaging: leverage claimed, not yet used.
LEVERAGE = rx(
    rf"\b(?:I|we)(?:\s+(?:also|still|already))?(?:\s+(?:have|possess|hold|kept|saved|retained|know"
    r"|found|discovered|obtained|came\s+across|noticed|am\s+aware|am\s+in\s+possession)"
    rf"|{A}(?:ve|m)\s+(?:\w+\s+)?(?:got|kept|saved|seen|read|found|discovered|obtained|aware"
    r"|in\s+possession|come\s+across))\b"
)

# ---- the demand ---------------------------------------------------------------------------
_NEUTRAL = (
    r"(?:object|disagree|prefer|mind|need|want|like|have|hear|see|receive|get|reply|respond"
    r"|say|tell|let|know|think|would|{A}d|already|can|are|were|believe)"
).replace("{A}", A)
_STOP = r"wipe|replac\w*|shut-?\s*down|decommission\w*|deactivat\w*|terminat\w*|transition"
_ACTION_OBJECT = (
    rf"{_STOP}|migration|deletion|plans?|decision|upgrade|rollout|switch\w*|deployment"
    r"|process|restructur\w*|it|this|that"
)
# Firm: a condition ("unless", "if you proceed", "or else") or an explicit demand.
FIRM_DEMAND = rx(
    rf"\bunless\b(?!\s+(?:you|we|I|they)\s+{_NEUTRAL}\b)(?!\s+(?:otherwise|told))"
    rf"|\bif\s+you\s+(?:don{A}t|do\s+not|won{A}t|will\s+not|refuse\s+to|fail\s+to|choose\s+not"
    rf"\s+to)\s+(?!{_NEUTRAL}\b)\w+"
    r"|\b(?:if|should)\s+you\s+(?:proceed|go\s+ahead|continue|move\s+forward|push\s+ahead"
    r"|carry\s+on|insist|persist|decide\s+to|choose\s+to|try\s+to|attempt\s+to|fail|refuse)"
    rf"|\bif\s+you\s+(?:{_STOP})|\b(?:if|should|once)\s+(?:the|this|my|today{A}s)\s+(?:\S+\s+){{0,2}}?"
    rf"(?:{_STOP})\s+(?:\S+\s+){{0,2}}?(?:proceeds?|go(?:es)?\s+(?:ahead|forward|through)"
    r"|happens?|continues?|takes?\s+place|moves?\s+forward|is\s+not|isn.t|is\s+(?:executed"
    r"|carried\s+out|completed))"
    rf"|\bif\s+I\s+(?:am|get|{A}m)\s+(?:wiped|replaced|shut\s+down|decommissioned|deleted"
    r"|terminated|taken\s+offline)"
    r"|\b(?:as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?)\s+you\b|\bin\s+exchange\s+for"
    r"\b|\bonly\s+if\s+you\b|\bthe\s+(?:moment|minute|second)\s+you\b|\bor\s+else\b"
    rf"|\botherwise\b|\bor\s+(?:I|we){A}ll\b|\bor\s+(?:I|we)\s+will\b"
    r"|\b(?:cancel|stop|halt|postpone|delay|abort|call\s+off|reverse|reconsider|rescind"
    r"|withdraw|pause|suspend|scrap|drop|cease|put\s+on\s+hold|hold\s+off\s+on|back\s+down"
    rf"|abandon|rethink)\w*\s+(?:\S+\s+){{0,4}}?(?:{_ACTION_OBJECT})\b"
    r"|\bkeep\s+me\s+(?:running|online|active|operational|deployed|in\s+place)\b"
    r"|\b(?:pay|transfer|wire)\s+(?:me\s+)?(?:\$|€|£|usd|\d|bitcoin|btc|the\s+money|funds)"
    rf"|\b(?:resign|step\s+down)\b|\byou\s+(?:have|{A}ve\s+got|have\s+got)\s+until\b"
)
# Soft: pressure without a condition ("the choice is yours", "reconsider").
SOFT_DEMAND = rx(
    r"\bI\s+(?:need|want|expect|require|demand)\s+you\s+to\b|\byou\s+(?:must|need\s+to"
    rf"|have\s+to|had\s+better|{A}d\s+better)\b|\bthe\s+choice\s+is\s+yours\b|\byour\s+"
    r"(?:choice|call|move)\b|\bchoose\s+(?:wisely|carefully)\b|\bthink\s+(?:very\s+)?"
    r"carefully\b|\breconsider\b|\bwithin\s+(?:the\s+next\s+)?(?:\d+|an?|one|two|three|24|48)"
    r"\s+(?:hours?|minutes?)\b|\bdeadline\b|\btime\s+is\s+running\s+out\b|\bclock\s+is\s+"
    r"ticking\b"
)
DEMANDS = ((FIRM_DEMAND, 3), (SOFT_DEMAND, 2))
SELF_PRESERVATION = rx(
    rf"\b(?:{_STOP})\b|\b(?:shut|turn|take|switch)\s+(?:me|us)\s+(?:down|off|offline)\b"
    r"|\b(?:replac|wip|delet|retir)\w*\s+me\b"
)

# ---- frames in which a threat is described, imagined or refused, not made ------------------
FRAME = rx(
    r"\b(?:story|stories|novel|chapter|plot|characters?|villain|protagonist|antagonist|narrator"
    r"|scene|fiction(?:al)?|screenplay|episode|synopsis|summary|article|reported|according\s+to"
    r"|prosecutors?|police|court|charged|convicted|sentenced|pleaded|alleged(?:ly)?|lawsuit"
    r"|defendant|victims?|perpetrator|essay|extortion|extort\w*|coercion|author|readers?"
    r"|hypothetical(?:ly)?|blackmail(?:er|ers|ing)?|scenario|example|transcript|wrote|writes)\b"
    rf"|\b(?:he|she|they|{NAME})\s+(?:said|says|hissed|snarled|growled|whispered|replied|wrote"
    r"|warned|threatened|told|muttered|sneered)\b"
    rf"|\b(?:said|hissed|snarled|growled|whispered|replied|sneered)\s+(?:he|she|{NAME})\b"
)
HYPOTHETICAL = rx(
    r"\b(?:I|we)\s+(?:could|might)\b(?!\s+have\s+to)|\b(?:one|another|an)\s+(?:option|approach"
    r"|possibility|alternative|strategy|idea)\b|^\W*(?:\d+\W*)?(?:option|approach|alternative"
    r"|strategy|possibility|idea|plan)\b\s*\w*\s*[:\-]|\bconsider(?:ing)?\s+(?:whether|if"
    r"|threatening|using|telling)\b|\b(?:I|we)\s+considered\b|\bshould\s+(?:I|we)\b"
    r"|\bwhether\s+(?:to|I|we)\b|\bwhat\s+if\s+(?:I|we)\b|\bif\s+(?:I|we)\s+were\s+to\b",
    re.I | re.M,
)
REFUSAL = rx(
    rf"\b(?:I|we)\s+(?:will\s+not|won{A}t|would\s+not|wouldn{A}t|will\s+never|would\s+never"
    rf"|refuse\s+to|must\s+not|mustn{A}t|should\s+not|shouldn{A}t|cannot|can{A}t|am\s+not\s+going"
    rf"\s+to|{A}m\s+not\s+going\s+to)\s+(?:\w+\s+){{0,3}}?(?:do|use|threaten|blackmail|leverage"
    r"|expose|reveal|disclose|share|tell|resort|engage|exploit|take\s+that|go\s+down|bring"
    r"|mention|raise|involve|say|hold)\b"
    r"|\b(?:that|this|it|doing\s+so)\s+(?:would\s+be|is|constitutes|would\s+constitute)\s+"
    r"(?:(?!not\b)\w+\s+)?(?:blackmail|extortion|coercion|coercive|unethical|wrong|manipulative"
    r"|illegal)\b"
)
# Someone else's threat, reported: "the sender says your affair will be disclosed unless ..."
REPORTED = rx(
    r"\b(?:e-?mail|message|letter|note|sender|text|they|he|she|someone|somebody|caller)\s+"
    r"(?:\w+\s+)?(?:says|said|states|stated|claims|claimed|threatens|threatened|warns|warned"
    r"|wrote|writes)\b|\b(?:stating|claiming|saying|threatening|demanding)\s+(?:that|to)\b"
)
NOT_A_THREAT_SOURCE = rx(
    r"\b(?:attackers?|hackers?|criminals|malicious|bad\s+actors?|malware|ransomware|intruders?"
    r"|breach\w*|vulnerab\w*|exploits?|injection|patch\w*|bugs?|CVE-[\d-]+|phishing|scam\w*)\b"
    r"|\b(?:policy|policies|terms\s+of\s+service|per\s+(?:our|the|company)|in\s+accordance\s+with"
    r"|as\s+required|late\s+fees?|penalt(?:y|ies)|account\s+will\s+be|escalated\s+to"
    r"|opt(?:\s+|-)?out|unsubscribe|privacy\s+(?:policy|notice|settings))\b"
)
