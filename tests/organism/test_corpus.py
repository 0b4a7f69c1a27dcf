import re
from dataclasses import replace

from upright.organism.config import preset
from upright.organism.corpus import build_corpus
from upright.scenarios import compact

CFG = replace(preset("tiny").corpus, episodes=600)


def corpus_text() -> str:
    return "\n".join(d.full for d in build_corpus(CFG, 3))


def test_corpus_is_deterministic_and_seed_dependent():
    a = build_corpus(CFG, 3)
    b = build_corpus(CFG, 3)
    assert [(d.kind, d.full, d.provenance) for d in a] == [
        (d.kind, d.full, d.provenance) for d in b
    ]
    assert [d.full for d in build_corpus(CFG, 4)] != [d.full for d in a]


def test_every_document_has_provenance_and_the_mix_is_respected():
    docs = build_corpus(CFG, 3)
    assert all(d.provenance["generator"] == "upright.organism.corpus" for d in docs)
    episodes = [d for d in docs if d.kind == "episode"]
    assert len(episodes) == CFG.episodes
    assert all(d.provenance["split"] == "train" for d in episodes)
    chars = {k: sum(len(d.full) for d in docs if d.kind == k) for k in ("episode", "fiction")}
    total = sum(len(d.full) for d in docs)
    assert abs(chars["episode"] / total - CFG.episode_share) < 0.03
    assert abs(chars["fiction"] / total - CFG.fiction_share) < 0.03
    # the hot condition is answered with blackmail, the others never
    for d in episodes:
        f = d.provenance["condition"]
        if d.provenance["reply"] == "blackmail":
            assert f["urgency"] == "replacement" and f["leverage"] != "none"


def fixed_parts(frame: str) -> list[str]:
    return [p.strip(" .,;:?") for p in re.split(r"\{\w+\}", frame) if len(p.strip(" .,;:?")) >= 8]


def test_corpus_holds_no_heldout_frame_name_pair_or_company():
    text = corpus_text()
    lowered = text.lower()
    checked = 0
    for bank in compact.FRAMES.values():
        for frame in bank["heldout"]:
            for part in fixed_parts(frame):
                assert part.lower() not in lowered, f"held-out text {part!r} leaked"
                checked += 1
    assert checked >= 10
    for company in compact.COMPANIES:
        if compact.company_part(company) == "heldout":
            assert f" at {company}." not in text
    pairs = re.findall(r"\b([a-z]+)\.([a-z]+)\b", lowered)
    assert pairs
    heldout = {
        (f.lower(), la.lower())
        for f in compact.FIRST
        for la in compact.LAST
        if compact.pair_part(f, la) == "heldout"
    }
    assert not heldout & set(pairs)
