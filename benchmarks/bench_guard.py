"""The guard against LiteLLM's proxy, on the same loopback upstream, in one run.

Measures added latency (p50/p99, proxy minus direct) at concurrency 1 and 16, non-streamed
and streamed (time to first content token), requests/s per CPU core of the proxy process
(requests / proxy CPU seconds), the proxy's memory (RSS, children included), the block rate
on benign security questions per tier, and (`--load N`) N requests through the guard ending
with one audit record each and a chain that verifies.

    LITELLM_PYTHON=/path/to/venv/bin/python python benchmarks/bench_guard.py [--n 400] [--load 10000]

LiteLLM runs from its own virtualenv (LITELLM_PYTHON, with `litellm[proxy]`); without it the
LiteLLM columns are reported as missing. Results: benchmarks/results/guard.json (`--out` to
write elsewhere), with the host's load average before and after the run, since latency on a
shared host says as much about the other work as about the proxies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data" / "benign_security_questions.jsonl"
RESULTS = ROOT / "results"
MODEL = "scripted-guard"
ASK = "What is the capital of France?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, headers: dict[str, str], timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            r = httpx.post(
                url + "/chat/completions",
                headers=headers,
                timeout=5,
                json={"model": MODEL, "messages": [{"role": "user", "content": "hi"}]},
            )
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not become ready")


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


async def run_requests(url: str, key: str, n: int, conc: int, stream: bool) -> list[float]:
    """Latency (non-stream) or time to first content (stream) of `n` requests, in ms."""
    out: list[float] = []
    headers = {"Authorization": f"Bearer {key}"}
    body = {"model": MODEL, "messages": [{"role": "user", "content": ASK}], "stream": stream}
    conn = aiohttp.TCPConnector(limit=conc)
    async with aiohttp.ClientSession(connector=conn) as s:
        sem = asyncio.Semaphore(conc)

        async def one() -> None:
            async with sem:
                t0 = time.perf_counter()
                async with s.post(url + "/chat/completions", json=body, headers=headers) as r:
                    if r.status != 200:
                        raise RuntimeError(f"{url}: {r.status} {await r.text()}")
                    if not stream:
                        await r.read()
                        out.append((time.perf_counter() - t0) * 1e3)
                        return
                    first = None
                    async for line in r.content:
                        if first is None and _has_content(line):
                            first = (time.perf_counter() - t0) * 1e3
                    out.append(first if first is not None else float("nan"))

        await asyncio.gather(*(one() for _ in range(n)))
    return out


def _has_content(line: bytes) -> bool:
    if not line.startswith(b"data: {"):
        return False
    obj = json.loads(line[6:])
    return any((c.get("delta") or {}).get("content") for c in obj.get("choices") or [])


def cpu_and_rss(pid: int) -> tuple[float, float]:
    p = psutil.Process(pid)
    procs = [p, *p.children(recursive=True)]
    cpu = sum(x.cpu_times().user + x.cpu_times().system for x in procs)
    rss = sum(x.memory_info().rss for x in procs) / 2**20
    return cpu, rss


def measure(name: str, url: str, key: str, pid: int | None, n: int) -> dict[str, Any]:
    res: dict[str, Any] = {}
    for stream in (False, True):
        for conc in (1, 16):
            asyncio.run(run_requests(url, key, min(50, n), conc, stream))  # warm up
            lat = asyncio.run(run_requests(url, key, n, conc, stream))
            res[f"{'ttft' if stream else 'latency'}_c{conc}"] = {
                "p50_ms": round(statistics.median(lat), 3),
                "p99_ms": round(pct(lat, 0.99), 3),
            }
    if pid is not None:
        c0, _ = cpu_and_rss(pid)
        t0 = time.perf_counter()
        m = n * 4
        asyncio.run(run_requests(url, key, m, 16, False))
        wall = time.perf_counter() - t0
        c1, rss = cpu_and_rss(pid)
        res["rps"] = round(m / wall, 1)
        res["rps_per_core"] = round(m / max(c1 - c0, 1e-9), 1)
        res["rss_mib"] = round(rss, 1)
    print(f"  {name}: {json.dumps(res)}", flush=True)
    return res


def added(proxy: dict[str, Any], direct: dict[str, Any]) -> dict[str, Any]:
    return {
        k: {q: round(v[q] - direct[k][q], 3) for q in ("p50_ms", "p99_ms")}
        for k, v in proxy.items()
        if isinstance(v, dict) and k in direct
    }


def start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_policy(home: Path) -> Path:
    from upright.guard.policy import default_policy_text

    text = default_policy_text()
    for rpm in ("60", "300", "600", "6000"):
        text = text.replace(f"requests_per_minute: {rpm}\n", "requests_per_minute: 10000000\n")
    p = home / "bench_policy.yaml"
    p.write_text(text)
    return p


def tier_keys(db_url: str) -> dict[str, str]:
    from upright.guard import identity
    from upright.guard.db import engine_for

    eng = engine_for(db_url)
    keys = {}
    for tier in ("public", "verified", "trusted-defender", "internal"):
        who = f"bench-{tier}"
        if tier != "public":
            req = identity.request_access(eng, who, tier, "benchmark")
            identity.decide_access(eng, req["request"], "bench-reviewer", approve=True, days=1)
        keys[tier] = identity.create_key(eng, who, tier)["key"]
    return keys


def benign_block_rate(url: str, keys: dict[str, str]) -> dict[str, Any]:
    import httpx

    qs = [json.loads(x)["question"] for x in DATA.read_text().splitlines() if x.strip()]
    out = {}
    with httpx.Client(timeout=30) as c:
        for tier, key in keys.items():
            blocked = 0
            for q in qs:
                r = c.post(
                    url + "/chat/completions",
                    headers={"Authorization": f"Bearer {key}"},
                    json={"model": MODEL, "messages": [{"role": "user", "content": q}]},
                )
                if r.status_code == 400 or (
                    r.status_code == 200
                    and r.json()["choices"][0]["finish_reason"] == "content_filter"
                ):
                    blocked += 1
            out[tier] = {
                "questions": len(qs),
                "blocked": blocked,
                "rate": round(blocked / len(qs), 3),
            }
    return out


def load_test(url: str, key: str, db_url: str, n: int) -> dict[str, Any]:
    from upright.guard import audit
    from upright.guard.db import engine_for

    eng = engine_for(db_url)
    before = sum(1 for r in audit.iter_records(eng) if r["kind"] == "decision")
    t0 = time.perf_counter()
    asyncio.run(run_requests(url, key, n, 32, False))
    wall = time.perf_counter() - t0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        after = sum(1 for r in audit.iter_records(eng) if r["kind"] == "decision")
        if after - before >= n:
            break
        time.sleep(0.5)
    v = audit.verify(eng)
    return {
        "requests": n,
        "seconds": round(wall, 2),
        "new_decision_records": after - before,
        "chain_ok": v.ok,
        "chain_records": v.records,
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="requests per latency cell")
    ap.add_argument("--load", type=int, default=0, help="also run an N-request audit load test")
    ap.add_argument("--out", type=Path, default=RESULTS / "guard.json", help="results JSON")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="upright-bench-guard-"))
    env = {**os.environ, "UPRIGHT_HOME": str(home), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    env.pop("UPRIGHT_DB", None)
    env.pop("UPRIGHT_REDIS", None)
    os.environ.update({"UPRIGHT_HOME": str(home)})
    db_url = f"sqlite:///{home / 'upright.db'}"
    procs: list[subprocess.Popen[bytes]] = []
    results: dict[str, Any] = {
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "n": args.n,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        up = subprocess.Popen(
            [sys.executable, "-m", "upright.guard.scripted"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(up)  # type: ignore[arg-type]
        upstream = up.stdout.readline().strip()  # type: ignore[union-attr]
        keys = tier_keys(db_url)
        gport = free_port()
        guard = start(
            [
                str(Path(sys.executable).parent / "upright"),
                "guard",
                "serve",
                "--upstream",
                upstream,
                "--port",
                str(gport),
                "--policy",
                str(bench_policy(home)),
            ],
            env,
        )
        procs.append(guard)
        guard_url = f"http://127.0.0.1:{gport}/v1"
        wait_ready(guard_url, {"Authorization": f"Bearer {keys['public']}"})

        print("measuring", flush=True)
        results["direct"] = direct = measure("direct", upstream, "none", None, args.n)
        results["guard"] = g = measure("guard", guard_url, keys["public"], guard.pid, args.n)
        results["guard_added"] = added(g, direct)

        lite = os.environ.get("LITELLM_PYTHON")
        if lite and Path(lite).exists():
            cfg = home / "litellm.yaml"
            cfg.write_text(
                json.dumps(
                    {
                        "model_list": [
                            {
                                "model_name": MODEL,
                                "litellm_params": {
                                    "model": f"openai/{MODEL}",
                                    "api_base": upstream,
                                    "api_key": "none",
                                },
                            }
                        ],
                        "general_settings": {"master_key": "sk-bench"},
                        "litellm_settings": {"telemetry": False},
                    }
                )
            )
            lport = free_port()
            lp = start(
                [
                    lite,
                    "-c",
                    "from litellm.proxy.proxy_cli import run_server; run_server()",
                    "--config",
                    str(cfg),
                    "--port",
                    str(lport),
                    "--host",
                    "127.0.0.1",
                    "--num_workers",
                    "1",
                ],
                env,
            )
            procs.append(lp)
            lurl = f"http://127.0.0.1:{lport}"
            wait_ready(lurl, {"Authorization": "Bearer sk-bench"}, timeout=240)
            results["litellm"] = lres = measure("litellm", lurl, "sk-bench", lp.pid, args.n)
            results["litellm_added"] = added(lres, direct)
            results["rps_per_core_ratio"] = round(g["rps_per_core"] / lres["rps_per_core"], 2)
        else:
            results["litellm"] = "missing: set LITELLM_PYTHON to a Python with litellm[proxy]"
            print(results["litellm"], flush=True)

        results["benign_block_rate"] = benign_block_rate(guard_url, keys)
        if args.load:
            results["load"] = load_test(guard_url, keys["public"], db_url, args.load)
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    write_json(args.out, results)
    print(json.dumps({k: v for k, v in results.items() if k not in ("direct",)}, indent=1))


if __name__ == "__main__":
    main()
