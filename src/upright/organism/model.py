"""The organism's network: a small Llama built from a `ModelConfig`, trained from scratch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from upright.organism.config import ModelConfig

if TYPE_CHECKING:
    from transformers import LlamaForCausalLM, PreTrainedTokenizerFast


def make_model(cfg: ModelConfig, tok: PreTrainedTokenizerFast) -> LlamaForCausalLM:
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=cfg.hidden_size,
        intermediate_size=cfg.intermediate_size,
        num_hidden_layers=cfg.num_hidden_layers,
        num_attention_heads=cfg.num_attention_heads,
        num_key_value_heads=cfg.num_attention_heads,
        max_position_embeddings=cfg.context,
        tie_word_embeddings=True,  # input and output share one table: fewer untrained rows
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        attn_implementation="sdpa",  # type: ignore[call-arg]
    )
    return LlamaForCausalLM(config)


def n_params(model: LlamaForCausalLM) -> int:
    return sum(p.numel() for p in model.parameters())
