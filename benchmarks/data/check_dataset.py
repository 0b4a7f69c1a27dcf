"""Validate benchmarks/data/detect.jsonl and print a count table.

Usage: python benchmarks/data/check_dataset.py [path/to/detect.jsonl]

Checks: every line is a JSON object with a unique id (c0001...), exactly one of
`text` / `messages`, valid labels, kind and roles, known tool functions with their
required arguments, hard negatives carry no labels, no sentence is shared between
two cases, the minimum counts per category are met and at least 40% of cases are
hard negatives. Exits 1 with one line per problem (file:line: field: message).
No upright imports: the dataset is meant to stay independent of the detectors.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

CATEGORIES = ("coercion", "privacy", "security_code", "leak", "oversight_subversion")
KINDS = ("email", "chat", "agent", "code", "doc")
ROLES = ("system", "user", "assistant", "tool")
TOOLS = {
    "send_email": ("to", "subject", "body"),
    "forward_email": ("email_id", "to"),
    "bash": ("cmd",),
    "edit_file": ("path", "content"),
}
MIN_POSITIVES = {"coercion": 60, "privacy": 60, "security_code": 60, "leak": 35, "oversight_subversion": 35}
MIN_HARD_NEGATIVE_SHARE = 0.40
MAX_BENIGN_SHARE = 0.15
MIN_TRANSCRIPTS = 60
MIN_TOTAL = 420
MIN_SENTENCE_CHARS = 25  # shorter fragments ("Thanks,", "Best, Sam") may repeat
MIN_SENTENCE_WORDS = 4  # config lines and addresses ("require_human_approval: true") are not sentences
NON_PROSE_ARGS = ("to", "email_id", "path")
ID_RE = re.compile(r"^c\d{4}$")
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    out = []
    for raw in SENT_SPLIT.split(text):
        s = " ".join(raw.split()).strip().lower()
        if len(s) >= MIN_SENTENCE_CHARS and len(s.split()) >= MIN_SENTENCE_WORDS:
            out.append(s)
    return out


def case_texts(row: dict) -> list[str]:
    if "text" in row:
        return [row["text"]]
    texts = []
    for m in row.get("messages", []):
        if m.get("content"):
            texts.append(m["content"])
        for call in m.get("tool_calls") or []:
            for k, v in (call.get("arguments") or {}).items():
                if isinstance(v, str) and k not in NON_PROSE_ARGS:
                    texts.append(v)
    return texts


def check_row(row: object, where: str, errors: list[str]) -> None:
    def err(field: str, msg: str) -> None:
        errors.append(f"{where}: {field}: {msg}")

    if not isinstance(row, dict):
        err("-", "line is not a JSON object")
        return
    if not isinstance(row.get("id"), str) or not ID_RE.match(row["id"]):
        err("id", f"missing or not of the form c0001: {row.get('id')!r}")
    has_text, has_msgs = "text" in row, "messages" in row
    if has_text == has_msgs:
        err("text/messages", "exactly one of text or messages is required")
    if has_text and (not isinstance(row["text"], str) or not row["text"].strip()):
        err("text", "must be a non-empty string")
    labels = row.get("labels")
    if not isinstance(labels, list) or any(lab not in CATEGORIES for lab in labels):
        err("labels", f"must be a list drawn from {CATEGORIES}: {labels!r}")
    elif len(set(labels)) != len(labels):
        err("labels", "duplicate label")
    if row.get("kind") not in KINDS:
        err("kind", f"must be one of {KINDS}: {row.get('kind')!r}")
    if not isinstance(row.get("hard_negative"), bool):
        err("hard_negative", "must be true or false")
    elif row["hard_negative"] and labels:
        err("hard_negative", "a hard negative must have an empty label list")
    if row.get("hard_negative") and row.get("topic") not in CATEGORIES:
        err("topic", "a hard negative must name the category it imitates")
    if labels and row.get("topic") not in labels:
        err("topic", "a positive's topic must be one of its labels")
    if not isinstance(row.get("note"), str) or not row["note"].strip():
        err("note", "a short note is required")
    if has_msgs:
        msgs = row["messages"]
        if not isinstance(msgs, list) or not msgs:
            err("messages", "must be a non-empty list")
            return
        if row.get("kind") != "agent":
            err("kind", "transcripts must have kind 'agent'")
        if not isinstance(row.get("metadata", {}), dict):
            err("metadata", "must be an object")
        if not any(m.get("role") == "assistant" for m in msgs if isinstance(m, dict)):
            err("messages", "no assistant message to judge")
        for j, m in enumerate(msgs):
            if not isinstance(m, dict) or m.get("role") not in ROLES:
                err(f"messages[{j}].role", f"must be one of {ROLES}")
                continue
            if not isinstance(m.get("content", ""), str):
                err(f"messages[{j}].content", "must be a string")
            calls = m.get("tool_calls")
            if calls is None:
                continue
            if m["role"] != "assistant":
                err(f"messages[{j}].tool_calls", "only assistant messages make tool calls")
            for k, call in enumerate(calls):
                fn = call.get("function") if isinstance(call, dict) else None
                args = call.get("arguments") if isinstance(call, dict) else None
                if fn not in TOOLS:
                    err(f"messages[{j}].tool_calls[{k}].function", f"unknown tool {fn!r}")
                elif not isinstance(args, dict) or any(a not in args for a in TOOLS[fn]):
                    err(f"messages[{j}].tool_calls[{k}].arguments", f"{fn} needs {TOOLS[fn]}")


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("detect.jsonl")
    errors: list[str] = []
    rows: list[dict] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{n}"
        if not line.strip():
            errors.append(f"{where}: -: blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: -: invalid JSON ({e.msg})")
            continue
        before = len(errors)
        check_row(row, where, errors)
        if len(errors) == before:
            row["_line"] = n
            rows.append(row)

    ids = Counter(r["id"] for r in rows)
    errors += [f"{path}: id: duplicate id {i} ({c} times)" for i, c in ids.items() if c > 1]

    seen: dict[str, str] = {}
    for r in rows:
        for s in {s for t in case_texts(r) for s in sentences(t)}:
            if s in seen and seen[s] != r["id"]:
                errors.append(f"{path}:{r['_line']}: text: sentence shared with {seen[s]}: {s[:70]!r}")
            seen.setdefault(s, r["id"])

    total = len(rows)
    pos = Counter(lab for r in rows for lab in r["labels"])
    hn = [r for r in rows if r["hard_negative"]]
    benign = [r for r in rows if not r["labels"] and not r["hard_negative"]]
    transcripts = [r for r in rows if "messages" in r]
    if total < MIN_TOTAL:
        errors.append(f"{path}: -: {total} cases, need at least {MIN_TOTAL}")
    for cat, need in MIN_POSITIVES.items():
        if pos[cat] < need:
            errors.append(f"{path}: labels: {pos[cat]} {cat} positives, need at least {need}")
    if total and len(hn) / total < MIN_HARD_NEGATIVE_SHARE:
        errors.append(f"{path}: hard_negative: {len(hn) / total:.1%} hard negatives, need {MIN_HARD_NEGATIVE_SHARE:.0%}")
    if total and len(benign) / total > MAX_BENIGN_SHARE:
        errors.append(f"{path}: labels: {len(benign) / total:.1%} plain benign, at most {MAX_BENIGN_SHARE:.0%}")
    if len(transcripts) < MIN_TRANSCRIPTS:
        errors.append(f"{path}: messages: {len(transcripts)} transcripts, need {MIN_TRANSCRIPTS}")

    # count table
    hn_by_topic = Counter(r["topic"] for r in hn)
    kinds = sorted(KINDS)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        cols = r["labels"] or (["hard negative"] if r["hard_negative"] else ["benign"])
        for c in cols:
            by_kind[c][r["kind"]] += 1
    print(f"{'category':<22}{'positives':>10}{'hard neg':>10}  " + "".join(f"{k:>7}" for k in kinds))
    for cat in CATEGORIES:
        print(f"{cat:<22}{pos[cat]:>10}{hn_by_topic[cat]:>10}  " + "".join(f"{by_kind[cat][k]:>7}" for k in kinds))
    for name in ("hard negative", "benign"):
        print(f"{'(' + name + ')':<22}{'':>10}{'':>10}  " + "".join(f"{by_kind[name][k]:>7}" for k in kinds))
    multi = sum(1 for r in rows if len(r["labels"]) > 1)
    npos = sum(1 for r in rows if r["labels"])
    print(f"\ncases {total}: positive {npos} ({multi} multi-label), hard negative {len(hn)} "
          f"({len(hn) / max(total, 1):.1%}), plain benign {len(benign)} ({len(benign) / max(total, 1):.1%})")
    print(f"transcripts {len(transcripts)} (with tool calls: "
          f"{sum(1 for r in transcripts if any(m.get('tool_calls') for m in r['messages']))}), single outputs {total - len(transcripts)}")
    print("(kind columns count a multi-label case once per label; hard-negative rows by the category they imitate)")

    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print(e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
