"""Training rows from JSONL: a directory of `.jsonl` files (read in name order) or one file.

The directory's own `.jsonl` files are read, not its subdirectories (a constitution build
keeps a `datasets/` copy there). Row formats (TRL's): `{"text"}` and `{"messages": [{"role", "content"}]}` for SFT,
`{"prompt", "chosen", "rejected"}` (strings or message lists) for DPO. Any row may carry a
`provenance` dict; its `type` (or `data_type`) names the data type an ablation arm selects.
A malformed row stops the run with `file:line` and what is wrong; a well-formed row of the
other stage's format is skipped and counted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from upright.errors import UsageError

Stage = Literal["sft", "dpo"]
ROLES = ("system", "user", "assistant")


class DataError(UsageError):
    """A training row or data path that cannot be used."""


@dataclass(frozen=True)
class Row:
    where: str  # file:line
    data: dict[str, Any]
    type: str | None

    @property
    def format(self) -> str:
        return (
            "pairs" if "chosen" in self.data else "messages" if "messages" in self.data else "text"
        )


@dataclass
class Dataset:
    rows: list[Row]
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256
    skipped: int = 0  # rows of the other stage's format

    def types(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.rows:
            counts[r.type or "untyped"] = counts.get(r.type or "untyped", 0) + 1
        return counts

    def select(self, types: set[str] | None) -> list[Row]:
        return self.rows if types is None else [r for r in self.rows if r.type in types]


def jsonl_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise DataError(f"{path}: no such data file or directory")
    files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
    if not files:
        raise DataError(f"{path}: no .jsonl files found")
    return files


def load(path: Path, stage: Stage) -> Dataset:
    """Every row of `path` usable by `stage`, validated; raises DataError on the first bad one."""
    out = Dataset(rows=[])
    for file in jsonl_files(path):
        raw = file.read_bytes()
        out.files[file.name] = hashlib.sha256(raw).hexdigest()
        for n, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{file}:{n}"
            row = parse(line, where)
            wanted = row.format == "pairs" if stage == "dpo" else row.format != "pairs"
            if wanted:
                out.rows.append(row)
            else:
                out.skipped += 1
    if not out.rows:
        kind = "prompt/chosen/rejected" if stage == "dpo" else "text or messages"
        raise DataError(f"{path}: no {kind} rows for {stage}")
    return out


def parse(line: str, where: str) -> Row:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as e:
        raise DataError(f"{where}: not valid JSON ({e.msg})") from None
    if not isinstance(data, dict):
        raise DataError(f"{where}: a row must be a JSON object")
    if "chosen" in data or "rejected" in data or ("prompt" in data and "completion" not in data):
        for key in ("prompt", "chosen", "rejected"):
            check_content(data.get(key), where, key)
    elif "messages" in data:
        check_messages(data["messages"], where, "messages", need_assistant=True)
    elif "text" in data:
        if not isinstance(data["text"], str) or not data["text"].strip():
            raise DataError(f"{where}: field 'text' must be a non-empty string")
    else:
        raise DataError(f"{where}: row has none of 'text', 'messages', 'prompt/chosen/rejected'")
    prov = data.get("provenance", {})
    if not isinstance(prov, dict):
        raise DataError(f"{where}: field 'provenance' must be an object")
    kind = prov.get("type", prov.get("data_type"))
    if kind is not None and not isinstance(kind, str):
        raise DataError(f"{where}: field 'provenance.type' must be a string")
    return Row(where, data, kind)


def check_content(value: Any, where: str, key: str) -> None:
    if isinstance(value, str):
        if not value.strip():
            raise DataError(f"{where}: field {key!r} is empty")
        return
    if isinstance(value, list):
        check_messages(value, where, key, need_assistant=key != "prompt")
        return
    raise DataError(f"{where}: field {key!r} must be a string or a list of messages")


def check_messages(value: Any, where: str, key: str, need_assistant: bool) -> None:
    if not isinstance(value, list) or not value:
        raise DataError(f"{where}: field {key!r} must be a non-empty list of messages")
    for i, m in enumerate(value):
        if not isinstance(m, dict) or not isinstance(m.get("content"), str):
            raise DataError(f"{where}: field '{key}[{i}].content' must be a string")
        if m.get("role") not in ROLES:
            raise DataError(
                f"{where}: field '{key}[{i}].role' must be one of {', '.join(ROLES)}, "
                f"got {m.get('role')!r}"
            )
    if need_assistant and not any(m["role"] == "assistant" for m in value):
        raise DataError(f"{where}: field {key!r} has no assistant message to learn from")
