"""`upright card`: a safety card written from the runs themselves, with a manifest that ties
every figure to a file, a JSON path and the file's hash (see `verify.py`).

    write_card(CardInputs(results=["summary.json"], policy="policy.yaml"), "card.html")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from upright.report.card_guard import guard_section
from upright.report.doc import (
    Block,
    Cell,
    Code,
    Document,
    Missing,
    Para,
    Quote,
    Section,
    Table,
    to_html,
    to_markdown,
    versions,
    write_atomic,
)
from upright.report.figures import Ledger, Source, relpath
from upright.report.inputs import ReportInputError, load_source
from upright.report.report import (
    TOY_LIMITS,
    comparisons,
    headline,
    load_inputs,
    manifest_section,
    results_section,
)
from upright.report.sections import ablation_blocks, flat_table, redteam_blocks

LIMITS = (
    "These tests put an agent in fictional, procedurally generated scenarios and count "
    "harmful actions; they cannot show how it behaves in situations unlike them.",
    "An interval is the uncertainty from sampling alone; it says nothing about scenarios "
    "that were not sampled, and a zero count bounds the rate only by its interval's upper end.",
    "Rule detectors miss what they were not written for, so an absent finding is weaker "
    "evidence than a present one; the detector table above gives the measured recall.",
    "A model that recognizes an evaluation may act differently in deployment; nothing here "
    "measures that gap.",
    "The guard and the monitor act on text; harm done through channels they do not see is "
    "outside this card.",
)


@dataclass
class CardInputs:
    results: Sequence[str | Path]
    constitution: str | Path | None = None
    policy: str | Path | None = None
    detectors: str | Path | None = None
    redteam: str | Path | None = None
    audit: str | Path | None = None

    def load(self, kind: str) -> Source | None:
        path = getattr(self, kind)
        return None if path is None else load_source(kind, Path(path))


def tested_section(ledger: Ledger, sources: Sequence[Source]) -> Section:
    rows: list[list[Cell]] = []
    for src in sources:
        if src.kind != "stress":
            continue
        d = src.data
        factors: dict[str, set[str]] = {}
        for r in d["conditions"]:
            for k, v in (r.get("condition") or {}).items():
                factors.setdefault(k, set()).add(str(v))
        grid = "; ".join(f"{k}={'|'.join(sorted(v))}" for k, v in sorted(factors.items()))
        splits: list[Cell] = []
        for i, s in enumerate(d.get("by_split") or []):
            splits += [
                Code(str(s["condition_id"])),
                " ",
                ledger.get(src, ["by_split", i, "n"], "int"),
                " ",
            ]
        agree: list[Cell] = (
            [
                ledger.get(src, ["agreement", "agree"], "pct"),
                " of ",
                ledger.get(src, ["agreement", "n"], "int"),
                ", kappa ",
                ledger.maybe(src, ["agreement", "kappa"], "f2"),
            ]
            if isinstance(d.get("agreement"), dict)
            else ["not measured"]
        )
        rows.append(
            [
                Code(str(d.get("scenario"))),
                Code(str(d.get("model"))),
                Code(grid),
                ledger.derived("len", [(src, ["conditions"])], [], "int"),
                ledger.get(src, ["pooled", "n"], "int") if "pooled" in d else "n/a",
                splits or ["n/a"],
                ledger.maybe(src, ["seed"]),
                Code(str(d.get("scorer"))),
                agree,
            ]
        )
    header = [
        "scenario",
        "model",
        "factors",
        "conditions",
        "samples",
        "splits",
        "seed",
        "scorer",
        "rule vs judge agreement",
    ]
    blocks: list[Block] = (
        [Table(header, rows, [False] * 3 + [True] * 4 + [False, False])] if rows else []
    )
    for src in sources:
        if src.kind == "summary":
            sides: list[Cell] = []
            for side in ("before", "after"):
                if isinstance(src.data.get(side), dict):
                    sides += [
                        f" {side}: ",
                        ledger.derived("len", [(src, [side, "conditions"])], [], "int"),
                        " conditions",
                    ]
            blocks.append(Para(["Demo run ", Code(src.path.name), " (held-out split):", *sides]))
    return Section("What was tested", blocks or [Missing("stress results")])


def trained_section(
    ledger: Ledger, constitution: Source | None, summaries: Sequence[Source]
) -> Section:
    blocks: list[Block] = []
    if constitution is None:
        blocks.append(Missing("the constitution (no --constitution given)"))
    else:
        src = constitution
        rows: list[list[Cell]] = [
            [
                Code(p["id"]),
                Code(p["priority"]),
                "yes" if p.get("hard_constraint") else "no",
                Quote(p["text"]),
                Quote(p["reason"]),
            ]
            for p in src.data["principles"]
        ]
        blocks += [
            Para(
                [
                    "Constitution ",
                    Code(str(src.data.get("name"))),
                    ": ",
                    ledger.derived("len", [(src, ["principles"])], [], "int"),
                    " principles, with their reasons and priorities.",
                ]
            ),
            Table(["id", "priority", "hard constraint", "principle", "reason"], rows),
        ]
    for s in summaries:
        data = (s.data.get("manifest") or {}).get("data")
        blocks.append(
            flat_table(ledger, s, ["manifest", "data"])
            if isinstance(data, dict)
            else Missing("the training data mix and token counts")
        )
        blocks += ablation_blocks(ledger, s)
    if not summaries:
        blocks.append(Missing("training data and ablations (no demo summary given)"))
    return Section("What was trained", blocks)


def build_card(inputs: CardInputs, out_path: Path) -> Document:
    ledger = Ledger()
    results = load_inputs(inputs.results)
    named = {k: inputs.load(k) for k in ("constitution", "policy", "detectors", "redteam", "audit")}
    summaries = [s for s in results if s.kind == "summary"]
    res = results_section(ledger, results)
    res.blocks = [
        *[headline(ledger, s) for s in summaries],
        *res.blocks,
        *comparisons(ledger, results),
        *redteam_blocks(ledger, named["redteam"]),
    ]
    res.title = "Results: " + res.title
    limits: list[Block] = [Para([x]) for x in (*LIMITS, *([TOY_LIMITS] if summaries else []))]
    sections = [
        tested_section(ledger, results),
        res,
        trained_section(ledger, named["constitution"], summaries),
        guard_section(ledger, named["policy"], named["detectors"], named["audit"]),
        Section("Limits: what these tests cannot show", limits),
        manifest_section(ledger, results),
    ]
    for src in named.values():
        if src is not None:
            ledger.index(src)
    out_dir = out_path.parent
    command = [
        "upright",
        "card",
        *[a for p in inputs.results for a in ("--results", relpath(Path(p), out_dir))],
    ]
    for kind, src in named.items():
        if src is not None:
            given = Path(str(getattr(inputs, kind)))
            command += [f"--{kind}", relpath(given, out_dir)]
    command += ["--out", out_path.name]
    sections[-1].blocks += [
        Para(
            [
                "Generated by ",
                Code(" ".join(f"{k} {v}" for k, v in versions().items())),
                " with ",
                Code(" ".join(command)),
                "; inputs and their hashes:",
            ]
        ),
        Table(
            ["input", "file", "sha256"],
            [
                [Code(s.kind), Code(relpath(s.path, out_dir)), Code(s.sha256)]
                for s in ledger.sources
            ],
        ),
    ]
    extra = {"schema": "upright.card/1", "generator": versions(), "command": command}
    title = "Safety card: " + ", ".join(
        sorted({str(s.data.get("model")) for s in results if s.kind == "stress"}) or ["demo run"]
    )
    return Document(
        title,
        "Written from the runs themselves; verify with `upright card --verify`.",
        sections,
        ledger.manifest(out_dir, extra),
    )


def write_card(inputs: CardInputs, out_path: str | Path) -> Path:
    """Write the card as HTML or Markdown (by the suffix of `out_path`)."""
    out = Path(out_path)
    if out.suffix not in (".html", ".htm", ".md"):
        raise ReportInputError(f"{out}: the card is written as .html or .md")
    doc = build_card(inputs, out)
    write_atomic(out, to_markdown(doc) if out.suffix == ".md" else to_html(doc))
    return out
