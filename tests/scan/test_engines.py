"""The process pool and Ray Data give the same records, in input order, as one process."""

import pytest

from upright.scan import ScanConfig, scan_files
from upright.scan.engine import BATCH

from .test_scan_cli import ROWS, write_rows


@pytest.fixture
def many(tmp_path):
    rows = [
        dict(r, id=f"{i}-{r['id']}") for i in range(BATCH // 2 + 3) for r in ROWS
    ]  # several batches
    return write_rows(tmp_path / "many.jsonl", rows), len(rows)


def test_process_pool_matches_single_process(many):
    path, n = many
    config = ScanConfig(tiers=("rules",))
    one = list(scan_files([path], config))
    pooled = list(scan_files([path], config, workers=2))
    assert len(one) == n and pooled == one


@pytest.mark.slow
def test_ray_matches_local_engine(many):
    pytest.importorskip("ray")
    path, n = many
    config = ScanConfig(tiers=("rules",))
    local = list(scan_files([path], config))
    ray_out = list(scan_files([path], config, engine="ray", workers=2))
    assert len(ray_out) == n and ray_out == local
