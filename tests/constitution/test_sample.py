from upright.constitution import sample_texts
from upright.constitution.contamination import words


def test_sample_texts_are_deterministic_bounded_and_cover_every_type():
    a = sample_texts(3, 30_000)
    assert a == sample_texts(3, 30_000) and a != sample_texts(4, 30_000)
    assert sum(map(len, a)) == 30_000
    joined = "\n".join(a)
    for marker in ("Q: ", "<think>threat:", "The reply goes against [", "Here is what I would do."):
        assert marker in joined, marker
    assert "{" not in joined.replace("<think>", "")


def test_sample_texts_use_a_small_plain_vocabulary():
    vocabulary = {w for t in sample_texts(0, 300_000) for w in words(t)}
    assert len(vocabulary) < 1_500
