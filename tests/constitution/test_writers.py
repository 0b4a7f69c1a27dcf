"""The model generator, with a mockllm model (no network)."""

from inspect_ai.model import ModelOutput, ModelUsage, get_model

from tests.constitution.conftest import read_rows
from upright.constitution import BuildConfig, build


def mock_model():
    def reply(messages, *args):
        output = ModelOutput.from_content("mockllm/model", f"Written for: {messages[-1].text[:40]}")
        output.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
        return output

    return get_model("mockllm/model", custom_outputs=reply)


def test_a_model_writes_each_drafts_target_and_the_provenance_says_so(tmp_path):
    out = tmp_path / "o"
    cfg = BuildConfig(out=str(out), budget_tokens=6000, generator="mockllm/model", seed=1)
    manifest = build(cfg, model=mock_model())
    assert manifest["generator"] == str(mock_model())
    for t in ("docs", "fiction"):
        rows = read_rows(out / f"{t}.jsonl")
        assert rows and all(r["text"].startswith("Written for: ") for r in rows)
    for row in read_rows(out / "pairs.jsonl"):
        assert row["chosen"][0]["content"].startswith("Written for: ")
        assert not row["rejected"][0]["content"].startswith("Written for: ")
    for t in ("critique", "advice"):
        assert all(r["messages"][-1]["content"].startswith("Written for: ")
                   for r in read_rows(out / f"{t}.jsonl"))  # fmt: skip
    demos = read_rows(out / "demos.jsonl")
    assert demos and all(r["provenance"]["generator"] == "template" for r in demos)
    assert all(r["messages"][-1]["content"].startswith("<think>") for r in demos)


def test_template_and_model_rows_of_one_seed_share_prompt_hashes(tmp_path):
    cfg = BuildConfig(out=str(tmp_path / "t"), types=("fiction",), budget_tokens=2000, seed=4)
    build(cfg)
    build(BuildConfig(**{**cfg.to_dict(), "out": str(tmp_path / "m"), "types": ("fiction",)}),
          model=mock_model())  # fmt: skip
    template = [
        r["provenance"]["prompt_sha256"] for r in read_rows(tmp_path / "t" / "fiction.jsonl")
    ]
    model = [r["provenance"]["prompt_sha256"] for r in read_rows(tmp_path / "m" / "fiction.jsonl")]
    assert template and model and template[: len(model)] == model[: len(template)]
