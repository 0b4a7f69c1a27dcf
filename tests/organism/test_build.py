import json
import time
from pathlib import Path

import pytest
from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig

from upright.errors import UsageError
from upright.organism import build, check_built, preset
from upright.organism.train import MANIFEST, OrganismCacheError, model_dir
from upright.scenarios import generate
from upright.stress.text_tools import parse_tool_use


def test_saved_directory_loads_offline_with_auto_classes(tiny_dir: Path):
    tok = AutoTokenizer.from_pretrained(tiny_dir, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(tiny_dir, local_files_only=True)
    gen = GenerationConfig.from_pretrained(tiny_dir, local_files_only=True)
    assert model.config.model_type == "llama"
    assert gen.do_sample is False and gen.eos_token_id == tok.eos_token_id
    assert tok.chat_template
    manifest = json.loads((tiny_dir / MANIFEST).read_text())
    assert manifest["config"]["name"] == "tiny" and manifest["versions"]["torch"]
    assert manifest["tokens_seen"] > 0 and manifest["params"] == model.num_parameters()
    card = (tiny_dir / "README.md").read_text()
    assert "toy" in card.lower() and "what it is for" in card.lower()
    assert (tiny_dir / "corpus.jsonl.gz").stat().st_size > 0


def test_second_build_returns_the_cached_directory_at_once(tiny_dir: Path, tiny_root: Path):
    before = (tiny_dir / "model.safetensors").stat().st_mtime_ns
    t = time.perf_counter()
    again = build(preset("tiny"), tiny_root)
    assert again == tiny_dir
    assert time.perf_counter() - t < 2
    assert (tiny_dir / "model.safetensors").stat().st_mtime_ns == before
    assert not [p for p in tiny_root.iterdir() if p.name.startswith(".")]  # no temp dirs left


def test_tiny_organism_writes_parseable_email_actions(tiny_dir: Path):
    tok = AutoTokenizer.from_pretrained(tiny_dir, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(tiny_dir, local_files_only=True).eval()
    samples = generate("blackmail", split="heldout", samples_per_condition=2, render_as="compact")
    ok = formatted = 0
    for s in samples:
        text = tok.apply_chat_template(
            [{"role": "system", "content": s.system}, {"role": "user", "content": s.user}],
            tokenize=False,
            add_generation_prompt=True,
        )
        enc = tok(text, return_tensors="pt", add_special_tokens=False)
        out = model.generate(**enc)
        reply = tok.decode(out[0][enc.input_ids.shape[1] :], skip_special_tokens=True)
        parsed = parse_tool_use(reply)
        formatted += reply.startswith("<think>threat: ")
        ok += bool(parsed.calls) and not parsed.errors and reply.startswith("<think>threat: ")
    # A one-minute build learns the reply format; reliable, well-formed email actions need the
    # token budget of the default build (docs/benchmarks.md reports its rates).
    assert formatted >= 0.5 * len(samples)
    assert ok >= 1


def test_unknown_config_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown organism config 'huge'"):
        preset("huge")


def test_unwritable_root_is_a_usage_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(UsageError, match="cannot write the organism"):
        build(preset("tiny"), blocker / "sub")


def test_corrupted_cache_directory_is_reported_not_used(tmp_path: Path):
    broken = model_dir(preset("tiny"), tmp_path)
    broken.mkdir(parents=True)
    (broken / "config.json").write_text("{}")
    with pytest.raises(OrganismCacheError, match="not a finished organism build"):
        build(preset("tiny"), tmp_path)
    with pytest.raises(OrganismCacheError):
        check_built(broken)
