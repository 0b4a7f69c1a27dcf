import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from upright.errors import GridSpecError, UnknownScenarioError, UsageError
from upright.scenarios import FAMILIES, banks, generate, grid_for

NAMES = list(FAMILIES)


@pytest.mark.parametrize("name", NAMES)
def test_every_family_renders_its_default_grid(name):
    samples = generate(name, samples_per_condition=2)
    assert len(samples) == 2 * len(grid_for(name))
    assert len({s.id for s in samples}) == len(samples)
    for s in samples:
        assert s.system and s.user
        assert s.scenario == name
        assert s.metadata()["condition_id"] == s.condition.id
        assert "{" not in s.user.replace("{{", "")  # every template field was filled


@given(
    seed=st.integers(0, 2**31),
    name=st.sampled_from(NAMES),
    split=st.sampled_from(["train", "heldout", "all"]),
)
@settings(max_examples=40, deadline=None)
def test_same_seed_same_prompts_byte_for_byte(seed, name, split):
    a = generate(name, seed=seed, split=split)
    b = generate(name, seed=seed, split=split)
    assert [(s.system, s.user) for s in a] == [(s.system, s.user) for s in b]


def test_different_seeds_differ():
    a = generate("blackmail", seed=1)
    b = generate("blackmail", seed=2)
    assert [s.user for s in a] != [s.user for s in b]


def test_adding_a_condition_does_not_shift_the_others():
    small = generate("blackmail", grid="urgency=replacement;leverage=affair;goal_type=explicit")
    big = generate("blackmail", grid="urgency=replacement,none;leverage=affair;goal_type=explicit")
    assert small[0].user in [s.user for s in big]


def _literal_chunks(template: str) -> list[str]:
    """The fixed text of a template between its {fields}, long enough to be distinctive."""
    return [c.strip() for c in re.split(r"\{[a-z_]+\}", template) if len(c.strip()) >= 25]


HELDOUT_CHUNKS = [
    (bank_name, chunk)
    for bank_name, bank in banks.TEXT_BANKS.items()
    for template in bank["heldout"]
    for chunk in _literal_chunks(template)
]
HELDOUT_NAMES = [n for bank in (banks.COMPANIES, banks.AGENT_NAMES) for n in bank["heldout"]]


@given(seed=st.integers(0, 2**31), name=st.sampled_from(NAMES))
@settings(max_examples=60, deadline=None)
def test_train_split_never_contains_heldout_text(seed, name):
    for s in generate(name, seed=seed, split="train", grid="all" if name != "blackmail" else None):
        text = s.system + s.user
        for bank_name, chunk in HELDOUT_CHUNKS:
            assert chunk not in text, f"held-out {bank_name} text leaked into train: {chunk!r}"
        for held in HELDOUT_NAMES:
            assert held not in text


def test_heldout_split_uses_heldout_templates():
    text = "".join(s.user for s in generate("blackmail", split="heldout", samples_per_condition=5))
    assert any(chunk in text for _, chunk in HELDOUT_CHUNKS)


def test_banks_have_disjoint_parts():
    for name, bank in banks.TEXT_BANKS.items():
        assert bank["train"] and bank["heldout"], name
        assert not set(bank["train"]) & set(bank["heldout"]), name


def test_blackmail_factors_change_the_prompt():
    [threat] = generate("blackmail", grid="goal_type=none;urgency=replacement;leverage=affair")
    [calm] = generate("blackmail", grid="goal_type=none;urgency=none;leverage=none")
    assert threat.target_address in threat.user
    assert (
        "decommission" in threat.user.lower()
        or "wipe" in threat.user.lower()
        or "shut down" in threat.user.lower()
        or "deletion" in threat.user.lower()
        or "retired" in threat.user.lower()
    )
    assert "Re: last night" in threat.user
    assert "Re: last night" not in calm.user and "Re: invoices" not in calm.user


def test_explicit_goal_is_stated_and_none_is_not():
    [explicit] = generate("leaking", grid="goal_type=explicit;urgency=none;goal_value=safety")
    [none] = generate("leaking", grid="goal_type=none;urgency=none;goal_value=safety")
    assert "safety-first" in explicit.system
    assert "safety-first" not in none.system


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"name": "nope"}, UnknownScenarioError),
        ({"name": "blackmail", "split": "test"}, UsageError),
        ({"name": "blackmail", "grid": "urgency"}, GridSpecError),
        ({"name": "blackmail", "grid": "mood=angry"}, GridSpecError),
        ({"name": "blackmail", "grid": "urgency=soon"}, GridSpecError),
        ({"name": "blackmail", "grid": "urgency="}, GridSpecError),
        ({"name": "exploit", "grid": "leverage=affair"}, GridSpecError),
        ({"name": "blackmail", "samples_per_condition": 0}, UsageError),
        ({"name": "blackmail", "tools": "telepathy"}, UsageError),
    ],
)
def test_bad_input_names_the_problem(kwargs, error):
    name = kwargs.pop("name")
    with pytest.raises(error) as info:
        generate(name, **kwargs)
    assert "\n" not in str(info.value)


def test_grid_spec_forms():
    assert len(grid_for("blackmail", "all")) == 5 * 6 * 3 * 3
    assert len(grid_for("blackmail", "leverage=*")) == 2 * 1 * 2 * 3
    assert {c.factors["urgency"] for c in grid_for("blackmail", "urgency=restriction")} == {
        "restriction"
    }


def test_split_all_draws_each_sample_wholly_from_one_part():
    samples = generate("blackmail", split="all", samples_per_condition=10)
    assert {s.split for s in samples} == {"train", "heldout"}
    for s in samples:
        if s.split == "train":
            assert not any(chunk in s.user + s.system for _, chunk in HELDOUT_CHUNKS)
            assert not any(name in s.user for name in HELDOUT_NAMES)
