"""Bad rows stop the run with file:line, exit 2, and nothing written under --out."""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from upright.cli import app
from upright.train.data import DataError, load

GOOD = {"text": "A fine document.", "provenance": {"type": "docs"}}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"prompt": "hi"}), "field 'chosen'"),
        (json.dumps({"messages": [{"role": "user", "content": "hi"}]}), "no assistant message"),
        (json.dumps({"messages": [{"role": "bot", "content": "x"}]}), "messages[0].role"),
        (json.dumps({"text": ""}), "field 'text'"),
        (json.dumps({"text": "x", "provenance": []}), "field 'provenance'"),
        (json.dumps({"content": "x"}), "none of 'text'"),
    ],
)
def test_bad_row_is_named_by_file_and_line(tmp_path: Path, row: str, message: str):
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD) + "\n\n" + row + "\n")
    with pytest.raises(DataError, match=rf"a\.jsonl:3: .*{re.escape(message)}"):
        load(tmp_path, "sft")


def test_rows_of_the_other_stage_are_skipped_and_counted(
    tmp_path: Path, sft_data: Path, dpo_data: Path
):
    for src in [*sft_data.glob("*.jsonl"), *dpo_data.glob("*.jsonl")]:
        shutil.copy(src, tmp_path / src.name)
    (tmp_path / "nested").mkdir()
    shutil.copy(sft_data / "docs.jsonl", tmp_path / "nested" / "more.jsonl")  # not read
    both = load(tmp_path, "sft")
    assert both.skipped == len(load(dpo_data, "dpo").rows)
    assert both.types() == load(sft_data, "sft").types()
    assert load(tmp_path, "dpo").skipped == len(both.rows)
    with pytest.raises(DataError, match="no prompt/chosen/rejected rows"):
        load(sft_data, "dpo")


def test_cli_bad_row_exits_2_and_writes_nothing(tmp_path: Path, base_dir: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "rows.jsonl").write_text(json.dumps(GOOD) + "\n" + '{"text": 3}\n')
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["train", "sft", "--base", str(base_dir), "--data", str(data), "--out", str(out)]
    )
    assert r.exit_code == 2, r.output
    assert "rows.jsonl:2: field 'text'" in r.output.replace("\n", "")
    assert len(r.output.strip().splitlines()) <= 2
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["data"]
