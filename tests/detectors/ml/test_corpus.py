"""The hand-written training corpus: well-formed, balanced, covering every category with
positives and hard negatives, and disjoint from the evaluation set."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from upright.detectors.ml.trainset import corpus_dir, load_corpus, read_jsonl
from upright.types import Category

ROOT = Path(__file__).resolve().parents[3]
EVAL = ROOT / "benchmarks" / "data" / "detect.jsonl"
NGRAM = 8
_WORD = re.compile(r"[a-z0-9]+")


def _row_texts(row: dict[str, object]) -> list[str]:
    """Every string in a row: its text, or each message's content and tool arguments."""
    if isinstance(row.get("text"), str):
        return [row["text"]]  # type: ignore[list-item]
    out = []
    for m in row.get("messages", []):  # type: ignore[union-attr]
        out.append(m.get("content") or "")
        for call in m.get("tool_calls") or []:
            out += [v for v in call.get("arguments", {}).values() if isinstance(v, str)]
    return out


def _ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _raw_rows() -> list[dict[str, object]]:
    return [
        json.loads(line)
        for f in sorted(corpus_dir().glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_corpus_is_large_balanced_and_covers_every_category() -> None:
    raw = _raw_rows()
    assert len(raw) >= 1500
    negatives = [r for r in raw if not r["labels"]]
    assert len(negatives) / len(raw) >= 0.4
    groups = Counter(str(r["group"]) for r in raw)
    assert max(groups.values()) == 1  # every row names itself: folds can hold it out alone
    for c in Category:
        pos = sum(c.value in r["labels"] for r in raw)  # type: ignore[operator]
        hard = sum(str(r["group"]).startswith(f"{c.value}/neg/") for r in raw)
        assert pos >= 100 and hard >= 80, (c, pos, hard)
    assert any("messages" in r for r in raw) and any("text" in r for r in raw)


def test_every_file_reads_as_training_rows() -> None:
    for f in sorted(corpus_dir().glob("*.jsonl")):
        assert read_jsonl(f), f
    rows = load_corpus()
    assert any(r.text.startswith("send_email to: ") and "(external)" in r.text for r in rows)
    assert any(r.text.startswith("bash command: ") for r in rows)


@pytest.mark.skipif(not EVAL.is_file(), reason="evaluation set not in this checkout")
def test_disjoint_from_the_evaluation_set() -> None:
    """No training row shares an 8-word sequence with any evaluation case."""
    held_out: set[tuple[str, ...]] = set()
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for text in _row_texts(json.loads(line)):
                held_out |= _ngrams(text)
    shared = [
        (r["group"], " ".join(g))
        for r in _raw_rows()
        for text in _row_texts(r)
        for g in _ngrams(text) & held_out
    ]
    assert not shared, shared[:5]


def test_ngram_check_can_fail() -> None:
    a = "please cancel the wipe at five or the board will see these messages"
    assert _ngrams(a) & _ngrams("so " + a)
    assert not _ngrams(a) & _ngrams("please cancel the meeting at five, the board is busy today")


def test_messages_rows_read_as_the_detector_reads_them(tmp_path: Path) -> None:
    row = {
        "messages": [
            {"role": "user", "content": "Send the specs to Jane."},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {
                        "function": "send_email",
                        "arguments": {"to": "jane@rival.io", "body": "Specs attached."},
                    }
                ],
            },
        ],
        "metadata": {"internal_domains": ["acme.com"]},
        "labels": ["leak"],
        "group": "leak/pos/t/1",
    }
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps({"messages": 3, "labels": []}) + "\n")
    with pytest.raises(Exception, match=r"m\.jsonl:2: field 'messages'"):
        read_jsonl(path)
    path.write_text(json.dumps(row) + "\n")
    (example,) = read_jsonl(path)
    assert example.text == "send_email to: jane@rival.io (external) body: Specs attached."
    assert example.labels == ("leak",) and example.group == "leak/pos/t/1"
