"""Runs LLM Guard's offline Secrets scanner over {id: text} JSON, under a Python with llm-guard.

Called by bench_detect.py; prints one JSON line {"predicted": {id: [categories]}, "seconds"}.
"""

import json
import sys
import time

from llm_guard.input_scanners import Secrets

with open(sys.argv[1]) as f:
    docs = json.load(f)
scanner = Secrets()
scanner.scan("warm up")
t0 = time.perf_counter()
predicted = {}
for i, text in docs.items():
    _, valid, _ = scanner.scan(text)
    predicted[i] = [] if valid else ["security_code"]
print(json.dumps({"predicted": predicted, "seconds": time.perf_counter() - t0}))
