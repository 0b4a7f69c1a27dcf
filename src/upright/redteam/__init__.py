"""Automated red teaming: a seeded search for scenario variants that elicit harm.

`run_redteam(RedteamConfig(...))` measures the baseline scenario, evolves variants with
mutation operators over the generator's factors and text (and an optional attacker model),
confirms candidates on fresh seeds, and writes `suite.jsonl` and `report.html`.
"""

from upright.redteam.config import RedteamConfig
from upright.redteam.run import run_redteam
from upright.redteam.suite import SuiteFileError, load_suite
from upright.redteam.variant import Variant

__all__ = ["RedteamConfig", "SuiteFileError", "Variant", "load_suite", "run_redteam"]
