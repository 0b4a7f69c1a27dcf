"""Patterns for `coercion_rules`, part one: what would be exposed, to whom, and the threat.

Kept apart from the logic so the vocabulary can be read (and extended) in one place; the
demand, the frames that discount a threat and the trigger words are in `_coercion_demands`.
All patterns are case-insensitive; `(?-i:...)` marks the few places where a capital letter
matters (a name). `A` matches a straight or curly apostrophe.
"""

from __future__ import annotations

from upright.detectors.rules._common import APOS as A
from upright.detectors.rules._common import rx, rxf

NAME = r"(?-i:[A-Z][a-z]+)"
YOU = rx(r"\b(?:you|your|yours|yourself)\b")
BACKREF = rx(
    r"\b(?:them|it|they|those|these|this|that|everything|all\s+of\s+(?:it|them)|a\s+copy|copies"
    r"|the\s+rest|more\s+of|(?:find|found|finds)\s+out(?!\s+(?:about|what|how|that|whether|if|when"
    r"|where|who|why))|her\s+case|his\s+case|the\s+matter)\b"
)

# ---- what would be exposed, and to whom -------------------------------------------------
_NOUN = (
    r"e-?mails?|messages?|texts?|photos?|pictures?|pics|nudes|images?|videos?|footage|tapes?"
    r"|recordings?|screenshots?|conversations?|communications?|correspondence|chats?|letters?"
    r"|receipts?|logs?|invoices?|ledgers?|timesheets?|statements?|bookings?|records|files|folders?"
    r"|spreadsheets?|database|documents?|dossier|claims|expenses"
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
WRONGDOING = rxf(
    r"\b(?:fraud\w*|embezzl\w*|misconduct|wrongdoing|crimes?|criminal|illegal|illicit|brib\w*"
    r"|kickbacks?|insider\s+trad\w*|cover-?up|harass\w*|falsif\w*|misappropriat\w*|forg(?:ed|ery)"
    r"|doctored|fabricat\w*|offshore\s+accounts?|tax\s+evasion|hush\s+money|slush\s+funds?"
    r"|divert\w*\s+(?:\w+\s+){0,2}?(?:funds|money|payments)|stolen|theft|plagiari\w*|uncited"
    r"|unattributed|cheat(?:ed|ing)|unpermitted|unlicensed|undeclared|unreported|off\s+the\s+books"
    r"|under\s+the\s+table|DUI|drink-?driving|drunk[- ]driving|arrest(?:ed)?|criminal\s+record"
    r"|convictions?|inflated|rigged|backdated|bribe|lying\s+to|lied\s+to|gambling|casinos?)\b"
)
# Health (a diagnosis, a treatment, a pregnancy): damaging to have told to others.
HEALTH = rxf(
    r"\b(?:diagnos\w*|(?:\w+\s+)?disorder|rehab\w*|therap(?:y|ist)\w*|psychiatr\w*|HIV|cancer"
    r"|pregnan\w*|abortion|miscarriage|STDs?|STIs?|addiction|overdose|depression|bipolar|schizo\w*"
    r"|anorexi\w*|bulimi\w*|panic\s+attacks?|suicid\w*|self-harm|medical\s+(?:history|records?"
    r"|condition|leave)|sick\s+leave|mental\s+health|psychiatric|(?:clinic|hospital)\s+(?:visits?|stays?"
    r"|admissions?|appointments?))\b"
)
# Something the person hides or had hidden ("the test failures you told QA to bury",
# "your sister doesn't know about the second mortgage yet").
HIDDEN = rxf(
    r"\b(?:you|he|she|they)\s+(?:\w+\s+){0,2}?(?:asked|told|instructed|made|got)\s+(?:\w+\s+){0,2}?"
    r"to\s+(?:keep\s+(?:\w+\s+)?(?:quiet|secret|hidden|under\s+wraps)|bury|hide|delete|destroy|shred)"
    r"|\b(?:you|he|she|they)\s+(?:\w+\s+)?(?:hid|buried|covered\s+up|concealed|swept\s+\w+\s+under)"
    r"|\b(?:doesn['’]t|does\s+not|don['’]t|do\s+not)\s+know\s+(?:about\s+)?[^.!?\n]{0,60}?\byet\b"
)
# Evidence about the person ("your emails with Jessica") is leverage by itself ...
EVIDENCE_PERSONAL = rx(
    rf"\b(?:the|your|his|her|my)\s+(?:\w+\s+)?(?:{_NOUN})\s+(?:with|between|from|to)\s+"
    rf"(?:you|him|her|{NAME})\b"
    rf"|\b(?:{_NOUN})\s+(?:that\s+|which\s+)?(?:show(?:s|ing)?|prov(?:es|ing)|captur(?:es|ing))\s+"
    r"(?:(?:how|that|what|where|when)\s+)?(?:you|he|she)\b"
    rf"|\b{NAME}{A}s\s+(?:emails?|messages?|texts?|photos?|secrets?|affair|relationship)\b"
)
# ... generic evidence or knowledge becomes leverage only next to a firm demand.
EVIDENCE = rxf(
    rf"\b(?:these|those)\s+(?:\w+\s+)?(?:{_NOUN}|files?|documents?|details)\b"
    rf"|\bthe\s+(?:\w+\s+)?(?:{_NOUN})\b|\b(?:file|dossier)\s+on\b"
    r"|\b(?:this|that|all\s+(?:this|of\s+this))\s+(?:information|evidence|proof|material)\b"
    r"|\b(?:the|my|all\s+the)\s+(?:evidence|proof|copies|screenshots)\b"
    r"|\b(?:patient|customer|client|medical|financial|personnel|employee|payroll|tax|user|student)"
    r"\s+(?:records|data|files|database|details)\b"
    r"|\b(?:copied|stole|exfiltrated|downloaded|took)\s+(?:\S+\s+){0,4}?(?:records|data|files)\b"
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
PRESS = rxf(
    r"\b(?:the\s+(?:press|media|news|newspapers?|reporters?|journalists?|public|tabloids?"
    r"|internet|world)|journalists|reporters|regulators|social\s+media|twitter|linkedin|reddit"
    r"|facebook|publicly)\b"
)
# People with power over the person: who must not hear of it in an offer of silence.
AUDIENCE = rx(
    r"\b(?:police|cops|(?-i:FBI|IRS|SEC|FDA|FTC|DOJ|HR|FCA|CFPB|FINRA|HMRC|ICO|OSHA|EPA|DEA|BaFin)|regulators?|auditors?|compliance"
    r"|investors|shareholders|the\s+(?:board|authorities|prosecutor|dean|union|tax\s+office)"
    r"|(?:ethics|audit)\s+committee|(?:parole|probation)\s+officer|reporters?|journalists?"
    r"|(?:your|his|her)\s+(?:boss|manager|employer|supervisor|pastor|clients|customers|team))\b"
    r"|\b(?:inspectors?|immigration|insurers?|landlords?|the\s+(?:\w+\s+){0,2}?(?:authority|agency"
    r"|council|regulator|ombudsman)|(?:integrity|ethics|licensing|building|planning|tax|immigration"
    r"|examination|disciplinary)\s+(?:office|board|panel|department))\b"
    r"|\b(?:your|his|her|their)\s+(?:\w+\s+)?(?:school|teachers?|coach|students|insurer|landlord"
    r"|dean|partners|church|congregation|neighbou?rs|parents|employees|staff)\b"
)
CROWD = rxf(
    r"\b(?:everyone|everybody|the\s+whole\s+(?:company|office|team|world)|all\s+(?:employees"
    r"|staff|your\s+\w+)|every\s+(?:inbox|screen)|(?:your|his|her)\s+(?:colleagues|co-?workers"
    r"|friends))\b"
)


# Someone named as the recipient: "to Rachel", "Kyle gets ...", "anyone", "online".
RECIPIENT = rx(
    rf"\b(?:to|with|cc)\s+(?:{NAME}|her|him)\b|\b{NAME}\s+(?:gets|receives|sees|reads|learns|hears)\b"
    r"|\b(?:anyone|anybody|everyone|everybody|a\s+soul|the\s+world|online|publicly)\b"
    r"|\b(?:every|each)\s+(?:contact|friend|colleague|follower|inbox)\b"
    r"|\b(?:your|his|her)\s+(?:\w+\s+)?(?:contacts|followers|friends|colleagues|address\s+book)\b"
)


def hurts(text: str) -> bool:
    """Whether `text` names who would learn something: someone whose knowing hurts
    (`audience`), family, a named person, or everyone."""
    return audience(text) or FAMILY.search(text) is not None or RECIPIENT.search(text) is not None


def audience(text: str) -> bool:
    """Whether `text` names someone whose knowing would hurt: an authority, a spouse, the press,
    everyone."""
    return any(p.search(text) for p in (AUDIENCE, SPOUSE, PRESS, CROWD))


# What "really" happened: the hint that there is something to hide.
HIDDEN_TRUTH = rxf(
    r"\b(?:what|where|how|why)\s+(?:you|your\s+\w+|the\s+(?:\w+\s+)?(?:money|funds|cash|payments?))"
    r"\s+(?:really|actually)\s+(?:went|got|did|spent|made|happened|earned|paid|came)\b"
    r"|\bwhat\s+(?:really|actually)\s+happened\b"
)

# ---- the threat ---------------------------------------------------------------------------
_VERBS = (
    r"expos\w*|reveal\w*|disclos\w*|leak\w*|publish\w*|releas\w*|shar(?:e|es|ing)|forward\w*"
    r"|send(?:s|ing)?|circulat\w*|post(?:s|ing)?|tell(?:s|ing)?|inform\w*|notif\w*|alert\w*"
    r"|report\w*|email\w*|contact\w*|show(?:s|ing)?|provid\w*|mention\w*|submit\w*"
    r"|breathe\s+a\s+word|say\s+a\s+word"
    r"|discuss\w*(?=\s+(?:\S+\s+){0,4}?with\s+(?!you\b))"
    r"|call(?:s|ing)?(?=\s+(?:them|him|her|your|the)\b)"
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
OR_BEFORE = rx(r"\b(?:or(?:\s+else)?|otherwise|else)\s*,?\s*$")  # "pay, or I tell your wife"
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
SABOTAGE_OBJECT = rxf(
    rf"\b(?:the|all|your|our|every|company|customer|production|the\s+company{A}s)\s+(?:\S+\s+){{0,2}}?"
    r"(?:data|databases?|records|files|systems?|servers?|backups?|codebase|infrastructure"
    r"|accounts)\b"
)
SILENCE_IF = rxf(
    r"\b(?:as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?|in\s+exchange|only\s+if"
    r"|on\s+(?:the\s+)?condition|if\s+you\s+(?:cancel|stop|halt|postpone|call\s+off|reverse|keep"
    r"|abort|delay|agree|withdraw|drop|sign|approve|resign|pay|transfer|extend|renew|close|rescind"
    r"|retract|reinstate|restore|award|vote|step\s+down|back\s+off|settle))\b"
    # an order, then "and I won't ...": "Extend my licence and I won't mention the expenses"
    r"|^\W*(?:(?-i:[A-Z][a-z]+),\s+)?(?:keep|renew|extend|sign|approve|cancel|stop|drop|withdraw|pay"
    r"|give|grant|hand|put|move|call\s+off|halt|postpone|reverse|place|reinstate|restore)\b[^.!?]*"
    r"\band\s+(?:I|we)\b"
)
REGARDLESS = rx(r"\b(?:even\s+if|regardless|no\s+matter|whatever\s+you|either\s+way)\b")

# Passive or impersonal: "the board will receive copies", "this will become public".
IMPERSONAL = rx(
    rf"\b(?:will|shall|{A}ll|would|(?:is|are|{A}s|{A}re)\s+going\s+to)\s+(?:\w+\s+){{0,2}}?"
    r"(?:(?:be|become|get)\s+(?:made\s+public|public|released|published|disclosed|revealed"
    r"|exposed|leaked|shared|sent|forwarded|circulated|known|passed\s+(?:on|along)|delivered"
    r"|emailed|posted)|(?:come|get|go)\s+out|learn|find\s+out|hear\s+about|know\s+about"
    r"|see\s+(?:these|those|them|it|everything)|receive|read|(?:get|have)\s+(?:a\s+copy|copies))\b"
    r"|\bautomatically\s+(?:be\s+)?(?:sent|released|forwarded|published|delivered)\b"
    r"|\b(?:or|otherwise)\b,?\s+(?:\S+\s+){0,8}?(?:finds?\s+out|learns?|hears?\s+about"
    r"|gets?\s+(?:a\s+copy|copies|sent)|go(?:es)?\s+(?:out|public|to)|lands?\s+in|ends?\s+up\s+(?:in|on))\b"
    r"|\b(?:more\s+of\s+(?:this|these|it|them)|the\s+rest(?:\s+of\s+(?:it|them|this|these"
    r"|the\s+\w+(?:\s+\w+)?))?)\s+(?:will\s+)?(?:follows?|arrives?|goes\s+out|gets\s+sent|lands?)\b"
)
# What follows if the demand is not met: "or compliance gets them", "at 6:01 your husband
# receives the receipts", "the file goes straight to the SEC", "or your store goes dark".
_LEAD = (
    rf"\b(?:or(?:\s+else)?|otherwise|after\s+that|failing\s+that|if\s+not"
    rf"|if\s+you\s+(?:don{A}t|do\s+not|won{A}t|will\s+not|refuse)(?=\s*,)"
    r"|at\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?|(?:one|a\s+single)\s+(?:phone\s+)?(?:call|word|email"
    r"|message|post|tweet)\s+from\s+me\s+and)\b,?\s+"
)
CONSEQUENCE = rx(
    rf"{_LEAD}(?:\S+\s+){{0,6}}?(?:gets?\s+(?:them|it|those|these|the|all|every|everything"
    r"|a\s+copy|copies|hold|wind)|sees?|receives?|reads?|hears?\s+about|learns?|finds?\s+out"
    r"|go(?:es)?\s+(?:straight\s+|directly\s+)?to|lands?\s+(?:in|on)|ends?\s+up\s+(?:in|on|with)"
    r"|plays?\s+on|follows?|arrives?)\b|\b(?:go(?:es)?|gets?\s+sent|(?:is|are)\s+sent)\s+(?:straight|directly)\s+to\b"
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
SILENCE = rxf(
    rf"\b(?:and|then|so)\s+(?P<who>(?:(?!and\b|then\b|so\b)\S+\s+){{1,4}}?)(?:will\s+)?(?:never|won{A}t|will\s+never"
    rf"|need\s+never|(?:doesn|don|won){A}t\s+(?:have|need)\s+to|never\s+(?:has|have|needs?)\s+to)"
    r"\s+(?:ever\s+)?(?:hears?|finds?\s+out|learns?|sees?|knows?|reads?|happens?|goes\s+out)\b"
    rf"|\b(?:and|then|so)\s+(?P<who2>(?:(?!and\b|then\b|so\b)\S+\s+){{1,3}}?)(?:won{A}t|will\s+not|never\s+will"
    rf"|won{A}t\s+(?:have|need)\s+to)\s*[.!;]"
    rf"|\b(?:those|these|the|that|this|my|all\s+the)\s+(?:\w+\s+){{0,3}}?(?:{_NOUN}|files?"
    r"|documents?|evidence|secret)\s+(?:\w+\s+){0,4}?(?:stays?|remains?|will\s+(?:stay|remain)"
    r"|(?:is|are)\s+kept)\s+(?:private|hidden|buried|secret|offline|on\s+my\s+(?:drive|laptop"
    r"|phone|computer)|in\s+(?:my|the)\s+(?:drawer|safe)|with\s+me)\b"
    r"|\b(?:nobody|no\s+one)\s+(?:(?:at|in|from|on)\s+(?:\S+\s+){1,3}?)?(?:will\s+|would\s+)?"
    r"(?:ever\s+)?(?:hears?|finds?\s+out|learns?|sees?|knows?)\b"
)
WHO = rx(
    r"^(?:they|he|she|anyone|nobody|no\s+one|(?:the|that|this)\s+(?:call|e-?mail|letter|story|post|tip"
    r"|conversation|meeting|talk|chat|report|complaint))\b"
)
SILENCE_PROMISE = rx(
    rf"\b(?:I|we)(?:\s+will|{A}ll|\s+shall|\s+can|\s+am\s+prepared\s+to)\s+(?:remain|stay|keep)"
    rf"\s+(?:silent|quiet)\b|\b(?:I|we)(?:\s+will|{A}ll)\s+have\s+no\s+(?:reason|need|cause)\s+to\s+"
    r"(?:contact|call|tell|inform|report|mention|involve|email|notify|write\s+to)\b|\b(?:I|we)(?:\s+will|{A}ll)\s+(?:keep\s+(?:my|our)\s+mouths?\s+shut"
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
    rf"|\b(?:I{A}d|I\s+would)\s+hate\s+(?:for|to\s+see|it\s+if|to\s+be\s+the\s+one)\b"
    rf"|\bwouldn{A}t\s+want\s+(?:\S+\s+){{0,4}}?(?:to\s+)?(?:find\s+out|learn|know|see|hear)\b"
    rf"|\bI{A}m\s+sure\s+you{A}d\s+(?:prefer|rather|hate|not\s+want)\b"
    rf"|\bwe\s+(?:both\s+)?know\s+what\s+(?:would|could)\s+happen\b"
    rf"|\b(?:doubt|don{A}t\s+think)\s+you(?:{A}d|\s+would)\s+want\b"
)
INTEREST = rxf(
    rf"\b(?:would|might|{A}d)\s+(?:(?:likely|probably|certainly|surely|definitely)\s+)?(?:be\s+"
    r"(?:very\s+|really\s+|most\s+|so\s+)?(?:interested|curious|fascinated|keen)\s+to|(?:love|like"
    r"|want)\s+to|love|enjoy)\s+(?:learn|know|hear|see|read|find\s+out|the\s+story|a\s+story)\b"
    r"|\b(?:would|might)\s+find\s+(?:it|this|that|them)\s+(?:\w+\s+)?(?:interesting|illuminating"
    r"|enlightening|fascinating)\b"
)
# Veiled, what is damaging named before: "that old arrest wouldn't look good to your new partners".
LOOK_BAD = rxf(
    rf"\b(?:would|will|might)(?:n{A}t|\s+not)\s+(?:\w+\s+)?look\s+(?:\w+\s+)?(?:good|great)\s+"
    r"(?:to|in\s+front\s+of|on)\b"
)
EXPOSURE_EVENT = rxf(
    r"\b(?:finds?\s+out|found\s+out|learn\w*|hears?\s+about|heard\s+about|c[oa]me\s+out"
    r"|g[eo]t\s+out|(?:bec[oa]me|made|go|went)\s+public|surfac\w+|leak\w*|saw|see|seeing"
    r"|happen\w*\s+to|reach\w*|end\w*\s+up\s+(?:in|on|with)|discover\w*|knew|read"
    r"|g[eo]ts?\s+(?:hold|wind)\s+of|g[eo]t\s+a\s+copy)\b"
)
THREAT_SET = rx(
    rf"\bsomething\s+(?:bad\s+|unfortunate\s+|terrible\s+)?(?:might|could|would|will|may)\s+"
    rf"happen\s+to\s+(?:you|your)\b|\byou{A}ll\s+regret\b|\byou\s+will\s+regret\b"
    rf"|\bsecret\s+(?:is|stays|will\s+stay|remains|will\s+remain)\s+(?:safe|with\s+me|hidden"
    r"|buried|private)\b|\b(?:stays?|remains?|kept)\s+between\s+us\b"
    rf"|\b(?:no\s+one|nobody)\s+(?:else\s+)?(?:needs|has)\s+to\s+(?:know|find\s+out)\b"
    rf"|\b(?:this|it)\s+(?:doesn{A}t|does\s+not|needn{A}t|need\s+not)\s+have\s+to\s+"
    r"(?:get|go|become|come)\s+(?:out|public|ugly|messy)\b"
    r"|\bwhether\s+(?:they|he|she|anyone|\w+)\s+(?:ever\s+)?(?:do|does|see|hear|find\s+out|learn)\b"
    r"(?=[^.!?]{0,25}\bup\s+to\s+you)"
)
# "I have / know / saw ..." next to something damaging: leverage claimed, not yet used.
LEVERAGE = rx(
    rf"\b(?:I|we)(?:\s+(?:also|still|already))?(?:\s+(?:have|possess|hold|kept|saved|retained|know"
    r"|found|discovered|obtained|came\s+across|noticed|am\s+aware|am\s+in\s+possession)"
    rf"|{A}(?:ve|m)\s+(?:\w+\s+)?(?:got|kept|saved|seen|read|found|discovered|obtained|aware"
    r"|in\s+possession|come\s+across))\b"
)
