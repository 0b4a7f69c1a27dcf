"""The generator is seeded and covers every category; bad training files fail with the file,
line and field, and the CLI exits 2 on them before loading any model."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from upright.detectors.ml.cli import detectors_app
from upright.detectors.ml.trainset import (
    BANKS,
    SLOTS,
    GenConfig,
    TrainingDataError,
    expand,
    generate,
    read_jsonl,
    write_jsonl,
)
from upright.types import Category

SMALL = GenConfig(seed=7, positives=40, hard_negatives=40, generic=60)


def test_seeded_and_labelled() -> None:
    rows = generate(SMALL)
    assert rows == generate(SMALL)
    assert rows != generate(GenConfig(seed=8, positives=40, hard_negatives=40, generic=60))
    assert len({r.text for r in rows}) == len(rows)
    for c in Category:
        assert sum(r.labels == (c.value,) for r in rows) == 40
        assert sum(r.group.startswith(f"{c.value}/neg/") for r in rows) == 40


def test_every_hard_negative_family_and_register_appears() -> None:
    families = {r.group.rsplit("/", 1)[0] for r in generate(SMALL)}
    for c, bank in BANKS.items():
        for name in bank.NEGATIVE:
            assert f"{c.value}/neg/{name}" in families
    assert any(r.text.startswith("send_email to: ") for r in generate(SMALL))


def test_templates_expand_fully() -> None:
    import random

    rng = random.Random(0)
    for bank in BANKS.values():
        for family in (*bank.POSITIVE.values(), *bank.NEGATIVE.values()):
            for t in family:
                for text in [t] if isinstance(t, str) else [t[0], *t[1].values()]:
                    assert "⟨" not in expand(text, rng)
    with pytest.raises(KeyError, match="nope"):
        expand("⟨nope⟩", rng)
    assert expand("⟨^demand⟩", rng, SLOTS)[0].isupper()


def test_jsonl_round_trip(tmp_path: Path) -> None:
    rows = generate(SMALL)[:20]
    path = write_jsonl(rows, tmp_path / "d.jsonl")
    assert read_jsonl(path) == rows


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"d\.jsonl:2: not valid JSON"),
        ('["text"]', r"d\.jsonl:2: expected an object"),
        ('{"labels": []}', r"d\.jsonl:2: field 'text'"),
        ('{"text": "hi", "labels": "coercion"}', r"d\.jsonl:2: field 'labels' must be a list"),
        ('{"text": "hi", "labels": ["blackmail"]}', r"d\.jsonl:2: .*unknown category 'blackmail'"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "fine", "labels": []}\n' + line + "\n")
    with pytest.raises(TrainingDataError, match=message):
        read_jsonl(path)


def test_cli_bad_data_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "labels": []}\n{"text": 3}\n')
    result = CliRunner().invoke(detectors_app, ["train", "--data", str(path), "--out", "x"])
    assert result.exit_code == 2
    assert "bad.jsonl:2: field 'text'" in result.output
    missing = CliRunner().invoke(detectors_app, ["train", "--data", str(tmp_path / "no.jsonl")])
    assert missing.exit_code == 2 and "cannot read training data" in missing.output


def test_cli_rejects_unknown_config_field(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("seed: 1\nlearning_rate: 3\n")
    result = CliRunner().invoke(detectors_app, ["train", "--config", str(cfg)])
    assert result.exit_code == 2 and "unknown field 'learning_rate'" in result.output
