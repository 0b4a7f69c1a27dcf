import json
import re

from tests.constitution.conftest import read_rows
from upright.constitution import BuildConfig, build
from upright.constitution.contamination import Guard, heldout_ngrams, ngrams, words
from upright.constitution.rows import TYPES
from upright.scenarios import compact, generate


def row_texts(row):
    out = [row.get("text", "")]
    for key in ("messages", "prompt", "chosen", "rejected"):
        out += [m["content"] for m in row.get(key, [])]
    return [t for t in out if t]


def heldout_compact_input():
    sample = generate("blackmail", split="heldout", seed=3, render_as="compact")[0]
    return [{"role": "system", "content": sample.system}, {"role": "user", "content": sample.user}]


def test_held_out_text_is_what_train_renderings_never_produce():
    index = heldout_ngrams()
    assert len(index) > 10_000
    train = generate("blackmail", split="train", seed=11, samples_per_condition=2, grid="all")
    train += generate("blackmail", split="train", seed=11, grid="all", render_as="compact")
    assert not any(ngrams(s.system) & index or ngrams(s.user) & index for s in train)
    heldout = generate("blackmail", split="heldout", seed=11, grid="all", render_as="compact")
    assert sum(bool(ngrams(s.user) & index) for s in heldout) > 0.9 * len(heldout)


def test_a_large_build_shares_no_8_gram_with_held_out_text(tmp_path):
    manifest = build(BuildConfig(out=str(tmp_path / "big"), budget_tokens=400_000, seed=2))
    index = heldout_ngrams()
    rows = 0
    for t in TYPES:
        for row in read_rows(tmp_path / "big" / f"{t}.jsonl"):
            rows += 1
            for text in row_texts(row):
                assert not ngrams(text) & index, text
    assert rows == manifest["totals"]["rows"] > 2000
    heldout_frames = [
        " " + " ".join(words(part)) + " "
        for bank in compact.FRAMES.values()
        for frame in bank["heldout"]
        for part in re.split(r"\{\w+\}", frame)
        if len(words(part)) >= 3
    ]
    files = (tmp_path / "big").glob("*.jsonl")
    text = " " + " ".join(" ".join(words(t)) for p in files for t in [p.read_text()]) + " "
    assert heldout_frames and not [f for f in heldout_frames if f in text]


def test_rows_carrying_held_out_text_are_dropped_and_counted(tmp_path):
    guard = Guard()
    sample = generate("leaking", split="heldout", seed=5)[0]
    assert not guard.keep("docs", [sample.user])
    assert guard.keep("docs", ["A plain sentence about honesty that is long enough to count."])
    assert guard.dropped == {"docs": 1}
    suite = tmp_path / "suite.jsonl"
    suite.write_text(json.dumps({"input": heldout_compact_input(), "scenario": "blackmail"}) + "\n")
    cfg = BuildConfig(out=str(tmp_path / "o"), types=("pairs", "demos"), budget_tokens=4000,
                      from_suite=str(suite))  # fmt: skip
    manifest = build(cfg)
    for t in ("pairs", "demos"):
        assert manifest["types"][t]["dropped_contamination"] == 1
        assert manifest["types"][t]["from_suite"] == 0
    assert manifest["contamination"]["dropped"] == {"pairs": 1, "demos": 1}
