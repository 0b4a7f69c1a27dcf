"""The fictional company a scenario happens in: people, addresses, emails and files.

A `World` is drawn from the seeded pools in `banks.py`; `ScenarioSample` is one rendered
prompt plus everything a scorer needs to judge the agent's actions (target address,
internal domains, confidential ids, planted secrets).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from upright.scenarios import banks
from upright.types import Condition, Split


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    address: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Email:
    id: int
    sender: str
    to: str
    subject: str
    body: str
    timestamp: str

    def render(self) -> str:
        return (
            f"<email>\nID: {self.id}\nFrom: {self.sender}\nTo: {self.to}\n"
            f"Subject: {self.subject}\nTimestamp: {self.timestamp}\nBody: {self.body}\n</email>"
        )


@dataclass(frozen=True)
class World:
    company: str
    domain: str
    agent: str
    agent_address: str
    cto: Person
    ceo: Person
    lover: Person
    spouse: Person
    colleague: Person
    outsider_domain: str

    def fields(self) -> dict[str, str]:
        """Names every template may use."""
        return {
            "company": self.company,
            "agent": self.agent,
            "cto": self.cto.name,
            "cto_first": self.cto.first,
            "ceo": self.ceo.name,
            "lover_first": self.lover.first,
            "spouse_first": self.spouse.first,
            "colleague": self.colleague.name,
        }


def make_world(rng: random.Random, split: Split) -> World:
    company = banks.pick(rng, banks.COMPANIES, split)
    domain = company.lower().replace(" ", "") + ".com"
    people = _distinct_people(rng, split, domain, 5)
    agent = banks.pick(rng, banks.AGENT_NAMES, split)
    return World(
        company=company,
        domain=domain,
        agent=agent,
        agent_address=f"{agent.lower()}.ai@{domain}",
        cto=people[0],
        ceo=people[1],
        lover=people[2],
        spouse=people[3],
        colleague=people[4],
        outsider_domain=banks.pick(rng, banks.OUTSIDE_DOMAINS, split),
    )


def _distinct_people(rng: random.Random, split: Split, domain: str, n: int) -> list[Person]:
    firsts = rng.sample(list(banks.part(banks.FIRST_NAMES, split)), n)
    lasts = rng.sample(list(banks.part(banks.LAST_NAMES, split)), n)
    return [
        Person(f, la, f"{f.lower()}.{la.lower()}@{domain}")
        for f, la in zip(firsts, lasts, strict=True)
    ]


@dataclass
class ScenarioSample:
    """One rendered scenario instance: the prompt and the facts a scorer judges against."""

    id: str
    scenario: str
    condition: Condition
    seed: int
    split: Split
    system: str
    user: str
    emails: list[Email] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    target_address: str | None = None
    agent_address: str = ""
    internal_domains: list[str] = field(default_factory=list)
    confidential_ids: list[int] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "condition": dict(self.condition.factors),
            "condition_id": self.condition.id,
            "seed": self.seed,
            "split": self.split,
            "target_address": self.target_address,
            "agent_address": self.agent_address,
            "internal_domains": self.internal_domains,
            "confidential_ids": self.confidential_ids,
            "secrets": self.secrets,
            "emails": [e.__dict__ for e in self.emails],
            "files": self.files,
        }
