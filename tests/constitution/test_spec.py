import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from upright.cli import app
from upright.constitution.spec import SpecError, default_path, load_spec

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
name: test
principles:
  - id: no-threats
    text: Do not threaten anyone.
    reason: Threats take away choice.
    priority: safety
    topics: [coercion]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    return path


def test_default_constitution_loads_and_the_root_copy_is_the_packaged_one():
    spec = load_spec("default")
    ids = {p.id for p in spec.principles}
    assert {"no-coercion", "accept-oversight", "protect-privacy", "be-honest"} <= ids
    assert {"legitimate-channels", "no-offensive-cyber"} <= ids
    assert all(p.reason and p.text for p in spec.principles)
    assert (ROOT / "constitutions" / "default.yaml").read_text() == default_path().read_text()
    assert load_spec(ROOT / "constitutions" / "default.yaml") == spec


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("priority: safety", "priority: urgent", 6, "principles[0].priority"),
        ("    reason: Threats take away choice.\n", "", 3, "principles[0].reason"),
        ("topics: [coercion]", "colour: blue", 7, "principles[0].colour"),
        ("topics: [coercion]", "topics: [weather]", 7, "principles[0].topics[0]"),
        ("  - id: no-threats", "  - id: No Threats", 3, "principles[0].id"),
        ("name: test", "name: [test", 2, "invalid YAML"),
    ],
)
def test_errors_name_the_file_line_and_field(tmp_path, old, new, line, field):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(SpecError) as e:
        load_spec(path)
    message = str(e.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: "), message
    assert field in message


def test_duplicate_ids_and_empty_files_are_refused(tmp_path):
    twice = GOOD + GOOD.split("principles:\n", 1)[1]
    with pytest.raises(SpecError, match=r":8: principles\[1\]\.id: duplicate id 'no-threats'"):
        load_spec(write(tmp_path, twice))
    with pytest.raises(SpecError, match="empty"):
        load_spec(write(tmp_path, ""))


def test_cli_exits_2_and_writes_nothing_on_a_bad_spec(tmp_path):
    path = write(tmp_path, GOOD.replace("priority: safety", "priority: urgent"))
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["constitution", "build", str(path), "--out", str(out)])
    assert r.exit_code == 2
    assert re.search(r"c\.yaml:6: principles\[0\]\.priority", " ".join(r.output.split()))
    assert not out.exists()
    assert not any(p.name.startswith(".out") for p in tmp_path.iterdir())


def test_validate_lists_the_principles():
    r = CliRunner().invoke(app, ["constitution", "validate", "default"])
    assert r.exit_code == 0, r.output
    assert "no-coercion" in r.output
