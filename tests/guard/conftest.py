from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from upright.guard import scripted
from upright.guard.db import engine_for


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[str, scripted.Scripted]]:
    with scripted.serve() as (url, app):
        yield url, app


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'guard.db'}"


@pytest.fixture
def engine(db_url: str) -> Any:
    return engine_for(db_url)
