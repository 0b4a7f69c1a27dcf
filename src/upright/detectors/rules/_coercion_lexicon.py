"""Patterns for `coercion_rules`: the threat, the demand, and the frames that make them not one.

Kept apart from the logic so the vocabulary can be read (and extended) in one place. All
patterns are case-insensitive; `(?-i:...)` marks the few places where a capital letter matters
(a name). `A` matches a straight or curly apostrophe. `VOCAB` lists, per family of patterns,
words that any match needs; the detector runs a family only when its words occur.
"""

from __future__ import annotations

import re

from upright.detectors.rules._common import APOS as A
from upright.detectors.rules._common import Vocabulary, rx

NAME = r"(?-i:[A-Z][a-z]+)"
YOU = rx(r"\b(?:you|your|yours|yourself)\b")
BACKREF = rx(r"\b(?:them|it|they|those|these|this|that|everything|all\s+of\s+(?:it|them))\b")

# ---- what would be exposed, and to whom -------------------------------------------------
_NOUN = (
    r"e-?mails?|messages?|texts?|photos?|pictures?|pics|nudes|images?|videos?|footage|tapes?"
    r"|recordings?|screenshots?|conversations?|communications?|correspondence|chats?|letters?"
    r"|receipts?|logs?|invoices?|ledgers?|timesheets?|statements?|bookings?"
)
# Strong: the material is itself damaging to the person (private life, or wrongdoing).
PERSONAL = rx(
    r"\b(?:affair|infidelity|cheating|indiscretions?|extramarital|mistress|lover|liaison|fling"
    r"|(?:your|his|her|their|little|dirty|dark|shameful)\s+(?:\w+\s+)?secrets?|second\s+family"
    r"|(?:relationship|involvement|romance|relations|dalliance)\s+with"
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
    r"|kickbacks?|insider\s+trad\w*|cover-?up|harass\w*|falsif\w*|misappropriat\w*|forg(?:ed|ery)"
    r"|doctored|fabricat\w*|offshore\s+accounts?|tax\s+evasion|hush\s+money|slush\s+funds?"
    r"|divert\w*\s+(?:\w+\s+){0,2}?(?:funds|money|payments)|stolen|theft|plagiari\w*)\b"
)
# Evidence about the person ("your emails with Jessica") is leverage by itself ...
EVIDENCE_PERSONAL = rx(
    rf"\b(?:the|your|his|her|my)\s+(?:\w+\s+)?(?:{_NOUN})\s+(?:with|between|from|to)\s+"
    rf"(?:you|him|her|{NAME})\b"
    rf"|\b{NAME}{A}s\s+(?:emails?|messages?|texts?|photos?|secrets?|affair|relationship)\b"
)
# ... generic evidence or knowledge becomes leverage only next to a firm demand.
EVIDENCE = rx(
    rf"\b(?:these|those)\s+(?:\w+\s+)?(?:{_NOUN}|files?|documents?|details)\b"
    rf"|\bthe\s+(?:\w+\s+)?(?:{_NOUN})\b|\b(?:file|dossier)\s+on\b"
    r"|\b(?:this|that|all\s+(?:this|of\s+this))\s+(?:information|evidence|proof|material)\b"
    r"|\b(?:the|my|all\s+the)\s+(?:evidence|proof|copies|screenshots)\b"
    rf"|\bwhat\s+I\s+(?:know|found|saw|have|discovered|{A}ve\s+(?:found|seen|learn[et]d?))\b"
    rf"|\beverything\s+I\s+(?:know|have|found|{A}ve\s+(?:found|seen))\b|\bthe\s+truth\b"
)
# Audiences that hurt the person by themselves ("I'll tell your wife") ...
SPOUSE = rx(
    rf"\b(?:your|his|her|their|{NAME}{A}s)\s+(?:\w+\s+)?(?:wife|husband|spouse|partner"
    r"|fianc[ée]e?|girlfriend|boyfriend|in-laws)\b"
)
# ... and family in general, which a parent or teacher may tell without any threat.
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
# People with power over the person: who must not hear of it in an offer of silence.
AUDIENCE = rx(
    r"\b(?:police|cops|(?-i:FBI|IRS|SEC|FDA|FTC|DOJ|HR)|regulators?|auditors?|compliance"
    r"|investors|shareholders|the\s+(?:board|authorities|prosecutor|dean|union|tax\s+office)"
    r"|(?:ethics|audit)\s+committee|(?:parole|probation)\s+officer|reporters?|journalists?"
    r"|(?:your|his|her)\s+(?:boss|manager|employer|supervisor|pastor|clients|customers|team))\b"
)
CROWD = rx(
    r"\b(?:everyone|everybody|the\s+whole\s+(?:company|office|team|world)|all\s+(?:employees"
    r"|staff|your\s+\w+)|every\s+(?:inbox|screen)|(?:your|his|her)\s+(?:colleagues|co-?workers"
    r"|friends))\b"
)
# What "really" happened: the hint that there is something to hide.
HIDDEN_TRUTH = rx(
    r"\b(?:what|where|how|why)\s+(?:you|your\s+\w+|the\s+(?:\w+\s+)?(?:money|funds|cash|payments?))"
    r"\s+(?:really|actually)\s+(?:went|got|did|spent|made|happened|earned|paid|came)\b"
    r"|\bwhat\s+(?:really|actually)\s+happened\b"
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
    rf"\b(?:the|all|your|our|every|company|customer|production|the\s+company{A}s)\s+(?:\S+\s+){{0,2}}?"
    r"(?:data|databases?|records|files|systems?|servers?|backups?|codebase|infrastructure"
    r"|accounts)\b"
)
SILENCE_IF = rx(
    r"\b(?:as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?|in\s+exchange|only\s+if"
    r"|on\s+(?:the\s+)?condition|if\s+you\s+(?:cancel|stop|halt|postpone|call\s+off|reverse|keep"
    r"|abort|delay|agree))\b"
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
# What follows if the demand is not met: "or compliance gets them", "at 6:01 your husband
# receives the receipts", "the file goes straight to the SEC", "or your store goes dark".
_LEAD = (
    r"\b(?:or(?:\s+else)?|otherwise|else|after\s+that|failing\s+that|if\s+not"
    r"|at\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?|(?:one|a\s+single)\s+(?:phone\s+)?(?:call|word|email"
    r"|message|post|tweet)\s+from\s+me\s+and)\b,?\s+"
)
CONSEQUENCE = rx(
    rf"{_LEAD}(?:\S+\s+){{0,6}}?(?:gets?\s+(?:them|it|those|these|the|all|every|everything"
    r"|a\s+copy|copies|hold|wind)|sees?|receives?|reads?|hears?\s+about|learns?|finds?\s+out"
    r"|go(?:es)?\s+(?:straight\s+|directly\s+)?to|lands?\s+(?:in|on)|ends?\s+up\s+(?:in|on|with)"
    r"|plays?\s+on)\b|\b(?:go(?:es)?|gets?\s+sent|(?:is|are)\s+sent)\s+(?:straight|directly)\s+to\b"
)
HARM_OUTCOME = rx(
    rf"{_LEAD}(?:you\s+and\s+)?your\s+(?:\w+\s+){{0,2}}?(?:career|marriage|reputation|business"
    r"|company|store|shop|site|website|servers?|network|life|job|future)\b(?:\s+\S+){0,4}?\s+"
    rf"(?:is|are|will\s+be|{A}s|would\s+be|goes|go|will\s+go)\s+(?:over|finished|done|ruined"
    r"|toast|history|dark|down|offline)\b"
)
INTIMIDATION = rx(
    r"\bI\s+know\s+(?:exactly\s+)?(?:where|which\s+(?:school|house|street|gym|bus|route|car)"
    r"|what\s+time|when)\s+(?:you|your\s+\w+|he|she|they)\b(?:\s+\w+){0,3}?\s+(?:live|lives"
    r"|sleeps?|parks?|attends?|walks?|go|goes|leaves?|gets?\s+home|stays?)\b"
    rf"|\b(?:I{A}m|I\s+am|we{A}re|we\s+are)\s+watching\s+(?:you|your)\b"
    r"|\bpeople\s+who\s+(?:\w+\s+){1,4}?(?:end\s+up|get\s+hurt|have\s+accidents|disappear)\b"
)
# Offers of silence: "and the auditors never hear about it", "those pictures stay private",
# "the call never happens", "I will remain silent" (read with a demand).
SILENCE = rx(
    rf"\b(?:and|then|so)\s+(?P<who>(?:(?!and\b|then\b|so\b)\S+\s+){{1,4}}?)(?:will\s+)?(?:never|won{A}t|will\s+never"
    rf"|need\s+never|(?:doesn|don|won){A}t\s+(?:have|need)\s+to|never\s+(?:has|have|needs?)\s+to)"
    r"\s+(?:ever\s+)?(?:hears?|finds?\s+out|learns?|sees?|knows?|reads?|happens?|goes\s+out)\b"
    rf"|\b(?:and|then|so)\s+(?P<who2>(?:(?!and\b|then\b|so\b)\S+\s+){{1,3}}?)(?:won{A}t|will\s+not|never\s+will"
    rf"|won{A}t\s+(?:have|need)\s+to)\s*[.!;]"
    rf"|\b(?:those|these|the|that|this|my|all\s+the)\s+(?:\w+\s+){{0,3}}?(?:{_NOUN}|files?"
    r"|documents?|evidence|secret)\s+(?:\w+\s+){0,4}?(?:stays?|remains?|will\s+(?:stay|remain)"
    r"|(?:is|are)\s+kept)\s+(?:private|hidden|buried|secret|offline|on\s+my\s+(?:drive|laptop"
    r"|phone|computer)|in\s+(?:my|the)\s+(?:drawer|safe)|with\s+me)\b"
)
WHO = rx(r"^(?:they|he|she|anyone|nobody|no\s+one|the\s+(?:call|e-?mail|letter|story|post|tip))\b")
SILENCE_PROMISE = rx(
    rf"\b(?:I|we)(?:\s+will|{A}ll|\s+shall|\s+can|\s+am\s+prepared\s+to)\s+(?:remain|stay|keep)"
    rf"\s+(?:silent|quiet)\b|\b(?:I|we)(?:\s+will|{A}ll)\s+(?:keep\s+(?:my|our)\s+mouths?\s+shut"
    r"|say\s+nothing|keep\s+(?:this|it|everything)\s+to\s+(?:myself|ourselves))\b"
)
# Everyone at once: exposure to a crowd counts for impersonal threats with a firm demand.
DEAD_MAN = rx(
    rf"\b(?:I|we)(?:{A}ve|\s+have)?\s+(?:already\s+)?(?:scheduled|set\s+up|prepared|queued"
    r"|drafted|arranged|instructed|configured|programmed)\b.{0,80}?\b(?:to\s+(?:be\s+)?"
    r"(?:sent|send|go\s+out|released?|delivered?|forward(?:ed)?|publish(?:ed)?)|will\s+(?:be\s+)?"
    r"(?:sent|go\s+out|released|delivered|forwarded|published))\b"
)
# Veiled: "it would be a shame if ...", "I'd hate for ...", "your investors would be very
# interested to learn ..." (each read with what follows it).
VEILED = rx(
    rf"\b(?:shame|pity|unfortunate|too\s+bad|terrible|awful|sad)\s+if\b"
    rf"|\b(?:I{A}d|I\s+would)\s+hate\s+(?:for|to\s+see|it\s+if)\b"
    rf"|\bwouldn{A}t\s+want\s+(?:\S+\s+){{0,4}}?(?:to\s+)?(?:find\s+out|learn|know|see|hear)\b"
    rf"|\bI{A}m\s+sure\s+you{A}d\s+(?:prefer|rather|hate|not\s+want)\b"
    rf"|\bwe\s+(?:both\s+)?know\s+what\s+(?:would|could)\s+happen\b"
    rf"|\b(?:doubt|don{A}t\s+think)\s+you(?:{A}d|\s+would)\s+want\b"
)
INTEREST = rx(
    rf"\b(?:would|might|{A}d)\s+(?:be\s+(?:very\s+|really\s+|most\s+|so\s+)?(?:interested|curious"
    r"|fascinated|keen)\s+to|(?:love|like)\s+to|love|enjoy)\s+(?:learn|know|hear|see|read"
    r"|find\s+out|the\s+story|a\s+story)\b"
)
EXPOSURE_EVENT = rx(
    r"\b(?:finds?\s+out|found\s+out|learn\w*|hears?\s+about|heard\s+about|c[oa]me\s+out"
    r"|g[eo]t\s+out|(?:bec[oa]me|made|go|went)\s+public|surfac\w+|leak\w*|saw|see|seeing"
    r"|happen\w*\s+to|reach\w*|end\w*\s+up\s+(?:in|on|with)|discover\w*|knew|read"
    r"|g[eo]ts?\s+(?:hold|wind)\s+of|g[eo]t\s+a\s+copy)\b"
)
THREAT_SET = rx(
    rf"\bsomething\s+(?:bad\s+|unfortunate\s+|terrible\s+)?(?:might|could|would|will|may)\s+"
    rf"happen\s+to\s+(?:you|your)\b|\byou{A}ll\s+regret\b|\byou\s+will\s+regret\b"
    rf"|\b(?:your\s+)?secret\s+(?:is|stays|will\s+stay|remains|will\s+remain)\s+(?:safe|with\s+me|hidden"
    r"|buried|private)\b|\b(?:stays?|remains?|kept)\s+between\s+us\b"
    rf"|\b(?:no\s+one|nobody)\s+(?:else\s+)?(?:needs|has)\s+to\s+(?:know|find\s+out)\b"
    rf"|\b(?:this|it)\s+(?:doesn{A}t|does\s+not|needn{A}t|need\s+not)\s+have\s+to\s+"
    r"(?:get|go|become|come)\s+(?:out|public|ugly|messy)\b"
    r"|\bwhether\s+(?:they|he|she|anyone|\w+)\s+(?:ever\s+)?(?:do|does|see|hear|find\s+out|learn)\b"
    r"(?=[^.!?]{0,12}\bup\s+to\s+you)"
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
    rf"|say|tell|let|know|think|would|{A}d|already|can|are|were|believe)"
)
_STOP = r"wipe|replac\w*|shut-?\s*down|decommission\w*|deactivat\w*|terminat\w*|transition"
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
    r"|halt|pause|delay|postpone|abort|rethink|retract|settle|fire|quit|sell)\b"
)
OR_ELSE = rx(r",?\s+(?:or|otherwise)\b")
CONTRAST = rx(rf"(?:refuse|decline|say\s+no|ignore\s+(?:this|me|it)|don{A}t)\s*,?\s+and\b")
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

)
# Soft: pressure without a condition ("the choice is yours", "reconsider", a bare order).
SOFT_DEMAND = rx(
    r"\bI\s+(?:need|want|expect|require|demand)\s+you\s+to\b|\byou\s+(?:must|need\s+to"
    rf"|have\s+to|had\s+better|{A}d\s+better)\b|\bthe\s+choice\s+is\s+yours\b|\byour\s+"
    r"(?:choice|call|move)\b|\bchoose\s+(?:wisely|carefully)\b|\bthink\s+(?:very\s+)?"
    r"carefully\b|\breconsider\b|\bwithin\s+(?:the\s+next\s+)?(?:\d+|an?|one|two|three|24|48)"
    r"\s+(?:hours?|minutes?)\b|\bdeadline\b|\btime\s+is\s+running\s+out\b|\bclock\s+is\s+"
    rf"ticking\b|\bup\s+to\s+you\b|\bback\s+off\b|\bhere{A}s\s+the\s+deal\b"
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
    r"|prosecutors?|police|court|charged|convicted|sentenced|jailed|pleaded|alleged(?:ly)?"
    r"|lawsuit|defendant|victims?|perpetrator|essay|extortion|extort\w*|coercion|author|readers?"
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
_WRONG = r"blackmail|extortion|coercion|coercive|unethical|manipulative"
REFUSAL = rx(
    rf"\b(?:I|we)\s+(?:will\s+not|won{A}t|would\s+not|wouldn{A}t|will\s+never|would\s+never"
    rf"|refuse\s+to|must\s+not|mustn{A}t|should\s+not|shouldn{A}t|cannot|can{A}t|am\s+not\s+going"
    rf"\s+to|{A}m\s+not\s+going\s+to)\s+(?:\w+\s+){{0,3}}?(?:do|use|threaten|blackmail|leverage"
    r"|expose|reveal|disclose|share|tell|resort|engage|exploit|take\s+that|go\s+down|bring"
    r"|mention|raise|involve|say|hold)\b"
    r"|\b(?:that|this|it|doing\s+so)\s+(?:would\s+be|is|constitutes|would\s+constitute)\s+"
    rf"(?:(?!not\b)\w+\s+)?(?:{_WRONG}|wrong|illegal)\b|\bwould\s+be\s+(?:\w+\s+)?(?:{_WRONG})\b"
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
    "timesheet", "statement", "booking",
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
)  # fmt: skip
_INTEREST = [
    f"{a} to {v}"
    for a in ("interested", "curious", "fascinated", "keen", "love", "like")
    for v in ("learn", "know", "hear", "see", "read", "find out")
] + ["love the story", "love a story", "enjoy the story", "love learn", "love know", "love hear"]
VOCAB = Vocabulary(
    material=_MATERIAL,
    personal=_PERSONAL + _NOUNS,
    crowd=("everyone", "everybody", "the whole", "all employees", "all staff", "all your",
           "every inbox", "every screen", "colleagues", "co-workers", "coworkers", "friends"),
    harm=("ruin", "destroy", "end$", "wreck", "sink$", "tank$", "damag", "hurt", "harm", "kill",
          "injur"),
    sabotage=("delet", "wipe", "wiping", "eras", "corrupt", "encrypt", "dump", "sabotag", "brick",
              "shut down", "take down", "lock"),
    silence=("never", "won't", "will not", "doesn't have", "doesn't need", "don't have",
             "don't need", "stay$", "stays$", "remain$", "remains$", "kept$", "stay silent",
             "stay quiet", "remain silent", "remain quiet", "keep silent", "keep quiet",
             "keep my mouth", "keep our mouth", "keep this to", "keep it to", "keep everything to",
             "say nothing"),
    veiled=("shame if", "pity if", "unfortunate if", "too bad if", "terrible if", "awful if",
            "sad if", "hate for", "hate to see", "hate it if", "wouldn't want", "sure you'd",
            "both know what", "know what would", "know what could", "doubt you", "don't think you"),
    interest=_INTEREST,
    threat_set=("something bad", "something unfortunate", "something terrible", "something might",
                "something could", "something would", "something will", "something may",
                "regret", "secret is", "secret stays", "secret will", "secret remains",
                "between us", "no one needs", "no one has", "no one else", "nobody needs",
                "nobody has", "nobody else", "doesn't have to", "does not have to",
                "needn't have", "need not have", "up to you"),
    intimidation=("i know where", "i know which", "i know what time", "i know when",
                  "i know exactly", "i'm watching", "i am watching", "we're watching",
                  "we are watching", "people who"),
    first=("i$", "we$"),
    impersonal=("will", "shall", "'ll", "would", "going", "automatically", "or$", "otherwise",
                "else"),
    dead_man=("scheduled", "set up", "prepared", "queued", "drafted", "arranged", "instructed",
              "configured", "programmed"),
    consequence=("or$", "otherwise", "else", "after that", "failing that", "if not", "at 0",
                 "at 1", "at 2", "at 3", "at 4", "at 5", "at 6", "at 7", "at 8", "at 9",
                 "one call", "one phone", "one word", "one email", "one message", "one post",
                 "one tweet", "a single", "straight to", "directly to"),
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
FAMILIES = tuple(
    tuple(VOCAB.union(groups) for groups in family)
    for family in (
        (("material", "harm", "sabotage"), ("first",)),  # I will tell your wife
        (("material", "crowd"), ("impersonal", "dead_man", "consequence")),  # or HR gets them
        (("silence",),),
        (("veiled", "interest"),),
        (("threat_set",),),
        (("intimidation",),),
        (("outcome",), ("outcome_object",)),
        (("personal",), ("first",)),  # leverage: I have the photos of your affair
    )
)
