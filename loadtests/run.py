"""`make loadtest`: a bounded headless locust run, CSV and HTML reports in loadtests/reports/.

Targets PHIGUARD_URL (with PHIGUARD_ADMIN_KEY or PHIGUARD_API_KEYS) when set, e.g. an already running
`make run` or an ingress; otherwise starts the whole stack on loopback the way the tests do (its own
Redis, free ports) and stops it afterwards. locust always runs as a separate process (gevent must never
share a process with grpc): from .venv-bench if present, else a `locust` next to this Python or on PATH.

    python loadtests/run.py [--users 8] [--spawn-rate 4] [--time 60s] [--tags detect,batch] [--name NAME]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPORTS = HERE / "reports"
sys.path.insert(0, str(ROOT / "tools"))


def locust_binary() -> str | None:
    for candidate in (ROOT / ".venv-bench" / "bin" / "locust", Path(sys.executable).parent / "locust"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("locust")


def run_locust(host: str, env: dict[str, str], args: argparse.Namespace) -> int:
    binary = locust_binary()
    if binary is None:
        print("locust not found: python3 -m venv .venv-bench && .venv-bench/bin/pip install -r requirements-bench.txt",
              file=sys.stderr)
        return 2
    REPORTS.mkdir(exist_ok=True)
    prefix = REPORTS / (args.name or time.strftime("loadtest-%Y%m%d-%H%M%S"))
    cmd = [binary, "-f", str(HERE / "locustfile.py"), "--headless", "--host", host, "-u", str(args.users),
           "-r", str(args.spawn_rate), "-t", args.time, "--stop-timeout", "10", "--csv", str(prefix),
           "--html", f"{prefix}.html", "--only-summary"]
    if args.tags:
        cmd += ["--tags", *args.tags.split(",")]
    rc = subprocess.run(cmd, env=env, cwd=ROOT).returncode
    print(f"\nreports: {prefix}_stats.csv, {prefix}_failures.csv, {prefix}.html (locust exit {rc})")
    return rc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # 8 users already saturate the CPU stack on a 2-core machine (about 15 notes/s of 1 KB); raise it elsewhere
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--spawn-rate", type=float, default=4)
    ap.add_argument("--time", default="60s", help="run time, locust syntax (60s, 2m)")
    ap.add_argument("--tags", default="", help="only these scenarios: detect,deidentify,redact,batch,jobs")
    ap.add_argument("--name", default="", help="report file prefix (default: a timestamp)")
    args = ap.parse_args()

    env = dict(os.environ)
    url = env.get("PHIGUARD_URL")
    if url:
        if not (env.get("PHIGUARD_ADMIN_KEY") or env.get("PHIGUARD_API_KEYS")):
            print("PHIGUARD_URL is set: also set PHIGUARD_ADMIN_KEY (or PHIGUARD_API_KEYS)", file=sys.stderr)
            return 2
        return run_locust(url.rstrip("/"), env, args)

    from procs import free_port  # noqa: PLC0415
    from redis_process import start_redis, stop  # noqa: PLC0415
    from stack import running_stack, stack_env  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="phiguard-loadtest-") as tmp:
        port = free_port()
        redis = start_redis(port, Path(tmp) / "redis")
        try:
            stack_environment = stack_env(f"redis://127.0.0.1:{port}/0", "phg_load_admin_" + secrets.token_urlsafe(24),
                                          PHIGUARD_LOG_LEVEL=env.get("PHIGUARD_LOG_LEVEL", "WARNING"))
            print("starting the stack ...", flush=True)
            with running_stack(stack_environment, Path(tmp) / "logs") as stack:
                env["PHIGUARD_ADMIN_KEY"] = stack.admin_key
                return run_locust(stack.edge_url, env, args)
        finally:
            stop(redis)


if __name__ == "__main__":
    sys.exit(main())
