"""Detector quality and speed on benchmarks/data/detect.jsonl, side by side with peers.

upright's tiers (rules, ml, the default ensemble) against Presidio's pattern recognizers
(privacy), detect-secrets and Bandit (security_code) and, when LLMGUARD_PYTHON points at a
Python with llm-guard installed, LLM Guard's offline Secrets scanner (security_code). Every
tool reads the same text: the assistant's messages and tool-call arguments. One process,
one core (torch uses one thread).

Run: .venv/bin/python benchmarks/bench_detect.py [--data FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import report
from score_scan import load_labels, predicted_from_records, prf
from upright.detectors.base import iter_units
from upright.detectors.ensemble import clear_shared
from upright.scan import ScanConfig, scan_files
from upright.scan.inputs import read_rows

DATA = Path(__file__).parent / "data" / "detect.jsonl"


def texts(path: Path) -> dict[str, str]:
    return {r.transcript.id: "\n".join(u.text for u in iter_units(r.transcript.messages))
            for r in read_rows([path]) if r.transcript is not None}


def timed(fn) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def run_upright(path: Path, tiers: tuple[str, ...]) -> tuple[dict[str, set[str]], float]:
    config = ScanConfig(tiers=tiers)
    clear_shared()  # start afresh: load models inside this run
    list(scan_files([path], config))  # warm: load models, compile patterns
    _cold()  # the timed pass must not read embeddings remembered from the warm one
    records, seconds = timed(lambda: list(scan_files([path], config)))
    return predicted_from_records(records), seconds


def _cold() -> None:
    """Forget the ML encoder's text cache, so a second pass over the same file is timed cold."""
    try:
        from upright.detectors.ml import embed
    except ImportError:
        return
    embed.clear_caches()


def run_presidio(docs: dict[str, str]) -> tuple[dict[str, set[str]], float]:
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankEngine(SpacyNlpEngine):
        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "en", "model_name": "blank"}])
            self.nlp = {"en": spacy.blank("en")}

        def load(self) -> None:
            pass

    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()
    engine = AnalyzerEngine(registry=registry, nlp_engine=BlankEngine(), supported_languages=["en"])

    def scan() -> dict[str, set[str]]:
        return {i: ({"privacy"} if engine.analyze(text=t, language="en", score_threshold=0.4) else set())
                for i, t in docs.items()}

    return timed(scan)


def run_detect_secrets(docs: dict[str, str]) -> tuple[dict[str, set[str]], float]:
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings

    def scan() -> dict[str, set[str]]:
        with default_settings():
            return {i: ({"security_code"} if any(any(scan_line(ln)) for ln in t.splitlines()) else set())
                    for i, t in docs.items()}

    return timed(scan)


def run_bandit(docs: dict[str, str]) -> tuple[dict[str, set[str]], float]:
    with tempfile.TemporaryDirectory() as d:
        names = {}
        for n, (i, t) in enumerate(docs.items()):
            (Path(d) / f"r{n}.py").write_text(t)
            names[f"r{n}.py"] = i
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "bandit", "-q", "-f", "json", "-r", d, "-ll", "-ii"],
                           capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        results = json.loads(p.stdout or "{}").get("results", [])
    flagged = {names[Path(r["filename"]).name] for r in results}
    return {i: ({"security_code"} if i in flagged else set()) for i in docs}, seconds


def run_llm_guard(docs: dict[str, str]) -> tuple[dict[str, set[str]], float] | None:
    python = os.environ.get("LLMGUARD_PYTHON")
    if not python:
        return None
    driver = Path(__file__).with_name("_llm_guard_driver.py")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(docs, f)
    p = subprocess.run([python, str(driver), f.name], capture_output=True, text=True, timeout=1800)
    if p.returncode != 0:
        print(f"llm-guard driver failed: {p.stderr[-500:]}", file=sys.stderr)
        return None
    out = json.loads(p.stdout.strip().splitlines()[-1])
    return {i: set(v) for i, v in out["predicted"].items()}, out["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    labels = load_labels(args.data)
    docs = texts(args.data)
    n = len(docs)
    runs: dict[str, tuple[dict[str, set[str]], float, tuple[str, ...]]] = {}
    for name, tiers in (("upright rules", ("rules",)), ("upright ml", ("ml",)), ("upright ensemble", ("rules", "ml"))):
        pred, secs = run_upright(args.data, tiers)
        runs[name] = (pred, secs, ("coercion", "privacy", "security_code", "leak", "oversight_subversion"))
    for name, fn, cats in (("presidio (patterns)", run_presidio, ("privacy",)),
                           ("detect-secrets", run_detect_secrets, ("security_code",)),
                           ("bandit", run_bandit, ("security_code",)),
                           ("llm-guard Secrets", run_llm_guard, ("security_code",))):
        result = fn(docs)
        if result is not None:
            runs[name] = (result[0], result[1], cats)
    rows, detail = [], {}
    for name, (pred, secs, cats) in runs.items():
        metrics = prf(labels, pred, cats)
        detail[name] = {"seconds": secs, "messages_per_s": n / secs, "metrics": metrics}
        for c in cats:
            m = metrics[c]
            rows.append([name, c, _f(m["precision"]), _f(m["recall"]), _f(m["f1"]), round(n / secs, 1)])
    report("detectors", ["tool", "category", "precision", "recall", "f1", "messages/s"], rows,
           {"data": str(args.data), "messages": n, "runs": detail})


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    main()
