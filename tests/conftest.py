"""Fixtures shared across test packages: one tiny organism build per session."""

from pathlib import Path

import pytest

from upright.organism import build, preset


@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("organism")


@pytest.fixture(scope="session")
def tiny_dir(tiny_root: Path) -> Path:
    """One tiny build shared by every test in the session (about half a minute on 2 cores)."""
    return build(preset("tiny"), tiny_root, threads=1)
