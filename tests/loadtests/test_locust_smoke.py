"""The locustfile runs headless against the real stack for a few seconds with no failures (< 30 s).

locust runs as a subprocess only: gevent's monkey patching must never enter the test process (grpc).
It comes from .venv-bench (requirements-bench.txt) or a `locust` beside this Python (requirements-dev.txt
pins it for the project venv); without either the test skips and says how to get it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = (ROOT / ".venv-bench" / "bin" / "locust", Path(sys.executable).parent / "locust")
LOCUST = next((str(p) for p in CANDIDATES if p.exists()), None)

pytestmark = pytest.mark.skipif(
    LOCUST is None, reason="locust not installed: make install (requirements-dev.txt)")


def test_locustfile_runs_headless_against_the_stack(stack, tmp_path: Path) -> None:
    env = {**os.environ, "PHIGUARD_ADMIN_KEY": stack.admin_key, "PHIGUARD_LOAD_KEYS": "2",
           "PHIGUARD_LOAD_WAIT": "0.1,0.3"}
    cmd = [LOCUST, "-f", str(ROOT / "loadtests" / "locustfile.py"), "--headless", "--host", stack.edge_url,
           "-u", "4", "-r", "4", "-t", "6s", "--stop-timeout", "5", "--csv", str(tmp_path / "smoke"),
           "--only-summary", "--exit-code-on-error", "1"]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=25)
    tail = (proc.stdout + proc.stderr)[-3000:]
    assert proc.returncode == 0, tail
    with open(tmp_path / "smoke_stats.csv", newline="") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    total = rows["Aggregated"]
    assert int(total["Request Count"]) > 0, tail
    assert int(total["Failure Count"]) == 0, tail
    assert any(name.endswith("/detect") for name in rows), sorted(rows)
