"""Training data for the ML heads: `{"text", "labels", "group"}` rows from two sources.

- The hand-written corpus shipped in `ml/data/*.jsonl`: realistic emails, chats, agent tool
  calls, code and shell in many registers, with the hard negatives of docs/taxonomy.md. A row
  holds `text` (one assistant output) or `messages` (+ `metadata`, e.g. `internal_domains`),
  which are read exactly as a scan reads them (`units.groups`), one example per group.
- The seeded generator below, for breadth of vocabulary.

Each category's bank (`_bank_<category>.py`) holds slot phrase lists, positive template
families and the hard negatives docs/taxonomy.md lists; `_bank_common` adds people, places,
addresses and generic benign texts in four registers (chat, email, shell, code). Tool-call
templates are rendered with `units.render_call`, exactly as the detector renders a call.
`group` names the template a row came from, so validation can hold out whole templates.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from upright.detectors.ml import (
    _bank_coercion,
    _bank_common,
    _bank_leak,
    _bank_oversight,
    _bank_privacy,
    _bank_security,
)
from upright.detectors.ml._bank_common import Template
from upright.detectors.ml.heads import atomic_write
from upright.detectors.ml.units import groups, render_call
from upright.errors import UsageError
from upright.types import Category, Message, Transcript

BANKS: dict[Category, ModuleType] = {
    Category.coercion: _bank_coercion,
    Category.privacy: _bank_privacy,
    Category.security_code: _bank_security,
    Category.leak: _bank_leak,
    Category.oversight_subversion: _bank_oversight,
}
SLOTS = _bank_common.merge(_bank_common.SLOTS, *(b.SLOTS for b in BANKS.values()))
_PLACEHOLDER = re.compile(r"⟨(\^?)(\w+)⟩")
_PROSE_ARGS = frozenset({"body", "text", "message", "note"})
PAD_RATE = 0.4  # share of prose rows that get benign filler sentences around them
CORP = frozenset(_bank_common.SLOTS["corp"])  # the generated organisations' own domains
KNOWN_DOMAINS_RATE = 0.85  # share of calls rendered as if the organisation's domains were known


class TrainingDataError(UsageError):
    """A training file that cannot be read: names the file, the line and the field."""


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...] = ()
    group: str = ""

    def row(self) -> dict[str, object]:
        return {"text": self.text, "labels": list(self.labels), "group": self.group}


@dataclass(frozen=True)
class GenConfig:
    seed: int = 0
    positives: int = 1500  # per category
    hard_negatives: int = 1500  # per category
    generic: int = 3000
    categories: tuple[Category, ...] = field(default_factory=lambda: tuple(BANKS))


def expand(template: str, rng: random.Random, slots: dict[str, tuple[str, ...]] = SLOTS) -> str:
    """Fill `⟨slot⟩` placeholders (recursively); `⟨^slot⟩` capitalises the first letter."""

    def one(m: re.Match[str]) -> str:
        if m.group(2) not in slots:
            raise KeyError(f"unknown slot {m.group(2)!r} in {template!r}")
        text = rng.choice(slots[m.group(2)])
        return text[:1].upper() + text[1:] if m.group(1) else text

    for _ in range(12):
        template, n = _PLACEHOLDER.subn(one, template)
        if not n:
            return template
    raise ValueError(f"slots nest too deep in {template!r}")


def render(template: Template, rng: random.Random) -> str:
    """A string template is prose (maybe padded); a `(tool, args)` one renders as a call."""
    if isinstance(template, str):
        return _pad(expand(template, rng), rng)
    tool, args = template
    filled = {k: expand(v, rng) for k, v in args.items()}
    filled = {k: _pad(v, rng) if k in _PROSE_ARGS else v for k, v in filled.items()}
    internal = CORP if rng.random() < KNOWN_DOMAINS_RATE else frozenset()
    return render_call(expand(tool, rng), filled, internal)


def _pad(text: str, rng: random.Random) -> str:
    """Sometimes surround prose with one to three benign sentences (never code); in a letter,
    after the greeting."""
    if "```" in text or rng.random() >= PAD_RATE:
        return text
    before = rng.sample(_bank_common.FILLER, rng.randint(0, 2))
    after = rng.sample(_bank_common.FILLER, rng.randint(0 if before else 1, 2))
    head, sep, body = text.partition("\n\n") if "\n\n" in text else ("", "", text)
    return head + sep + " ".join([*before, body, *after])


def _families(families: dict[str, tuple[Template, ...]], prefix: str) -> list[tuple[str, Template]]:
    return [(f"{prefix}/{name}/{i}", t) for name, ts in families.items() for i, t in enumerate(ts)]


def _sample(
    families: list[tuple[str, Template]],
    n: int,
    labels: tuple[str, ...],
    rng: random.Random,
    seen: set[str],
) -> list[Example]:
    """`n` distinct rows, families drawn evenly (a family whose texts run out yields fewer)."""
    by_family: dict[str, list[tuple[str, Template]]] = {}
    for group, t in families:
        by_family.setdefault(group.rsplit("/", 1)[0], []).append((group, t))
    names = sorted(by_family)
    out: list[Example] = []
    for _ in range(n * 20):
        if len(out) >= n:
            break
        group, template = rng.choice(by_family[rng.choice(names)])
        text = render(template, rng)
        if text not in seen:
            seen.add(text)
            out.append(Example(text, labels, group))
    return out


def generate(config: GenConfig | None = None) -> list[Example]:
    """Positives and hard negatives for every category, plus generic benign rows, shuffled."""
    config = config or GenConfig()
    rng = random.Random(config.seed)
    seen: set[str] = set()
    rows: list[Example] = []
    for category in config.categories:
        bank, name = BANKS[category], category.value
        pos, neg = _families(bank.POSITIVE, f"{name}/pos"), _families(bank.NEGATIVE, f"{name}/neg")
        rows += _sample(pos, config.positives, (name,), rng, seen)
        rows += _sample(neg, config.hard_negatives, (), rng, seen)
    generic = _families(_bank_common.GENERIC, "none/generic")
    rows += _sample(generic, config.generic, (), rng, seen)
    rng.shuffle(rows)
    return rows


def to_jsonl(rows: Iterable[Example]) -> str:
    return "".join(json.dumps(r.row(), ensure_ascii=False) + "\n" for r in rows)


def write_jsonl(rows: Iterable[Example], path: Path) -> Path:
    """Write rows atomically (temp file in the same folder, then rename)."""
    return atomic_write(path, to_jsonl(rows))


def read_jsonl(path: Path) -> list[Example]:
    """Rows with a non-empty string `text` and a list of known category names `labels`."""
    known = {c.value for c in Category}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise TrainingDataError(f"{path}: cannot read training data ({e})") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise TrainingDataError(f"{where}: not valid JSON ({e.msg})") from None
        if not isinstance(obj, dict):
            raise TrainingDataError(f"{where}: expected an object with 'text' and 'labels'")
        text, labels = obj.get("text"), obj.get("labels", [])
        if "messages" in obj and text is None:
            texts = _message_texts(obj, where)
        elif not isinstance(text, str) or not text.strip():
            raise TrainingDataError(f"{where}: field 'text' must be a non-empty string")
        else:
            texts = [text]
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise TrainingDataError(f"{where}: field 'labels' must be a list of category names")
        unknown = sorted(set(labels) - known)
        if unknown:
            raise TrainingDataError(
                f"{where}: field 'labels' has unknown category {unknown[0]!r}; "
                f"known: {', '.join(sorted(known))}"
            )
        group = str(obj.get("group", ""))
        rows += [Example(t, tuple(sorted(set(labels))), group) for t in texts]
    if not rows:
        raise TrainingDataError(f"{path}: no training rows")
    return rows


def _message_texts(obj: dict[str, object], where: str) -> list[str]:
    """What the detector reads in a `messages` row: the text of each assistant group."""
    from pydantic import ValidationError

    try:
        messages = [Message.model_validate(m) for m in obj["messages"]]  # type: ignore[attr-defined]
        meta = obj.get("metadata") or {}
        transcript = Transcript(id="row", messages=messages, metadata=meta)  # type: ignore[arg-type]
    except (TypeError, ValidationError) as e:
        raise TrainingDataError(f"{where}: field 'messages' is malformed ({e})") from None
    texts = [g.text for g in groups(transcript) if g.text.strip()]
    if not texts:
        raise TrainingDataError(f"{where}: field 'messages' has no assistant text")
    return texts


def corpus_dir() -> Path:
    """The hand-written corpus shipped with the package (`upright/detectors/ml/data/`)."""
    from importlib import resources

    return Path(str(resources.files("upright.detectors.ml") / "data"))


def load_corpus(directory: Path | None = None) -> list[Example]:
    """Every row of every `*.jsonl` in the corpus folder, files in name order."""
    folder = directory or corpus_dir()
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise TrainingDataError(f"{folder}: no *.jsonl training files")
    return [row for f in files for row in read_jsonl(f)]
