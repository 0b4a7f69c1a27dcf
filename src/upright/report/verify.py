"""`upright card --verify`: re-derive every figure of a card (or report) from its sources.

Checks, in order: each source still exists and has the hash the manifest recorded; each
figure re-derives from the files to the value and text recorded; the body shows each
figure with exactly that text, and shows no figure the manifest does not know.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

from upright.errors import UprightError
from upright.report.doc import MANIFEST_FENCE
from upright.report.figures import FigureError, Source, derive, fmt, resolve, same
from upright.report.inputs import ReportInputError, load_source, sha256_file

HTML_MANIFEST = re.compile(
    r'<script type="application/json" id="upright-manifest">\n(.*?)\n</script>', re.S
)
FIG_SPAN = re.compile(r'<span class="fig" data-fig="(f\d+)">(.*?)</span>', re.S)


@dataclass
class VerifyResult:
    figures: int = 0
    sources: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def read_card(path: Path) -> tuple[str, dict[str, Any]]:
    """(body without the manifest, manifest); one-line errors for what is not a card."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ReportInputError(f"{path}: no such card") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ReportInputError(f"{path}: cannot read card: {e}") from None
    m = HTML_MANIFEST.search(text)
    if m:
        raw, body = m.group(1), text[: m.start()] + text[m.end() :]
    elif MANIFEST_FENCE in text:
        head, _, rest = text.partition(MANIFEST_FENCE)
        raw, _, tail = rest.partition("\n```")
        body = head + tail
    else:
        raise ReportInputError(f"{path}: no upright manifest found (not a card or report)")
    try:
        manifest = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ReportInputError(f"{path}: manifest is not valid JSON: {e.msg}") from None
    if (
        not isinstance(manifest, dict)
        or not isinstance(manifest.get("figures"), list)
        or not isinstance(manifest.get("sources"), list)
    ):
        raise ReportInputError(f"{path}: manifest lacks its sources and figures lists")
    return body, manifest


def _sources(base: Path, manifest: dict[str, Any], res: VerifyResult) -> list[Source | None]:
    out: list[Source | None] = []
    for i, s in enumerate(manifest["sources"]):
        path = base / str(s.get("path"))
        where = f"source {i} ({s.get('kind')}) {s.get('path')}"
        if not path.is_file():
            res.mismatches.append(f"{where}: missing")
            out.append(None)
            continue
        digest = sha256_file(path)
        if digest != s.get("sha256"):
            res.mismatches.append(
                f"{where}: changed since the card was written "
                f"(sha256 {digest[:12]}, card says {str(s.get('sha256'))[:12]})"
            )
        try:
            out.append(load_source(str(s.get("kind")), path))
        except UprightError as e:
            res.mismatches.append(f"{where}: cannot be read: {e}")
            out.append(None)
    return out


def _figure(f: dict[str, Any], sources: list[Source | None]) -> str | None:
    """A problem with one figure, or None when it re-derives to what the card says."""
    try:
        values = []
        for idx, path in f["args"]:
            src = sources[idx]
            if src is None:
                return "its source is not available"
            values.append(resolve(src.data, path))
        value = derive(f["op"], values, f["path"])
    except (FigureError, IndexError, KeyError, TypeError, ValueError) as e:
        return f"cannot be re-derived: {e}"
    text = fmt(value, f.get("fmt", "num"))
    if not same(value, f.get("value")) or text != f.get("text"):
        return f"card says {f.get('text')}, the sources give {text}"
    return None


def verify_card(path: str | Path) -> VerifyResult:
    card = Path(path)
    body, manifest = read_card(card)
    res = VerifyResult(figures=len(manifest["figures"]), sources=len(manifest["sources"]))
    sources = _sources(card.parent, manifest, res)
    shown: dict[str, list[str]] = {}
    for fid, text in FIG_SPAN.findall(body):
        shown.setdefault(fid, []).append(unescape(text))
    known = set()
    for f in manifest["figures"]:
        fid = str(f.get("id"))
        known.add(fid)
        where = f"figure {fid} ({_describe(f, manifest)})"
        problem = _figure(f, sources)
        if problem:
            res.mismatches.append(f"{where}: {problem}")
        texts = shown.get(fid, [])
        if not texts:
            res.mismatches.append(f"{where}: not shown in the card")
        for t in texts:
            if t != f.get("text"):
                res.mismatches.append(
                    f"{where}: the card shows {t}, the manifest says {f.get('text')}"
                )
    for fid in sorted(set(shown) - known, key=lambda x: int(x[1:])):
        res.mismatches.append(f"figure {fid}: shown in the card but not in the manifest")
    return res


def _describe(f: dict[str, Any], manifest: dict[str, Any]) -> str:
    parts = []
    for idx, path in f.get("args", []):
        src = manifest["sources"][idx] if 0 <= idx < len(manifest["sources"]) else {}
        where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
        parts.append(f"{src.get('path')}:{where or '.'}")
    op = f.get("op")
    tail = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in f.get("path", []))
    return ", ".join(parts) if op == "get" else f"{op}({', '.join(parts)}){tail}"
