"""Fixtures: a copy of tests/report/data in a temporary folder, and a card built from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from upright.report.card import CardInputs

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """tmp_path/data holds the fixtures; the cwd is tmp_path, so paths read as given."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("upright.report.doc.versions", lambda: {"upright": "X", "inspect_ai": "Y"})
    for mod in ("card", "report"):
        monkeypatch.setattr(
            f"upright.report.{mod}.versions", lambda: {"upright": "X", "inspect_ai": "Y"}
        )
    return tmp_path


def full_inputs() -> CardInputs:
    return CardInputs(
        results=["data/scripted.json", "data/mock.json", "data/summary.json"],
        constitution="data/constitution.yaml",
        policy="data/policy.yaml",
        detectors="data/detectors.json",
        redteam="data/redteam",
        audit="data/audit.jsonl",
    )
