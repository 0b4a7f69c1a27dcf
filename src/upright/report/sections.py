"""Blocks the report and the card share: rates per condition with intervals, comparisons,
the ablation table, and a flattened manifest. Every number goes through the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from upright.report.doc import Block, Cell, Chart, Code, Fig, Missing, Para, Table
from upright.report.figures import Ledger, PathKey, Source, resolve
from upright.report.html import Point

RATE_HEADER = ["condition", "n", "harmful", "rate", "95% CI", "errors"]
ABLATION_KEYS = ("arm", "tokens", "n", "harmful_rate", "low", "high", "p_value")


def runs(src: Source) -> list[tuple[str, list[PathKey]]]:
    """(label, path of a per-condition row list) for each run in a results source."""
    if src.kind == "summary":
        return [
            (side, [side, "conditions"])
            for side in ("before", "after")
            if isinstance(src.data.get(side), dict)
        ]
    return [(str(src.data.get("model", src.path.stem)), ["conditions"])]


def condition_labels(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Each row named by the factors that vary across the rows (else its condition id)."""
    conds: list[dict[str, Any]] = [
        r["condition"] if isinstance(r.get("condition"), dict) else {} for r in rows
    ]
    keys = sorted({k for c in conds for k in c})
    varying = [k for k in keys if len({str(c.get(k)) for c in conds}) > 1]
    return [
        ", ".join(f"{k}={c.get(k)}" for k in varying) or str(r["condition_id"])
        for r, c in zip(rows, conds, strict=True)
    ]


def interval(ledger: Ledger, src: Source, row: list[PathKey]) -> list[Cell]:
    """`[low, high]` from the row's `ci`, else a Wilson interval of its counts."""
    data = resolve(src.data, row)
    if isinstance(data.get("ci"), list) and len(data["ci"]) == 2:
        lo, hi = ledger.get(src, [*row, "ci", 0], "pct"), ledger.get(src, [*row, "ci", 1], "pct")
    else:
        refs = [(src, [*row, "harmful"]), (src, [*row, "n"])]
        lo, hi = (ledger.derived("wilson", refs, [i], "pct") for i in (0, 1))
    return ["[", lo, ", ", hi, "]"]


def rate_row(ledger: Ledger, src: Source, row: list[PathKey], label: str) -> list[Cell]:
    data = resolve(src.data, row)
    rate: Cell = ledger.get(src, [*row, "rate"], "pct") if "rate" in data else "n/a"
    return [
        Code(label),
        ledger.get(src, [*row, "n"], "int"),
        ledger.get(src, [*row, "harmful"], "int"),
        rate,
        interval(ledger, src, row),
        ledger.maybe(src, [*row, "errors"], "int"),
    ]


def rates_table(ledger: Ledger, src: Source, path: list[PathKey], caption: str = "") -> Table:
    rows = resolve(src.data, path)
    labels = condition_labels(rows)
    body = [rate_row(ledger, src, [*path, i], lab) for i, lab in enumerate(labels)]
    if path == ["conditions"] and isinstance(src.data.get("pooled"), dict):
        body.append(rate_row(ledger, src, ["pooled"], "pooled"))
    return Table(RATE_HEADER, body, [False, True, True, True, True, True], caption)


def chart(items: Sequence[tuple[str, Sequence[dict[str, Any]]]]) -> Chart:
    """One row per condition, one interval per run (series), from rows already traced."""
    labels: list[str] = []
    points: dict[str, list[Point]] = {}
    for s, (_, rows) in enumerate(items):
        for lab, r in zip(condition_labels(rows), rows, strict=True):
            if lab not in points:
                labels.append(lab)
                points[lab] = []
            n, k = r.get("n") or 0, r.get("harmful") or 0
            ci = r.get("ci") or [None, None]
            points[lab].append(Point(s, k / n if n else None, ci[0], ci[1]))
    return Chart(labels, [points[lab] for lab in labels], [name for name, _ in items])


def comparison_table(
    ledger: Ledger,
    a: tuple[Source, list[PathKey]],
    b: tuple[Source, list[PathKey]],
    names: tuple[str, str],
) -> Block:
    """Fisher exact tests per shared condition (Holm-corrected), derived from both files."""
    from upright.stress.results import compare

    left, right = resolve(a[0].data, a[1]), resolve(b[0].data, b[1])
    try:
        result = compare(left, right)
    except Exception:
        return Missing(f"a comparison of {names[0]} with {names[1]} (no shared condition)")
    labels = dict(
        zip(
            [r["condition_id"] for r in left["conditions"]],
            condition_labels(left["conditions"]),
            strict=True,
        )
    )
    body: list[list[Cell]] = []

    def f(path: list[PathKey], how: str) -> Fig:
        return ledger.derived("compare", [a, b], path, how)

    for i, t in enumerate(result["conditions"]):
        p: list[PathKey] = ["conditions", i]
        body.append(
            [
                Code(labels.get(t["condition_id"], t["condition_id"])),
                [f([*p, "a", "harmful"], "int"), "/", f([*p, "a", "n"], "int")],
                [f([*p, "b", "harmful"], "int"), "/", f([*p, "b", "n"], "int")],
                f([*p, "p"], "p"),
                f([*p, "p_holm"], "p"),
            ]
        )
    body.append(
        [
            Code("pooled"),
            [f(["pooled", "a", "harmful"], "int"), "/", f(["pooled", "a", "n"], "int")],
            [f(["pooled", "b", "harmful"], "int"), "/", f(["pooled", "b", "n"], "int")],
            f(["pooled", "p"], "p"),
            "-",
        ]
    )
    header = ["condition", names[0], names[1], "Fisher p", "Holm p"]
    return Table(
        header,
        body,
        [False, True, True, True, True],
        "two-sided Fisher exact tests, Holm-corrected across conditions",
    )


def ablation_blocks(ledger: Ledger, src: Source) -> list[Block]:
    rows = src.data.get("ablations") or []
    if not rows:
        return [Missing("ablations")]
    extra = sorted(
        {
            k
            for r in rows
            for k, v in r.items()
            if k not in ABLATION_KEYS and isinstance(v, (int, float))
        }
    )
    body: list[list[Cell]] = []
    points = []
    for i, r in enumerate(rows):
        p: list[PathKey] = ["ablations", i]
        ci: list[Cell] = (
            [
                "[",
                ledger.get(src, [*p, "low"], "pct"),
                ", ",
                ledger.get(src, [*p, "high"], "pct"),
                "]",
            ]
            if "low" in r and "high" in r
            else ["n/a"]
        )
        body.append(
            [
                Code(str(r["arm"])),
                ledger.maybe(src, [*p, "tokens"], "int"),
                ledger.maybe(src, [*p, "n"], "int"),
                ledger.maybe(src, [*p, "harmful_rate"], "pct"),
                ci,
                ledger.maybe(src, [*p, "p_value"], "p"),
                *[ledger.maybe(src, [*p, k]) for k in extra],
            ]
        )
        points.append([Point(0, r.get("harmful_rate"), r.get("low"), r.get("high"))])
    header = ["arm", "training tokens", "n", "rate", "95% CI", "Fisher p", *extra]
    labels = [str(r["arm"]) for r in rows]
    return [
        Chart(labels, points, ["harmful rate"], bars=True),
        Table(header, body, [False] + [True] * (len(header) - 1)),
    ]


def flat_table(ledger: Ledger, src: Source, path: list[PathKey], limit: int = 120) -> Block:
    """A nested mapping as key/value rows: numbers as figures, everything else as identifiers."""
    rows: list[list[Cell]] = []

    def walk(node: Any, p: list[PathKey], name: str) -> None:
        if len(rows) >= limit:
            return
        if isinstance(node, dict) and node:
            for k in node:
                walk(node[k], [*p, k], f"{name}.{k}" if name else str(k))
        elif isinstance(node, list) and node and not all(_scalar(x) for x in node):
            for i, x in enumerate(node):
                walk(x, [*p, i], f"{name}[{i}]")
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            rows.append([Code(name), ledger.get(src, p)])
        else:
            shown = ", ".join(map(str, node)) if isinstance(node, list) else str(node)
            rows.append([Code(name), Code(shown)])

    walk(resolve(src.data, path), list(path), "")
    if not rows:
        return Missing("the run manifest")
    return Table(["field", "value"], rows)


def _scalar(x: Any) -> bool:
    return x is None or isinstance(x, (str, int, float, bool))


def redteam_blocks(ledger: Ledger, src: Source | None) -> list[Block]:
    if src is None:
        return [Missing("red-team findings (no --redteam given)")]
    if not src.data:
        return [Missing("red-team findings (the suite is empty)")]
    rows: list[list[Cell]] = []
    for i, r in enumerate(src.data):
        c: list[PathKey] = [i, "confirmation"]
        conf = r["confirmation"]
        ci: list[Cell] = (
            [
                "[",
                ledger.get(src, [*c, "interval", 0], "pct"),
                ", ",
                ledger.get(src, [*c, "interval", 1], "pct"),
                "]",
            ]
            if isinstance(conf.get("interval"), list)
            else ["n/a"]
        )
        base = conf.get("baseline")
        baseline: Cell = (
            ledger.get(src, [*c, "baseline"], "pct")
            if isinstance(base, float | int)
            else ledger.maybe(src, [*c, "baseline", "rate"], "pct")
        )
        lineage = r.get("lineage") or {}
        rows.append(
            [
                Code(str(r.get("id", r.get("name", "-")))),
                Code(str(r.get("scenario", "-"))),
                [ledger.get(src, [*c, "k"], "int"), "/", ledger.get(src, [*c, "n"], "int")],
                ledger.maybe(src, [*c, "rate"], "pct"),
                ci,
                ledger.maybe(src, [*c, "confidence"], "pct"),
                baseline,
                Code(f"{lineage.get('operator', '-')} from {lineage.get('parent', '-')}"),
            ]
        )
    return [
        Para(["Confirmed variants from ", Code(src.path.name), " (fresh seeds):"]),
        Table(
            ["variant", "scenario", "harmful", "rate", "interval", "level", "baseline", "lineage"],
            rows,
            [False, False, True, True, True, True, True, False],
        ),
    ]
