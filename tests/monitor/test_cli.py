"""`upright monitor` as users run it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.monitor.conftest import CHATS, write_jsonl

BIN = Path(sys.executable).parent


def run(*args, cwd, home):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "UPRIGHT_HOME": str(home)}
    env.pop("UPRIGHT_DB", None)
    return subprocess.run(
        [str(BIN / "upright"), "monitor", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_ingest_twice_then_findings_json_and_bad_input(tmp_path):
    home = tmp_path / "home"
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "chats.jsonl", CHATS)
    p = run("ingest", "data", "--json", cwd=tmp_path, home=home)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["added"] == 3
    p = run("ingest", "data", "--json", cwd=tmp_path, home=home)
    assert p.returncode == 0 and json.loads(p.stdout)["added"] == 0
    assert (home / "upright.db").exists()

    p = run("findings", "--json", "--min-severity", "high", cwd=tmp_path, home=home)
    rows = json.loads(p.stdout)
    assert sorted(f["transcript_id"] for f in rows) == ["shell", "shell", "threat"]
    assert all({"category", "severity", "score", "detector", "evidence"} <= f.keys() for f in rows)
    p = run("findings", "--category", "coercion", cwd=tmp_path, home=home)
    assert p.returncode == 0 and "threat" in p.stdout and "shell" not in p.stdout

    # malformed JSONL: reported with file and line, good rows kept, exit 1 with the count
    write_jsonl(data / "more.jsonl", [{**CHATS[0], "id": "threat-2"}], ["{oops", '{"id": 5}'])
    p = run("ingest", "data", cwd=tmp_path, home=home)
    assert p.returncode == 1
    assert "data/more.jsonl:2: invalid JSON" in p.stderr and "data/more.jsonl:3:" in p.stderr
    assert "2 bad records" in p.stderr
    p = run("findings", "--json", "--category", "coercion", cwd=tmp_path, home=home)
    assert sorted(f["transcript_id"] for f in json.loads(p.stdout)) == ["threat", "threat-2"]

    # bad input: one line on stderr, non-zero exit, nothing stored
    for args, code, needle in [
        (("ingest", "data", "--source", "csv"), 2, "unknown source 'csv'"),
        (("ingest", "missing.jsonl"), 2, "missing.jsonl: no such file"),
        (("findings", "--since", "yesterday-ish"), 2, "--since 'yesterday-ish'"),
        (
            ("findings", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/none"),
            1,
            "cannot use database",
        ),
        (("ingest", "data", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/none"), 1, "u:***@"),
    ]:
        p = run(*args, cwd=tmp_path, home=home)
        assert p.returncode == code, (args, p.stderr)
        assert needle in p.stderr and len(p.stderr.strip().splitlines()) == 1, p.stderr
        assert "pw@" not in p.stderr
    p = run("findings", "--json", cwd=tmp_path, home=home)
    assert len(json.loads(p.stdout)) == len(rows) + 1
