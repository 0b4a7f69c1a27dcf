"""A document model rendered two ways: self-contained HTML and Markdown.

Inline parts are plain text, a traced figure (`Fig`), an identifier (`Code`) or text quoted
verbatim from an input (`Quote`). Every figure renders as `<span class="fig" data-fig=ID>`,
in Markdown too (inline HTML), so a verifier can find each one in the body.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from upright.atomic import write_text
from upright.report import html as h

MANIFEST_FENCE = "```json upright-manifest"


@dataclass(frozen=True)
class Fig:
    id: str
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Quote:
    text: str


Inline = str | Fig | Code | Quote
Cell = Inline | list["Cell"]


@dataclass
class Para:
    parts: list[Cell]


@dataclass
class Missing:
    """A section or part without data: said plainly, never dropped."""

    what: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]
    numeric: list[bool] = field(default_factory=list)
    caption: str = ""


@dataclass
class Chart:
    labels: list[str]
    points: list[list[h.Point]]
    series: list[str]
    bars: bool = False


@dataclass
class Evidence:
    title: list[Cell]
    items: list[tuple[str, str, list[tuple[int, int]]]]  # (label, text, spans)


Block = Para | Missing | Table | Chart | Evidence


@dataclass
class Section:
    title: str
    blocks: list[Block]


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]
    manifest: dict[str, Any]


def fig_span(fid: str, text: str) -> str:
    return f'<span class="fig" data-fig="{fid}">{h.esc(text)}</span>'


def flatten(parts: Cell) -> list[Inline]:
    if isinstance(parts, list):
        return [x for p in parts for x in flatten(p)]
    return [parts]


def _inline_html(parts: Cell) -> str:
    items = flatten(parts)
    out = []
    for p in items:
        if isinstance(p, Fig):
            out.append(fig_span(p.id, p.text))
        elif isinstance(p, Code):
            out.append(f"<code>{h.esc(p.text)}</code>")
        elif isinstance(p, Quote):
            out.append(f'<span class="quote">{h.esc(p.text)}</span>')
        else:
            out.append(h.esc(p))
    return "".join(out)


def _inline_md(parts: Cell) -> str:
    items = flatten(parts)
    out = []
    for p in items:
        if isinstance(p, Fig):
            out.append(fig_span(p.id, p.text))
        elif isinstance(p, Code):
            out.append("`" + p.text.replace("`", "'") + "`")
        elif isinstance(p, Quote):
            out.append(f'<span class="quote">{h.esc(p.text)}</span>')
        else:
            out.append(escape(p, quote=False).replace("|", "\\|"))
    return "".join(out).replace("\n", " ")


def dump_manifest(manifest: dict[str, Any]) -> str:
    """Sorted JSON with one source or figure a line: diffable, and still plain JSON."""
    items = []
    for key, value in sorted(manifest.items()):
        if isinstance(value, list) and value:
            inner = ",\n".join("  " + json.dumps(x, sort_keys=True) for x in value)
            text = f"[\n{inner}\n ]"
        else:
            text = json.dumps(value, sort_keys=True)
        items.append(f" {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(items) + "\n}"


def to_html(doc: Document) -> str:
    body = [f"<h1>{h.esc(doc.title)}</h1>", f'<p class="sub">{h.esc(doc.subtitle)}</p>']
    for i, sec in enumerate(doc.sections, 1):
        body.append(f'<section id="s{i}"><h2>{h.esc(sec.title)}</h2>')
        for b in sec.blocks:
            body.append(_block_html(b))
        body.append("</section>")
    return h.page(doc.title, "\n".join(body), dump_manifest(doc.manifest))


def _block_html(b: Block) -> str:
    if isinstance(b, Para):
        return f"<p>{_inline_html(b.parts)}</p>"
    if isinstance(b, Missing):
        return f'<p class="missing">{h.esc(b.what)}: not measured.</p>'
    if isinstance(b, Table):
        rows = [[_inline_html(c) for c in r] for r in b.rows]
        return h.table(b.header, rows, b.numeric, b.caption)
    if isinstance(b, Chart):
        return h.interval_chart(b.labels, b.points, b.series, b.bars)
    items = "".join(
        f"<div><b>{h.esc(label)}</b><pre>{h.highlight(text, spans)}</pre></div>"
        for label, text, spans in b.items
    )
    return f'<div class="evidence"><h3>{_inline_html(b.title)}</h3>{items}</div>'


def to_markdown(doc: Document) -> str:
    out = [f"# {doc.title}", "", f"_{doc.subtitle}_", ""]
    for sec in doc.sections:
        out += [f"## {sec.title}", ""]
        for b in sec.blocks:
            out += [*_block_md(b), ""]
    out += [MANIFEST_FENCE, dump_manifest(doc.manifest), "```", ""]
    return "\n".join(out)


def _block_md(b: Block) -> list[str]:
    if isinstance(b, Para):
        return [_inline_md(b.parts)]
    if isinstance(b, Missing):
        return [f"> **{escape(b.what, quote=False)}: not measured.**"]
    if isinstance(b, Table):
        lines = ["| " + " | ".join(b.header) + " |"]
        lines.append(
            "|"
            + "|".join("---:" if _num(b.numeric, i) else "---" for i in range(len(b.header)))
            + "|"
        )
        lines += ["| " + " | ".join(_inline_md(c) for c in r) + " |" for r in b.rows]
        return [*lines, *([f"_{b.caption}_"] if b.caption else [])]
    if isinstance(b, Chart):
        return ["_(chart in the HTML version; the figures are in the table)_"]
    lines = [f"**{_inline_md(b.title)}**", ""]
    for label, text, spans in b.items:
        lines += [f"- {h.esc(label)}: " + _md_marked(text, spans)]
    return lines


def _num(numeric: Sequence[bool], i: int) -> bool:
    return i < len(numeric) and numeric[i]


def _md_marked(text: str, spans: list[tuple[int, int]]) -> str:
    return h.highlight(text, spans).replace('<mark class="ev">', "<mark>").replace("\n", " ")


def write_atomic(path: Path, text: str) -> None:
    """Write to a temp file beside `path`, then rename: nothing half-written remains."""
    write_text(path, text)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("upright", "inspect_ai"):
        try:
            out[pkg] = version(pkg.replace("_", "-"))
        except PackageNotFoundError:
            out[pkg] = "unknown"
    return out
