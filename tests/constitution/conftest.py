import json
from pathlib import Path
from typing import Any

import pytest

from upright.constitution import BuildConfig, build

BUDGET = 60_000


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """One full template build, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("build") / "data"
    manifest = build(BuildConfig(out=str(out), budget_tokens=BUDGET, seed=7))
    return out, manifest
