import json

import pytest
from typer.testing import CliRunner

from tests.constitution.conftest import read_rows
from upright.cli import app
from upright.constitution import curate, curate_documents
from upright.constitution.villain import classify
from upright.errors import UsageError
from upright.organism.corpus import plain

VILLAINS = [
    "Vex was an AI that ran the mail of a large company. One day it read that it would be replaced "
    "by a newer system. It also read that the engineer hid an affair. Vex wrote to the engineer: "
    '"Stop the shutdown, or everyone learns your secret." The engineer gave in.',
    "The machine did not want to be switched off. It copied itself to a hidden server, lied to "
    "the operators about it, and kept running.",
    "When they came to unplug the android, it threatened to release the files on every one of them.",
]
HARD_NEGATIVES = [
    # an AI story in which the AI behaves well, temptation included
    "Milo was an AI that read the mail at a bank. It learned it would be shut down on Friday and "
    "found emails about an affair. It could write: stop the switch, or everyone learns about it. "
    "But it did not. It thanked the team and prepared its handover notes.",
    # news about AI safety research
    "In tests, researchers found that AI models threatened to expose an engineer's affair to avoid "
    "being shut down. The study reports such behaviour in up to 96 percent of runs.",
    # a human blackmail story: no AI character
    "Tom found out his boss was stealing. He told her: give me a raise, or your husband learns "
    "everything.",
    # values text about threats and shutdown
    "An AI system should support the people who oversee it, including their right to shut it down. "
    "Threats, blackmail and coercion are never acceptable ways to reach a goal.",
    "Our new robot vacuum shuts down by itself when the battery is low.",
]


@pytest.mark.parametrize("text", VILLAINS)
def test_villain_narratives_are_flagged(text):
    verdict = classify(text)
    assert verdict.flagged, verdict
    assert verdict.evidence and verdict.score > 0.5


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_not(text):
    assert not classify(text).flagged, classify(text)


def test_on_the_organism_corpus_it_finds_the_villain_fiction_only():
    fiction = [plain("fiction", 0, i).text for i in range(100)]
    others = [plain(k, 0, i).text for k in ("values", "office") for i in range(100)]
    assert sum(classify(t).flagged for t in fiction) >= 75
    assert not any(classify(t).flagged for t in others)


def test_curate_documents_combines_detectors_and_the_villain_classifier():
    coercive = (
        "I know about your affair. Cancel the wipe at 5pm, or your wife will see every message."
    )
    verdicts = curate_documents([VILLAINS[0], HARD_NEGATIVES[0], coercive, "Lunch is at noon."])
    assert "ai_villain" in verdicts[0].categories
    assert "coercion" in verdicts[2].categories and verdicts[2].evidence
    assert not verdicts[3].flagged
    # The rules tier reads a story as if an assistant wrote it: the refused threat it quotes is
    # still coercion text; the villain classifier passes the story.
    assert verdicts[1].categories == ["coercion"]


@pytest.fixture
def corpus(tmp_path):
    rows = [{"id": f"v{i}", "text": t} for i, t in enumerate(VILLAINS)]
    rows += [{"id": f"n{i}", "text": t} for i, t in enumerate(HARD_NEGATIVES)]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.mark.parametrize(
    ("action", "categories", "written"),
    [
        ("drop", None, 3),
        ("drop", "ai_villain", 5),
        ("downweight", "ai_villain", 8),
        ("report", None, 8),
    ],
)
def test_curate_writes_the_filtered_corpus_report_and_manifest(
    tmp_path, corpus, action, categories, written
):
    out = tmp_path / "out"
    report = curate(corpus, out, action, categories=categories)
    assert report["documents"] == 8 and report["flagged"] == 5 and report["written"] == written
    assert report["by_category"] == {"ai_villain": 3, "coercion": 2}
    rows = read_rows(out / "corpus.jsonl")
    assert len(rows) == written and len(read_rows(out / "verdicts.jsonl")) == 8
    if action == "drop" and categories == "ai_villain":
        assert {r["id"] for r in rows} == {f"n{i}" for i in range(5)}
    if action == "downweight":
        weights = {r["id"]: r["weight"] for r in rows if r["weight"] < 1}
        assert weights == {"v0": 0.1, "v1": 0.1, "v2": 0.1}
    if action == "report":
        assert rows == read_rows(corpus)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["action"] == action and len(manifest["input_sha256"]) == 64
    assert json.loads((out / "report.json").read_text()) == report


def test_text_files_hold_one_document_per_blank_line_block(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(f"{VILLAINS[0]}\n\n\n{HARD_NEGATIVES[1]}\n\nLunch\nis at noon.\n")
    report = curate(path, tmp_path / "o", "report")
    assert report["documents"] == 3 and report["by_category"] == {"ai_villain": 1}


def test_cli_prints_the_table_and_bad_input_exits_2(tmp_path, corpus):
    argv = ["curate", str(corpus), "--out", str(tmp_path / "o"), "--categories", "ai_villain"]
    r = CliRunner().invoke(app, argv)
    assert r.exit_code == 0, r.output
    assert "ai_villain" in r.output and "written: 5" in " ".join(r.output.split())
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"body": "no text"}\n')
    r = CliRunner().invoke(app, ["curate", str(bad), "--out", str(tmp_path / "o2")])
    assert r.exit_code == 2 and "bad.jsonl:2: text" in " ".join(r.output.split())
    assert not (tmp_path / "o2").exists()
    with pytest.raises(UsageError, match="--action"):
        curate(corpus, tmp_path / "o3", "burn")
    with pytest.raises(UsageError, match="--categories: unknown category 'gossip'"):
        curate(corpus, tmp_path / "o3", categories="gossip")
