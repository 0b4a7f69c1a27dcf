"""A small HTML toolkit shared by the report and the safety card: escaping, a self-contained
page shell (inline CSS, no scripts, fonts or images from elsewhere), inline SVG interval and
bar charts, and text with evidence spans highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

CSS = """
:root { --fg:#1d2330; --muted:#5b6473; --line:#d9dde5; --bg:#fff; --accent:#2f5bd3; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; max-width: 980px; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 16px; }
p.sub { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left;
  vertical-align: top; }
th { background: #f4f6fa; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; color: var(--muted); font-size: 13px; text-align: left; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f4f6fa;
  padding: 0 3px; border-radius: 3px; word-break: break-all; }
.quote { font-style: italic; }
.missing { color: #8a5a00; background: #fff6e0; padding: 6px 10px; border-radius: 4px; }
.evidence { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px;
  margin: 10px 0; }
.evidence pre { white-space: pre-wrap; font: 13px/1.45 ui-monospace, Menlo, monospace;
  margin: 4px 0; }
mark.ev { background: #ffd54f; padding: 0 1px; border-radius: 2px; }
svg.chart { display: block; margin: 8px 0 4px; }
svg.chart text { font: 12px system-ui, sans-serif; fill: var(--fg); }
.legend span { display: inline-block; margin-right: 14px; font-size: 13px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
"""

PALETTE = ("#2f5bd3", "#d0462f", "#2e9e5b", "#8e44ad", "#c28a00", "#555f6d")


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def page(title: str, body: str, data: str | None = None) -> str:
    """A whole self-contained document; `data` (JSON text) is embedded for machines."""
    script = ""
    if data is not None:
        payload = data.replace("</", "<\\/")
        script = f'\n<script type="application/json" id="upright-manifest">\n{payload}\n</script>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}{script}\n</body>\n</html>\n"
    )


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool], caption: str = ""
) -> str:
    """Cells are HTML already (escape what is text); `numeric` right-aligns a column."""

    def cls(i: int) -> str:
        return ' class="n"' if i < len(numeric) and numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True)
class Point:
    """One estimate on a chart row: a rate and its interval, drawn in its series' colour."""

    series: int
    rate: float | None
    low: float | None = None
    high: float | None = None


def interval_chart(
    labels: Sequence[str],
    points: Sequence[Sequence[Point]],
    series: Sequence[str],
    bars: bool = False,
) -> str:
    """Rates in [0, 1] with intervals, one row per label, one mark per series in that row."""
    left, width, step = 300, 420, 16
    heights = [max(1, len(p)) * step + 10 for p in points]
    total = sum(heights) + 30
    out = [
        f'<svg class="chart" width="{left + width + 30}" height="{total}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + tick * width
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{total - 22}" stroke="#e3e6ec"/>')
        out.append(f'<text x="{x:.1f}" y="{total - 8}" text-anchor="middle">{tick:.0%}</text>')
    y = 0.0
    for label, row, h in zip(labels, points, heights, strict=True):
        out.append(
            f'<text x="{left - 8}" y="{y + h / 2 + 4:.1f}" text-anchor="end">'
            f"{esc(_clip(label))}<title>{esc(label)}</title></text>"
        )
        for j, p in enumerate(row):
            cy = y + 5 + j * step + step / 2
            colour = PALETTE[p.series % len(PALETTE)]
            name = series[p.series] if p.series < len(series) else ""
            if p.rate is None:
                out.append(f'<text x="{left + 4}" y="{cy + 4:.1f}" fill="{colour}">no data</text>')
                continue
            x = left + p.rate * width
            if bars:
                out.append(
                    f'<rect class="bar" x="{left}" y="{cy - 5:.1f}" width="{x - left:.1f}" '
                    f'height="10" fill="{colour}" opacity="0.75"/>'
                )
            if p.low is not None and p.high is not None:
                x0, x1 = left + p.low * width, left + p.high * width
                out.append(
                    f'<line x1="{x0:.1f}" y1="{cy:.1f}" x2="{x1:.1f}" y2="{cy:.1f}" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
                for xe in (x0, x1):
                    out.append(
                        f'<line x1="{xe:.1f}" y1="{cy - 4:.1f}" x2="{xe:.1f}" '
                        f'y2="{cy + 4:.1f}" stroke="{colour}" stroke-width="2"/>'
                    )
            out.append(
                f'<circle class="pt" cx="{x:.1f}" cy="{cy:.1f}" r="4" fill="{colour}">'
                f"<title>{esc(name)}</title></circle>"
            )
        y += h
    out.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{PALETTE[i % len(PALETTE)]}"></i>{esc(s)}</span>'
        for i, s in enumerate(series)
    )
    return "".join(out) + (f'<div class="legend">{legend}</div>' if len(series) > 1 else "")


def _clip(text: str, n: int = 44) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, with each [start, end) span wrapped in <mark class="ev">."""
    merged: list[list[int]] = []
    for a, b in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out += [esc(text[pos:a]), f'<mark class="ev">{esc(text[a:b])}</mark>']
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)
