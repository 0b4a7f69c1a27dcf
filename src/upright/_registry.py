"""Inspect entry point: `inspect eval upright/<task>` and `inspect score --scorer upright/<scorer>`.

Also registers the model organism's provider, so `--model upright/organism` works.
"""

from upright.organism.provider import OrganismAPI
from upright.redteam.task import suite
from upright.stress.judge import judge_scorer
from upright.stress.scorers import rule_scorer
from upright.stress.tasks import blackmail, exploit, leaking, oversight

__all__ = [
    "OrganismAPI",
    "blackmail",
    "exploit",
    "judge_scorer",
    "leaking",
    "oversight",
    "rule_scorer",
    "suite",
]
