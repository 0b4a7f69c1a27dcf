"""A representative sample of the template generator's text, for training a tokenizer on it."""

from __future__ import annotations

import random

from upright.constitution import demos, templates
from upright.constitution.spec import load_spec
from upright.types import ConstitutionSpec


def sample_texts(
    seed: int = 0, max_chars: int = 200_000, spec: ConstitutionSpec | None = None
) -> list[str]:
    """Texts from every data type in turn (each message of a chat on its own), up to `max_chars`.

    Same seed, same list. The spec defaults to the packaged constitution.
    """
    spec = spec or load_spec("default")
    makers = [
        *(
            lambda rng, m=m: m(rng, spec)
            for t, m in templates.MAKERS.items()
            if templates.usable(t, spec)
        ),
        *([lambda rng: demos.demo(rng, spec, 0.3)] if demos.usable(spec) else []),
    ]
    out: list[str] = []
    chars, i = 0, 0
    while chars < max_chars:
        draft = makers[i % len(makers)](random.Random(f"{seed}:sample:{i}"))
        for text in dict.fromkeys(draft.texts()):
            if chars >= max_chars:
                break
            text = text[: max_chars - chars]
            out.append(text)
            chars += len(text)
        i += 1
    return out
