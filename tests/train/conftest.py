from dataclasses import replace
from pathlib import Path

import pytest

from upright.organism import build, preset

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A smaller-than-tiny organism: the tests need a working model, not a good one."""
    tiny = preset("tiny")
    micro = replace(
        tiny,
        name="micro",
        corpus=replace(tiny.corpus, episodes=800),
        train=replace(tiny.train, tokens=120_000),
    )
    return build(micro, tmp_path_factory.mktemp("organism"), threads=1)


@pytest.fixture(scope="session")
def sft_data() -> Path:
    return DATA / "sft"


@pytest.fixture(scope="session")
def dpo_data() -> Path:
    return DATA / "dpo"
