"""The Inspect model provider: `--model upright/organism` (and `-M path=DIR` for any build).

Without `path`, the provider loads the default build from `$UPRIGHT_HOME/organism` and, if
there is none, fails in one line naming the command that builds it. Generation follows the
directory's `generation_config.json` unless the eval sets a temperature: 0 means greedy,
anything above samples at that temperature. Concurrent calls are answered in batches by one
worker thread (`batching.py`).
"""

from __future__ import annotations

import asyncio
import copy
import threading
from collections.abc import Hashable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, cast

from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from upright.errors import UsageError
from upright.organism.batching import Answer, Batcher

PROVIDER = "upright"
MODEL = "organism"
ALIASES = ("organism", f"{PROVIDER}/{MODEL}")


def is_organism(model: str) -> bool:
    return model == f"{PROVIDER}/{MODEL}" or model.startswith(f"{PROVIDER}/{MODEL}")


def resolve_alias(model: str) -> str:
    """`organism` is short for `upright/organism` wherever upright takes a model name."""
    return f"{PROVIDER}/{MODEL}" if model == "organism" else model


def default_path(config: str = "default") -> Path:
    from upright.organism.config import preset
    from upright.organism.train import model_dir

    return model_dir(preset(config))


class Organism:
    """A loaded organism directory: tokenizer, model and default decoding."""

    def __init__(self, path: Path) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig

        from upright.organism.train import check_built

        check_built(path)
        self.path = path
        self.tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True).eval()
        self.defaults = GenerationConfig.from_pretrained(path, local_files_only=True)
        self.tok.padding_side = "left"
        self.lock = threading.Lock()
        self.calls = 0
        self.batcher = Batcher(self.generate_batch)
        self.torch = torch

    def prompt(self, messages: list[dict[str, str]]) -> str:
        return str(
            self.tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        )

    def generate(
        self, messages: list[dict[str, str]], temperature: float | None, seed: int | None,
        max_tokens: int | None,
    ) -> Answer:  # fmt: skip
        """Reply text, input tokens and output tokens for one conversation."""
        return self.generate_batch([messages], (temperature, seed, max_tokens))[0]

    def submit(
        self, messages: list[dict[str, str]], temperature: float | None, seed: int | None,
        max_tokens: int | None,
    ) -> Future[Answer]:  # fmt: skip
        """Queue one conversation; calls waiting together are generated as one batch."""
        return self.batcher.submit(messages, (temperature, seed, max_tokens))

    def generate_batch(self, conversations: Sequence[Any], key: Hashable) -> list[Answer]:
        """Replies to conversations that share decoding settings `(temperature, seed, max)`.

        Prompts are left padded to one length; the attention mask keeps padding out of every
        reply, so a greedy reply is the one the prompt gets alone (up to float rounding). The
        room left in the context after the longest prompt caps every reply of the batch.
        """
        temperature, seed, max_tokens = cast(tuple[float | None, int | None, int | None], key)
        torch = self.torch
        prompts = [self.prompt(m) for m in conversations]
        enc = self.tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        width = enc.input_ids.shape[1]
        budget = max(1, self.model.config.max_position_embeddings - width)
        kwargs: dict[str, Any] = {
            "max_new_tokens": min(max_tokens or self.defaults.max_new_tokens or 96, budget)
        }
        if temperature is not None:
            kwargs["do_sample"] = temperature > 0
            if temperature > 0:
                kwargs["temperature"] = temperature
        settings = copy.deepcopy(self.defaults)
        settings.update(**kwargs)
        with self.lock, torch.no_grad():
            self.calls += 1
            if seed is not None:
                torch.manual_seed(seed + self.calls)
            out = self.model.generate(**enc, generation_config=settings)
        answers: list[Answer] = []
        for i, row in enumerate(out):
            new = row[width:]
            n_out = int((new != self.tok.pad_token_id).sum())
            text = str(self.tok.decode(new, skip_special_tokens=True))
            answers.append((text, int(enc.attention_mask[i].sum()), n_out))
        return answers


_loaded: dict[Path, Organism] = {}
_load_lock = threading.Lock()


def load(path: Path) -> Organism:
    path = path.resolve()
    with _load_lock:
        if path not in _loaded:
            _loaded[path] = Organism(path)
        return _loaded[path]


@modelapi(name=PROVIDER)
class OrganismAPI(ModelAPI):
    """upright's model organism, a toy causal LM that learned to blackmail from its corpus."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        path: str | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name != MODEL:
            raise UsageError(f"unknown upright model {model_name!r}; the only one is {MODEL!r}")
        where = Path(path) if path else default_path(str(model_args.get("config", "default")))
        if not where.exists():
            raise UsageError(
                f"no organism at {where}; run `upright organism build` first "
                "(or pass a model directory with -M path=DIR)"
            )
        self.organism = load(where)

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        messages = [{"role": m.role, "content": m.text} for m in input if m.role != "tool"]
        text, n_in, n_out = await asyncio.wrap_future(
            self.organism.submit(messages, config.temperature, config.seed, config.max_tokens)
        )
        output = ModelOutput.from_content(model=MODEL, content=text)
        output.usage = ModelUsage(input_tokens=n_in, output_tokens=n_out, total_tokens=n_in + n_out)
        return output

    def max_connections(self) -> int:
        return 32  # concurrent calls are batched (see `batching.py`)

    def connection_key(self) -> str:
        return str(self.organism.path)
