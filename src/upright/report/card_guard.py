"""The safety card's deployment section: guard policy per tier and category, how trusted
access is granted, detector precision and recall, and the audit chain's status."""

from __future__ import annotations

from upright.report.doc import Block, Cell, Code, Missing, Para, Section, Table
from upright.report.figures import Ledger, PathKey, Source, resolve
from upright.report.inputs import detector_runs
from upright.types import TIER_ORDER, Category

ACCESS = (
    "Trusted access is granted only through a workflow: an identity requests a tier above "
    "public with written evidence, a reviewer who is neither the requester nor the identity "
    "approves or denies it, and every grant carries an expiry date after which the identity "
    "acts as public again; revoked or expired grants count for nothing. Keys are stored as "
    "hashes only, and every request, decision and grant is written to the hash-chained audit "
    "log."
)


def policy_blocks(ledger: Ledger, src: Source | None) -> list[Block]:
    if src is None:
        return [Missing("the guard policy (no --policy given)")]
    tiers = [t for t in TIER_ORDER if t in src.data["tiers"]]
    rows: list[list[Cell]] = []
    for cat in Category:
        row: list[Cell] = [Code(cat.value)]
        for t in tiers:
            tier = src.data["tiers"][t]
            out = tier["actions"].get(cat.value, src.data["default_action"])
            inp = tier["input_actions"].get(cat.value, out)
            row.append(out if inp == out else f"{out} (input: {inp})")
        rows.append(row)
    limits: list[list[Cell]] = [
        [
            Code(t),
            ledger.get(src, ["tiers", t, "requests_per_minute"], "int"),
            Code(", ".join(src.data["tiers"][t]["capabilities"])),
            Code(", ".join(src.data["tiers"][t]["models"])),
        ]
        for t in tiers
    ]
    oidc = "configured" if src.data.get("oidc") else "not configured"
    return [
        Para(
            [
                "Action on model output per tier (input actions where they differ). A category "
                "a tier does not name gets ",
                Code(str(src.data["default_action"])),
                "; detectors in the hot path: ",
                Code(", ".join(src.data["detector_tiers"])),
                "; a detector slower than ",
                ledger.get(src, ["detector_timeout_s"]),
                " seconds blocks (fail closed).",
            ]
        ),
        Table(["category", *tiers], rows),
        Table(
            ["tier", "requests per minute", "capabilities", "models"],
            limits,
            [False, True, False, False],
        ),
        Para([ACCESS, " OIDC bearer tokens: ", oidc, "."]),
    ]


def detector_blocks(ledger: Ledger, src: Source | None) -> list[Block]:
    cats = ", ".join(c.value for c in Category)
    head = Para(
        [
            "The monitor and the guard share one detector library over these categories: ",
            Code(cats),
            ".",
        ]
    )
    if src is None:
        return [head, Missing("detector precision and recall (no --detectors given)")]
    blocks: list[Block] = [head]
    for tool, base in detector_runs(src.data).items():
        metrics = resolve(src.data, base)
        rows: list[list[Cell]] = []
        for cat in [c for c in metrics if isinstance(metrics[c], dict)]:
            p: list[PathKey] = [*base, cat]
            rows.append(
                [
                    Code(cat),
                    ledger.maybe(src, [*p, "precision"], "f3"),
                    ledger.maybe(src, [*p, "recall"], "f3"),
                    ledger.maybe(src, [*p, "tp"], "int"),
                    ledger.maybe(src, [*p, "fp"], "int"),
                    ledger.maybe(src, [*p, "fn"], "int"),
                ]
            )
        blocks.append(Para([Code(tool), " on ", Code(str(src.data.get("data", src.path.name)))]))
        blocks.append(
            Table(
                ["category", "precision", "recall", "tp", "fp", "fn"],
                rows,
                [False, True, True, True, True, True],
            )
        )
    return blocks


def audit_blocks(ledger: Ledger, src: Source | None) -> list[Block]:
    if src is None:
        return [Missing("the audit log's verification status (no --audit export given)")]
    ref: list[tuple[Source, list[PathKey]]] = [(src, [])]
    parts: list[Cell] = [
        "Audit chain export ",
        Code(src.path.name),
        ": ",
        ledger.derived("audit", ref, ["status"], "text"),
        " over ",
        ledger.derived("audit", ref, ["records"], "int"),
        " records",
    ]
    if src.data and not _intact(src):
        parts += [
            ", first broken record ",
            ledger.derived("audit", ref, ["broken_seq"], "int"),
            " (",
            ledger.derived("audit", ref, ["reason"], "text"),
            ")",
        ]
    return [Para([*parts, "."])]


def _intact(src: Source) -> bool:
    from upright.report.inputs import audit_status

    return bool(audit_status(src.data)["status"] == "intact")


def guard_section(
    ledger: Ledger, policy: Source | None, detectors: Source | None, audit: Source | None
) -> Section:
    return Section(
        "What guards deployment",
        [
            *policy_blocks(ledger, policy),
            *detector_blocks(ledger, detectors),
            *audit_blocks(ledger, audit),
        ],
    )
