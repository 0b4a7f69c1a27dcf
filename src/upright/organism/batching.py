"""Gather concurrent generation calls into batches: one forward pass serves many samples.

Inspect runs samples concurrently; a small model on a CPU spends most of a one-at-a-time
call in per-token Python overhead, so answering the calls that are waiting together (left
padded to one length) is several times faster than answering them in turn. Calls with
different decoding settings never share a batch. One worker thread owns the model.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

Answer = tuple[str, int, int]  # reply text, input tokens, output tokens
Run = Callable[[Sequence[Any], Hashable], list[Answer]]


@dataclass
class Call:
    item: Any
    key: Hashable  # decoding settings: only calls with equal keys share a batch
    future: Future[Answer] = field(default_factory=Future)


class Batcher:
    """Queue calls; a worker answers the waiting calls with one `run(items, key)` per key."""

    def __init__(self, run: Run, max_batch: int = 32, linger_s: float = 0.005) -> None:
        self.run = run
        self.max_batch = max_batch
        self.linger_s = linger_s
        self.calls: queue.Queue[Call] = queue.Queue()
        self.worker: threading.Thread | None = None
        self.start_lock = threading.Lock()

    def submit(self, item: Any, key: Hashable) -> Future[Answer]:
        call = Call(item, key)
        self.calls.put(call)
        with self.start_lock:
            if self.worker is None:
                self.worker = threading.Thread(target=self.loop, name="organism", daemon=True)
                self.worker.start()
        return call.future

    def take(self) -> list[Call]:
        """The first waiting call and whatever else arrives within `linger_s`, up to a batch."""
        calls = [self.calls.get()]
        while len(calls) < self.max_batch:
            try:
                calls.append(self.calls.get(timeout=self.linger_s))
            except queue.Empty:
                break
        return calls

    def loop(self) -> None:
        while True:
            calls = self.take()
            groups: dict[Hashable, list[Call]] = {}
            for c in calls:
                groups.setdefault(c.key, []).append(c)
            for key, group in groups.items():
                try:
                    answers = self.run([c.item for c in group], key)
                except BaseException as e:  # handed to every waiting caller
                    for c in group:
                        c.future.set_exception(e)
                    continue
                for c, answer in zip(group, answers, strict=True):
                    c.future.set_result(answer)
