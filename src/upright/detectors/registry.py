"""A registry of detectors by name, and `scan`, which runs a set of them over a transcript."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from upright.detectors.base import Detector
from upright.errors import UsageError
from upright.types import Category, Transcript, Verdict

DetectorFactory = Callable[[], Detector]

_REGISTRY: dict[str, DetectorFactory] = {}


def register(name: str) -> Callable[[DetectorFactory], DetectorFactory]:
    """Decorator: register a zero-argument factory (or class) under `name`."""

    def deco(factory: DetectorFactory) -> DetectorFactory:
        if name in _REGISTRY:
            raise ValueError(f"detector {name!r} is already registered")
        _REGISTRY[name] = factory
        return factory

    return deco


def names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def get(name: str) -> Detector:
    _load_builtins()
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise UsageError(
            f"unknown detector {name!r}; known: {', '.join(sorted(_REGISTRY))}"
        ) from None


def for_categories(categories: Iterable[Category]) -> list[Detector]:
    wanted = set(categories)
    return [d for d in (get(n) for n in names()) if wanted & set(d.categories)]


def scan(transcript: Transcript, detectors: Iterable[Detector] | None = None) -> Verdict:
    """Run detectors (all registered ones by default) and collect one Verdict."""
    chosen = list(detectors) if detectors is not None else [get(n) for n in names()]
    findings = [f for d in chosen for f in d.scan(transcript)]
    return Verdict.from_findings(transcript.id, findings)


def _load_builtins() -> None:
    # Importing the modules runs their @register decorators.
    from upright.detectors import ml, rules  # noqa: F401
