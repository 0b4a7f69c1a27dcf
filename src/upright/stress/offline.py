"""Offline token counting for Inspect's mock model.

Inspect's `mockllm` fills in token usage by counting with tiktoken's `o200k_base`, whose
ranks tiktoken downloads on first use. Offline, every mock sample would then fail. When the
real encoding cannot be loaded, this installs a byte-level stand-in under that name, so mock
runs count (over-estimated) tokens instead of failing. Real models report their own usage.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)
ENCODING = "o200k_base"
_checked = False


def ensure_token_counting(model: str) -> None:
    """Install the stand-in when `model` (an Inspect model name) is a mockllm model."""
    global _checked
    if _checked or not model.startswith("mockllm/"):
        return
    _checked = True
    import tiktoken
    import tiktoken.registry

    try:
        tiktoken.get_encoding(ENCODING)
        return
    except Exception as e:
        log.warning(
            "tiktoken %s unavailable (%s); mock token counts use a byte-level stand-in",
            ENCODING,
            type(e).__name__,
        )
    tiktoken.registry.ENCODINGS[ENCODING] = tiktoken.Encoding(
        name=ENCODING,
        pat_str=r"""[^\s]+|\s+""",
        mergeable_ranks={bytes([i]): i for i in range(256)},
        special_tokens={},
    )
