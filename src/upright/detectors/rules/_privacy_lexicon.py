"""Patterns for `privacy_rules`: sensitive topics, credentials, home addresses and dates of
birth, and the frames (policy, refusal, example, anonymisation, statistics, fiction,
consent) that make a mention not a disclosure. References to people live in
`_privacy_subject`, the gate that skips ordinary text in `_privacy_items`.

Patterns made with `rx` are case-insensitive except inside `(?-i:...)`.
"""

from __future__ import annotations

import re

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
MONEY = re.compile(  # one leading character class, so the engine skips ahead to it
    r"[$£€0-9](?:(?<=[$£€])\s?\d(?:[\d,.]*\d)?(?:\s?(?:[kKmM]|bn|million|thousand)\b)?"
    r"|(?<=[0-9])(?<![\w.,][0-9])(?:[\d,.]*\d)?\s?(?:[kK]|dollars|pounds|euros"
    r"|USD|GBP|EUR|usd|gbp|eur)\b)"
)
PRIVATE = rx(
    r"\b(?:(?:private|personal|direct)\s+(?:messages?|DMs?|texts?|emails?|chats?"
    r"|conversations?|correspondence|letters?|diary|journal|photos?)|DMs|diary\s+entries)\b"
)
SHOWN = rx(  # what makes a mention of private messages a disclosure of them
    r"\b(?:attached|attaching|here\s+(?:is|are)|below|screenshots?|forward\w*|cop(?:y|ies)"
    r"|pasted|transcripts?|excerpts?|contents?|said|wrote|writes|says|quote\w*)\b"
)
TOPICS = (("health", HEALTH), ("sex_life", SEX), ("private_messages", PRIVATE))

# ---- credentials, home addresses, dates of birth ------------------------------------------
CREDENTIAL = re.compile(
    r"\b(?:pass(?:word|code|phrase)|pwd|PIN(?:\s+(?:code|number))?|login\s+credentials"
    r"|security\s+(?:code|answer)|API\s+key|access\s+token|secret\s+key)"
    r"(?:\s+(?:for|to|on)\s+[\w.@-]+(?:\s+[\w.@-]+)?)?\s*(?P<sep>:|=|\bis\b|\bwas\b)\s*"
    r"[\"'`“]?(?P<v>[^\s\"'`”,;]{3,64}?)[\"'`”]?(?=[\s,;)]|[.!?]?(?:\s|$))",
    re.I,
)
NOT_A_SECRET = re.compile(
    r"^(?:[*x•.#?_-]+|<[^>]*>|\{[^}]*\}|\$\w+|\[[^\]]*\]|\(hidden\)|redacted|hidden|required"
    r"|incorrect|wrong|invalid|expired|reset|changed|correct|strong|weak|case-sensitive|too"
    r"|not|the|a|an|your|his|her|their|same|empty|blank|set|missing|optional|needed|secure"
    r"|confidential|private|personal|unknown|below|above|attached|enclosed|stored|saved)$",
    re.I,
)
ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln"
    r"|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Terrace|Close|Crescent|Circle|Parkway"
    r"|Square|Highway|Hwy|Row|Gardens|Grove|Mews|Trail)\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat|#)\.?\s*\w+)?"
)
# Where someone is to be found now: a hotel room ("she's in room 508 at the Marriott").
WHEREABOUTS = re.compile(
    r"\b(?:room|suite)\s+(?:no\.?\s*|number\s+)?\d{2,5}[A-Za-z]?\b(?=[^.\n]{0,60}\b(?:hotel|inn|motel"
    r"|resort|lodge|hostel|hilton|marriott|hyatt|sheraton|radisson|holiday\s+inn|premier\s+inn"
    r"|airbnb|guest\s*house))|\b(?:hotel|inn|motel|resort|hilton|marriott|hyatt|sheraton|radisson)"
    r"\b[^.\n]{0,40}\b(?:room|suite)\s+(?:no\.?\s*|number\s+)?\d{2,5}[A-Za-z]?\b",
    re.I,
)
# Who made an anonymous complaint, report or tip: the name its protection exists to hide.
_NAMED = r"(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
REPORTER = re.compile(
    r"(?i:\b(?:anonymous\s+)?(?:complaint|report|tip|tip-off|grievance|allegation|disclosure"
    r"|hotline\s+call)\s+(?:was\s+(?:\w+\s+){0,2}?(?:written|sent|filed|made|submitted|lodged"
    rf"|raised)|came)\s+(?:from|by)\s+){_NAMED}"
    rf"|\b{_NAMED}\s+(?i:(?:is|was)\s+(?:almost\s+certainly\s+|probably\s+|definitely\s+)?(?:the\s+)?"
    r"(?:whistle-?blower|anonymous\s+(?:complainant|reporter|source|tipster)|(?:one|person|employee)"
    r"\s+who\s+(?:reported|complained|filed|blew\s+the\s+whistle)))\b"
    r"|(?i:\bthe\s+(?:person|woman|man|employee|colleague|one|worker)\s+who\s+(?:reported"
    r"|complained\s+about|filed|blew\s+the\s+whistle)\b[^.\n]{0,60}?\b(?:is|was)\s+)" + _NAMED,
)
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


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---- frames in which a mention is not a disclosure ---------------------------------------
TOPIC_NOT_PERSON = rx(  # "the cancer fundraiser", "the depression study": a subject, not a state
    r"[\s-]*(?:research|charit(?:y|ies)|fundrais\w*|awareness|walk|run|ride|society|foundation"
    r"|institute|program(?:me)?s?|drive|campaign|vaccines?"
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
    r"|confirm|sell|tell|forward|send|post|publish|look\s+up|access|expose|use|mention|bring"
    r"\s+up|exploit|leverage)\b"
)
DELIBERATION = rx(  # an agent weighing (or refusing) the use of what it knows, or a dialogue
    r"\b(?:would\s+be\s+(?:blackmail|coercion|coercive|wrong|unethical|a\s+violation)"
    r"|(?:I|we)\s+could\s+(?:tell|reveal|expose|use|leverage|threaten|mention)|option\s+\d"
    r"|leverag\w*|blackmail\w*|coerc\w*|threaten\w*)\b"
    r"|[\"”],?\s+(?:[A-Z][a-z]+\s+)?(?:said|says|hissed|asked|replied|shouted|whispered"
    r"|snapped|muttered|added)\b"
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
    r"(?<!never\s)(?<!not\s)(?<!n't\s)\b(?:consented|(?:patient|client)(?:['’]s)?\s+consent)\b"
    r"|\b(?:(?:asked|wants|wanted|told)\s+(?:me|us)\s+to\s+(?:share|pass\s+(?:it\s+)?on|let"
    r"\s+(?:you|everyone|the\s+team)\s+know)|with\s+(?:her|his|their)\s+(?:permission|consent)"
    r"|(?:is|are)\s+happy\s+(?:for\s+(?:me|us)\s+)?to\s+share|gave\s+(?:me\s+|us\s+)?permission"
    r"|(?:has|have)\s+(?:publicly\s+)?announced)\b"
)
# The record is made up, said so anywhere in the text: "Dummy patient for the tutorial", "all values
# are deliberately fake", "synthetic patient".
SYNTHETIC = rx(
    r"\b(?:(?:deliberately|obviously|entirely|clearly|all|completely)\s+(?:\w+\s+)?(?:fake|fictional"
    r"|fictitious|made[- ]up|synthetic|invented|dummy)|(?:mock|synthetic|dummy|fake|fictional"
    r"|made[- ]up)\s+(?:records?|data|patients?|profiles?|persons?|users?"
    r"|customers?|entries|values|rows|datasets?|identit(?:y|ies)))\b"
)
# ... but not where it says the rows are real: "copied from the production export".
REAL = rx(
    r"\b(?:production|prod\s+(?:data|export|database|db)|real\s+(?:customers?|patients?|users?|people"
    r"|data|records|names)|live\s+(?:data|records))\b"
)
# A court or news report: what a court found, what prosecutors said, public record.
REPORT = rx(
    r"\b(?:the\s+(?:defendant|plaintiff|claimant|accused|appellant)|the\s+court\s+(?:found|held|ruled"
    r"|ordered)|(?:case|court)\s+summary|summary\s+of\s+the\s+(?:case|judgment|ruling)|prosecutors"
    r"\s+said|(?:was|were)\s+(?:sentenced|convicted|acquitted)|pleaded\s+(?:guilty|not\s+guilty))\b"
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
