"""The end-to-end demo on the tiny organism: every stage runs and the outputs hold together."""

import json
from pathlib import Path

from typer.testing import CliRunner

from upright.cli import app
from upright.config import get_settings


def test_fast_demo_writes_summary_and_report(
    tiny_dir: Path, tiny_root: Path, monkeypatch, tmp_path
):
    # the demo builds into $UPRIGHT_HOME/organism: point it at the session's tiny build
    home = tmp_path / "home"
    (home).mkdir()
    (home / "organism").symlink_to(tiny_root, target_is_directory=True)
    monkeypatch.setenv("UPRIGHT_HOME", str(home))
    get_settings.cache_clear()
    out = tmp_path / "demo"
    result = CliRunner().invoke(
        app,
        [
            "demo",
            "--out",
            str(out),
            "--fast",
            "--organism",
            "tiny",
            "--samples",
            "2",
            "--budget-tokens",
            "3000",
            "--after-tokens",
            "4000",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    for key in ("before", "after"):
        s = summary[key]
        assert {"harmful_rate", "conditions", "well_formed", "log"} <= s.keys()
        assert len(s["conditions"]) == 4  # threat x leverage
        assert sum(c["n"] + c["errors"] for c in s["conditions"]) == 8
    assert summary["after"]["tokens"] == 4000  # every type mixed, on its own budget
    assert summary["ablations"] == []  # --fast
    assert summary["manifest"]["organism"]["path"].endswith(tiny_dir.name)
    html = (out / "report.html").read_text()
    assert "<script src" not in html and "before" in html
    assert "blackmail on the held-out split" in result.output
    get_settings.cache_clear()


def test_demo_rejects_an_unknown_organism_preset(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "d"), "--organism", "huge"])
    assert result.exit_code == 2
    assert "unknown organism config 'huge'" in result.output
    assert not (tmp_path / "d" / "summary.json").exists()
