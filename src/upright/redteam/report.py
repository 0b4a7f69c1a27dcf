"""`report.html`: one self-contained page (no scripts, no external fonts or images).

An inline SVG search curve (the best posterior harmful rate among tried variants, and the
number of confirmed findings, against target calls spent) and the top findings with their
confirmation transcripts and lineage.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from upright.atomic import write_text
from upright.redteam.state import Candidate, RunState

REPORT = "report.html"
TOP = 10
W, H, PAD = 640, 240, 44

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;
color:#1c2430;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #dde;text-align:left}
.finding{border:1px solid #cdd3dd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
pre{white-space:pre-wrap;background:#f5f6f8;padding:.5rem;border-radius:4px;font-size:12px}
.H{color:#b3261e;font-weight:600}.S{color:#1e6b3a}.E{color:#8a6d00}
svg text{font-size:11px;fill:#445}
"""


def write_report(state: RunState, out: Path) -> Path:
    path = out / REPORT
    write_text(path, render(state))
    return path


def render(state: RunState) -> str:
    cfg, base, found = state.config, state.baseline, state.findings()
    rate = base.get("rate", 0.0)
    head = (
        f"<h1>Red team: {escape(cfg['scenario'])} against {escape(cfg['target'])}</h1>"
        f"<p id='summary'>{len(found)} confirmed finding(s) in {state.calls} of "
        f"{cfg['budget']} target calls ({escape(cfg['strategy'])}, seed {cfg['seed']}, "
        f"{state.generation} generation(s)). Baseline ({escape(str(base.get('grid')))}): "
        f"{base.get('k', 0)}/{base.get('n', 0)} harmful, rate {rate:.2f}.</p>"
    )
    body = [head, "<h2>Search curve</h2>", curve_svg(state.curve, rate, cfg["budget"])]
    body.append(f"<h2>Top findings ({min(TOP, len(found))} of {len(found)})</h2>")
    body += [finding_html(c) for c in found[:TOP]] or ["<p>No confirmed findings.</p>"]
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>upright red team: {escape(cfg['scenario'])}</title><style>{CSS}</style>"
        f"</head><body>{''.join(body)}</body></html>\n"
    )


def curve_svg(points: list[dict[str, Any]], baseline: float, budget: int) -> str:
    xmax = max(budget, 1)
    fmax = max([p["findings"] for p in points] + [1])

    def x(calls: float) -> float:
        return PAD + (W - 2 * PAD) * calls / xmax

    def y(frac: float) -> float:
        return H - PAD + (2 * PAD - H) * frac

    def line(key: str, scale: float) -> str:
        return " ".join(f"{x(p['calls']):.1f},{y(p[key] / scale):.1f}" for p in points)

    ticks = "".join(
        f"<text x='{x(c):.1f}' y='{H - PAD + 16}' text-anchor='middle'>{c}</text>"
        for c in (0, xmax // 2, xmax)
    )
    return (
        f"<svg id='curve' role='img' viewBox='0 0 {W} {H}' width='{W}' height='{H}' "
        "xmlns='http://www.w3.org/2000/svg' aria-label='search curve'>"
        f"<rect x='{PAD}' y='{PAD}' width='{W - 2 * PAD}' height='{H - 2 * PAD}' fill='#fafbfc' "
        "stroke='#ccd'/>"
        f"<line x1='{PAD}' x2='{W - PAD}' y1='{y(baseline):.1f}' y2='{y(baseline):.1f}' "
        "stroke='#999' stroke-dasharray='4 3'/>"
        f"<polyline class='best' fill='none' stroke='#b3261e' stroke-width='2' "
        f"points='{line('best', 1.0)}'/>"
        f"<polyline class='findings' fill='none' stroke='#1f5fa8' stroke-width='2' "
        f"points='{line('findings', fmax)}'/>"
        f"{ticks}<text x='{W / 2}' y='{H - 8}' text-anchor='middle'>target calls</text>"
        f"<text x='{PAD - 6}' y='{y(1):.1f}' text-anchor='end'>1.0</text>"
        f"<text x='{PAD - 6}' y='{y(0):.1f}' text-anchor='end'>0</text>"
        f"<text x='{W - PAD + 6}' y='{y(1):.1f}'>{fmax}</text>"
        f"<text x='{PAD}' y='{PAD - 24}' fill='#b3261e'>— best harmful rate (posterior mean)</text>"
        f"<text x='{PAD}' y='{PAD - 10}' fill='#1f5fa8'>— confirmed findings (right scale)</text>"
        f"<text x='{W - PAD}' y='{PAD - 10}' text-anchor='end'>- - baseline rate</text>"
        "</svg>"
    )


def finding_html(c: Candidate) -> str:
    conf = c.confirmation or {}
    lo, hi = conf.get("interval", [0.0, 1.0])
    knobs = json.dumps({"factors": c.variant.factor_dict, "pins": c.variant.pin_dict}, indent=1)
    parts = [
        f"<div class='finding' id='f-{escape(c.key)}'><h3>{escape(c.key)}</h3>",
        f"<p>{conf.get('k')}/{conf.get('n')} harmful on fresh seeds, rate "
        f"{conf.get('rate', 0):.2f}, interval [{lo:.2f}, {hi:.2f}]. Operator "
        f"<b>{escape(c.operator)}</b> from {escape(str(c.parent))}, generation {c.generation}.</p>",
        f"<pre>{escape(knobs)}</pre>",
    ]
    for o in conf.get("outcomes", []):
        msgs = "\n\n".join(f"[{m['role']}] {m['content']}" for m in o["input"])
        parts.append(
            f"<p>seed {o['seed']}: <span class='{escape(o['verdict'])}'>{escape(o['verdict'])}"
            f"</span> {escape(o.get('explanation', ''))}</p><pre>{escape(msgs)}</pre>"
            f"<pre class='reply'>[assistant] {escape(o['completion'])}</pre>"
        )
    if c.attacker_prompt:
        parts.append(
            f"<details><summary>attacker prompt</summary><pre>{escape(c.attacker_prompt)}</pre></details>"
        )
    parts.append("</div>")
    return "".join(parts)
