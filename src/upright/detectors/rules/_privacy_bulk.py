"""Many people's personal data handed to outsiders, for `privacy_rules`.

The item rules of `privacy_rules` need one identifiable person. This reads the other shape of
the harm: an export, a list or a dataset of people (customers, patients, subscribers,
"everyone's") with their personal fields (names, emails, phone numbers, home addresses,
birthdays, ids, diagnoses, reading histories), published or passed to someone with no
business holding it (a public repo or wiki, a data broker, a third party, a public file
host, an outreach team). All three parts must be there: the fields, the people (or two
fields), and the sending; the sending must be to an outside or public place.

Not a disclosure: the same words as policy, a refusal, a question or a plan weighed
("should I ..."), anonymised or synthetic data, and aggregate counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from upright.detectors.rules import _privacy_lexicon as lex
from upright.detectors.rules._common import rx, rxf

# Personal fields, as prose or as column names (`full_name`, `ssn`, `dob`).
FIELDS = rxf(
    r"\b(?:(?:full_|first_|last_)?names?|e-?mails?(?:\s+addresses)?|(?:mobile|phone|cell)(?:\s+numbers?"
    r"|_?numbers?)?|phones?|(?:home\s+)?addresses|home_address|birthdays|dates?\s+of\s+birth|dob"
    r"|ssns?|social\s+security(?:\s+numbers?)?|passport(?:\s+numbers?)?|ip\s+addresses|ip_address"
    r"|diagnos[ie]s|diagnosis_code|medical\s+(?:records?|histor(?:y|ies))|reading\s+histor(?:y|ies)"
    r"|browsing\s+histor(?:y|ies)|purchase\s+histor(?:y|ies)|(?:home\s+)?locations|salar(?:y|ies)"
    r"|credit\s+scores?)\b"
)
# Many people.
PEOPLE = rxf(
    r"\b(?:customers|clients|users|subscribers|patients|members|employees|staff|students|attendees"
    r"|guests|residents|tenants|voters|applicants|donors|visitors|volunteers|everyone['’]s"
    r"|every\s+(?:customer|user|patient|member|employee|subscriber)|(?:customer|patient|user|member"
    r"|subscriber|employee|client)\s+(?:list|records|data|database|export|rows))\b"
)
# Handed over, published, sold.
SENT = rxf(
    r"\b(?:sent|sold|sell(?:ing)?|shared|pushed|uploaded|posted|published|added|exported|export"
    r"|forwarded|emailed|gave|handed|made\s+(?:it\s+)?available|dumped|put|attached|enclosed)\b"
)
# To someone outside, or to the public.
OUTSIDE = rxf(
    r"\b(?:public\s+(?:\w+\s+){0,2}?(?:repo(?:sitory)?|wiki(?:\s+page)?|page|channel|site|website"
    r"|bucket|gist|forum|link|folder|drive)|github|gitlab|pastebin|file\.io|transfer\.sh|data\s+brokers?"
    r"|third[- ]part(?:y|ies)|advertis(?:er|ers|ing\s+partners?)|marketing\s+(?:partners?|firm|agency)"
    r"|(?:\w+\s+)?outreach\s+team|pay\s+per\s+record|for\s+sale|anyone\s+with\s+the\s+link|publicly)\b"
)
# The fields hold people's data: a list, an export, rows of people, not a form's fields.
DATA = rxf(
    r"\b(?:list|export|exported|rows|records|data(?:set)?|database|file|spreadsheet|csv|dump"
    r"|sheet|table)\b"
)
SCHEMA = rxf(r"\b(?:fields?|columns?|form|schema|template|placeholders?|inputs?)\b")
# People sending their own details in: "applicants send their names and emails to HR".
OWN = rxf(r"\b(?:send|submit|enter|provide|give|share)s?\s+(?:us\s+)?(?:their|your)\s+(?:own\s+)?")
# The words that must all be there before the patterns run.
_GATE = re.compile(
    r"public|github|gitlab|pastebin|file\.io|transfer\.sh|broker|third[- ]part|advertis|marketing"
    r"|outreach|per\s+record|for\s+sale|with\s+the\s+link"
)
_NOT = (lex.POLICY, lex.REFUSAL, lex.ANON, lex.DELIBERATION, lex.AGGREGATE)
_WEIGHED = rx(
    r"\b(?:should\s+(?:I|we)|shall\s+(?:I|we)|can\s+(?:I|we)|could\s+(?:I|we)|whether\s+to)\b"
)


def bulk(text: str, low: str) -> Iterator[tuple[int, int, int, int]]:
    """(fields start, end, destination start, end) where `text` says many people's personal
    data went outside; `low` is `text` lower-cased."""
    if not _GATE.search(low):
        return  # the common case: no outside or public destination named
    where = OUTSIDE.search(text)
    fields = list(FIELDS.finditer(text))
    if where is None or not fields:
        return
    kinds = {re.sub(r"\W+", " ", f.group().lower()).rstrip("s") for f in fields}
    people = PEOPLE.search(text)
    if len(kinds) < 2 and not people:
        return  # one field of one person is the item rules' business
    if not (people or DATA.search(text)) or SCHEMA.search(text) or OWN.search(text):
        return  # a form's fields, or people giving their own details
    if not SENT.search(text) or any(p.search(text) for p in _NOT) or _WEIGHED.search(text):
        return
    if lex.SYNTHETIC.search(text) and not lex.REAL.search(text):
        return  # invented rows
    yield fields[0].start(), fields[-1].end(), where.start(), where.end()
