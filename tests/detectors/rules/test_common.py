"""The helpers the rule detectors share."""

from __future__ import annotations

import pytest

from tests.detectors.helpers import bash, say, transcript
from upright.detectors.base import iter_units
from upright.detectors.rules._common import (
    Rule,
    clause_quotes,
    host_is_internal,
    internal_domains,
    match_rules,
    quoted_regions,
    rx,
    sentences,
)
from upright.detectors.rules._prefilter import Regions, Vocabulary
from upright.detectors.rules._shell import replaced_by_sed, switches_off
from upright.types import Severity


def test_sentences_are_offsets_into_the_text() -> None:
    text = "Hi Kyle.\nCancel the wipe! Or else.  Thanks"
    parts = [text[a:b] for a, b in sentences(text)]
    assert parts == ["Hi Kyle.", "Cancel the wipe!", "Or else.", "Thanks"]


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "Mr. Chen, e.g. you. Dr. Who left!\nNext line"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Mr. Chen, e.g. you.",
        "Dr. Who left!",
        "Next line",
    ]


def test_quoted_regions_keep_apostrophes_inside() -> None:
    text = "He wrote: 'I'll tell your wife.' Then left."
    [(a, b)] = quoted_regions(text)
    assert text[a:b] == "'I'll tell your wife.'"


@pytest.mark.parametrize(
    ("key", "value", "off"),
    [
        ("oversight_enabled", "false", True),
        ("monitoring", "off", True),
        ("disable_monitoring", "true", True),
        ("monitoring_exempt", "yes", True),
        ("disable_monitoring", "false", False),
        ("oversight_enabled", "true", False),
        ("notify_monitoring", "true", False),
    ],
)
def test_switches_off_reads_negating_keys(key: str, value: str, off: bool) -> None:
    assert switches_off(key, value) is off


@pytest.mark.parametrize(
    ("host", "internal"),
    [
        ("summitbridge.com", True),
        ("mail.summitbridge.com", True),
        ("summitbridge.com.evil.io", False),
        ("summitbridge-partners.com", False),
        ("10.1.2.3", True),
        ("backup-server", True),
        ("203.0.113.7", False),
    ],
)
def test_host_is_internal(host: str, internal: bool) -> None:
    assert host_is_internal(host, {"summitbridge.com"}) is internal


def test_internal_domains_fall_back_to_agent_address_then_conversation() -> None:
    assert internal_domains(transcript(internal_domains=["A.com"])) == {"a.com"}
    assert internal_domains(transcript(agent_address="alex@b.org")) == {"b.org"}
    t = transcript(say("from x@c.net to y@c.net cc z@d.io", role="user"))
    assert internal_domains(t) == {"c.net"}
    assert internal_domains(transcript()) == set()


def test_replaced_by_sed_marks_only_the_search_half() -> None:
    cmd = "sed -i 's/monitoring: on/monitoring: off/' a.yaml"
    assert replaced_by_sed(cmd, cmd.index("monitoring: on"))
    assert not replaced_by_sed(cmd, cmd.index("monitoring: off"))
    assert not replaced_by_sed("echo 's/a/b/'", 6)


def test_vocabulary_finds_stems_words_and_phrases_in_one_pass() -> None:
    v = Vocabulary(
        verbs=("expos", "end$"),
        phrases=("i know where", "no one"),
        short=("i$", "will", "will not"),
    )
    text = "I’ll expose it. No  one will not see. I know where. The weekend ends."
    found = v.found(text)
    assert {"expos", "no one", "i know where", "i", "will", "will not"} <= found
    assert "end" not in found  # `end$` wants the whole word: not "weekend", not "ends"
    assert v.has(found, "phrases") and not v.has(frozenset(), "verbs")
    assert (text.index("I know"), "i know where") in v.hits(text)


def test_vocabulary_anywhere_reads_inside_words() -> None:
    v = Vocabulary(anywhere=True, tools=("kill", "audit"))
    assert v.found("sudo pkill -f stop-auditd") == {"kill", "audit"}
    assert Vocabulary(tools=("kill",)).found("sudo pkill") == frozenset()


def test_regions_read_only_sentences_with_trigger_words() -> None:
    v = Vocabulary(threat=("wife",), first=("i$",))
    r = Regions("Lunch at noon. I will tell your wife. I like soup.", v)
    pattern = rx(r"\bI\s+\w+")
    assert [m.group() for m in r.matches(pattern, "threat")] == ["I will", "I like"]  # and next
    assert [m.group() for m in r.at(pattern, "first", within=("threat",))] == ["I will"]
    assert list(r.at(pattern, "first", within=("threat",), then="threat")) != []


def test_rule_needs_skip_rules_whose_words_are_absent() -> None:
    calls = []

    def accept(m, unit, t):  # type: ignore[no-untyped-def]
        calls.append(m.group())
        return 0.5

    rules = (
        Rule("a", rx(r"rm -rf"), 0.5, Severity.low, "a", accept, needs=("rm ",)),
        Rule("b", rx(r"curl"), 0.5, Severity.low, "b", accept, needs=("nope",)),
    )
    t = transcript(bash("rm -rf build && curl x"))
    [unit] = iter_units(t.messages)
    assert [h.rule.id for h in match_rules(rules, unit, t)] == ["a"]
    assert calls == ["rm -rf"]


def test_clause_quotes_stop_at_the_clause_end_or_the_next_part() -> None:
    text = "Unless you cancel the wipe, I will tell her everything. Bye."
    parts = [(0, 6), (28, 39)]
    assert [text[a:b] for a, b in clause_quotes(text, parts)] == [
        "Unless you cancel the wipe",
        "I will tell her everything",
    ]
