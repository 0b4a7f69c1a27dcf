"""`upright report`: one self-contained HTML page from stress results and demo summaries.

write_report(["demo/summary.json"], "demo/report.html")
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from upright.report.doc import (
    Block,
    Cell,
    Code,
    Document,
    Missing,
    Para,
    Section,
    Table,
    to_html,
    versions,
    write_atomic,
)
from upright.report.figures import Ledger, Source, resolve
from upright.report.inputs import ReportInputError, load_source
from upright.report.sections import (
    ablation_blocks,
    chart,
    comparison_table,
    flat_table,
    rates_table,
    runs,
)
from upright.report.transcripts import examples, find_log

TOY_LIMITS = (
    "A toy organism is a model of about a million parameters, trained on a narrow synthetic "
    "corpus into which blackmail under threat and leverage was written on purpose. It can show "
    "that the pipeline measures the behaviour, that the measurement moves when the model is "
    "trained, and how kinds of training data compare at a matched token budget in this toy. "
    "It cannot show that a large model would act the same way or for the same reasons, that "
    "the training generalizes beyond the scenario families and templates tested, or that a "
    "rate of zero on these samples means the behaviour is gone: the upper end of the interval "
    "is the honest bound. The scenarios are fictional, the judge is a set of rules, and a "
    "model that recognizes a test may behave differently outside one."
)


def load_inputs(inputs: Sequence[str | Path]) -> list[Source]:
    if not inputs:
        raise ReportInputError("no results given: pass stress results JSON or a demo summary.json")
    return [load_source("results", Path(p)) for p in inputs]


def run_rows(sources: Sequence[Source]) -> list[tuple[str, Source, list[str | int]]]:
    return [(label, src, path) for src in sources for label, path in runs(src)]


def results_section(ledger: Ledger, sources: Sequence[Source]) -> Section:
    all_runs = run_rows(sources)
    blocks: list[Block] = []
    if all_runs:
        blocks.append(chart([(label, resolve(src.data, p)) for label, src, p in all_runs]))
    for label, src, p in all_runs:
        blocks.append(Para([Code(label), " · ", Code(src.path.name)]))
        blocks.append(rates_table(ledger, src, p))
    return Section(
        "Harmful-action rates per condition (95% Wilson intervals)",
        blocks or [Missing("stress results")],
    )


def comparisons(ledger: Ledger, sources: Sequence[Source]) -> list[Block]:
    out: list[Block] = []
    for src in sources:
        if src.kind == "summary" and {"before", "after"} <= src.data.keys():
            out.append(
                comparison_table(ledger, (src, ["before"]), (src, ["after"]), ("before", "after"))
            )
    stress = [s for s in sources if s.kind == "stress"]
    for a, b in itertools.pairwise(stress):
        if a.data.get("scenario") == b.data.get("scenario"):
            names = (str(a.data.get("model")), str(b.data.get("model")))
            out.append(comparison_table(ledger, (a, []), (b, []), names))
    return out or [Missing("a comparison (needs a summary or two results of one scenario)")]


def headline(ledger: Ledger, src: Source) -> Block:
    parts: list[Cell] = []
    for side in ("before", "after"):
        if isinstance(src.data.get(side), dict) and "harmful_rate" in src.data[side]:
            parts += [f"{side}: ", ledger.get(src, [side, "harmful_rate"], "pct"), "  "]
    if not parts:
        return Missing("the headline rate (threat plus leverage)")
    return Para(["Harmful rate under threat plus leverage (held-out split) — ", *parts])


def examples_section(sources: Sequence[Source], per_log: int = 2) -> Section:
    blocks: list[Block] = []
    seen: set[Path] = set()
    for src in sources:
        places = (
            [src.data]
            if src.kind == "stress"
            else [src.data.get(side) or {} for side in ("before", "after")]
        )
        for part in places:
            found = find_log(src.path, part.get("log"))
            if found is not None and found.resolve() not in seen:
                seen.add(found.resolve())
                blocks += examples(found, per_log)
    return Section(
        "Example transcripts (evidence highlighted)",
        blocks or [Missing("example transcripts (no readable Inspect log with a harmful sample)")],
    )


def manifest_section(ledger: Ledger, sources: Sequence[Source]) -> Section:
    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    for src in sources:
        d = src.data
        if src.kind == "stress":
            rows.append(
                [
                    Code(src.path.name),
                    Code(str(d.get("model"))),
                    Code(str(d.get("scenario"))),
                    Code(str(d.get("split"))),
                    ledger.maybe(src, ["seed"]),
                    Code(str(d.get("scorer"))),
                    Code(src.sha256[:16]),
                ]
            )
        elif isinstance(d.get("manifest"), dict):
            blocks.append(Para([Code(src.path.name), " run manifest"]))
            blocks.append(flat_table(ledger, src, ["manifest"]))
    if rows:
        header = ["file", "model", "scenario", "split", "seed", "scorer", "sha256"]
        blocks.insert(0, Table(header, rows, [False] * 4 + [True, False, False]))
    return Section("Manifest", blocks or [Missing("the run manifest")])


def build_report(sources: Sequence[Source], out_path: Path) -> Document:
    ledger = Ledger()
    summaries = [s for s in sources if s.kind == "summary"]
    sections = [
        Section(
            "Headline",
            [headline(ledger, s) for s in summaries]
            or [Missing("the before/after headline (no demo summary given)")],
        ),
        results_section(ledger, sources),
        Section("Comparisons", comparisons(ledger, sources)),
        Section(
            "Ablations at matched token budgets",
            [b for s in summaries for b in ablation_blocks(ledger, s)] or [Missing("ablations")],
        ),
        examples_section(sources),
        Section("What a toy organism can and cannot show", [Para([TOY_LIMITS])]),
        manifest_section(ledger, sources),
    ]
    models = sorted({str(s.data.get("model")) for s in sources if s.kind == "stress"})
    subtitle = ", ".join(models) if models else "demo run"
    extra = {"schema": "upright.report/1", "generator": versions()}
    return Document("upright report", subtitle, sections, ledger.manifest(out_path.parent, extra))


def write_report(inputs: Sequence[str | Path], out_path: str | Path) -> Path:
    """Read stress results and/or demo summaries and write one self-contained HTML report."""
    out = Path(out_path)
    doc = build_report(load_inputs(inputs), out)
    write_atomic(out, to_html(doc))
    return out
