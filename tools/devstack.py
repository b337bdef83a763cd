"""`make run`: the whole stack on loopback — Redis, inference, auth, edge and worker, each its own process.

Stops every child on Ctrl-C, SIGINT or SIGTERM; children also die with this process (PDEATHSIG), so
nothing is left behind even if it is killed outright.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import sys
import time

from ensure_redis import redis_server_binary
from procs import free_port
from redis_process import start_redis, stop
from stack import ROOT, spawn, terminate_all, wait_http_ok

RUN_DIR = ROOT / ".run"
SERVICES = ("inference", "auth", "worker", "edge")


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _persistent_secret(name: str) -> str:
    # Kept between runs so hash replacements stay stable on a laptop; never committed (.run is ignored).
    path = RUN_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def main() -> int:
    RUN_DIR.mkdir(exist_ok=True)
    redis_server_binary(install=True)
    env = dict(os.environ)
    redis_proc = None
    if "PHIGUARD_REDIS_URL" not in env:
        port = 6379 if not _port_in_use(6379) else free_port()
        redis_proc = start_redis(port, RUN_DIR / "redis")
        env["PHIGUARD_REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    generated_key = "PHIGUARD_BOOTSTRAP_ADMIN_KEY" not in env
    if generated_key:
        env["PHIGUARD_BOOTSTRAP_ADMIN_KEY"] = "phg_admin_" + secrets.token_urlsafe(32)
    env.setdefault("PHIGUARD_HMAC_SECRET", _persistent_secret("hmac_secret"))
    # Auth refuses to start without a pepper; kept between runs, since changing it invalidates every key.
    env.setdefault("PHIGUARD_AUTH_KEY_PEPPER", _persistent_secret("auth_key_pepper"))
    env.setdefault("PHIGUARD_JOB_SECRET", _persistent_secret("job_secret"))
    # "PHIGuard is up" is printed once /ready passes: here that means inference too, so the first call works
    # (a cluster's edge leaves inference out of readiness, see PHIGUARD_READY_REQUIRES).
    env.setdefault("PHIGUARD_READY_REQUIRES", '["auth", "inference", "redis"]')

    procs = {}
    stopping = False

    def shutdown(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    code = 0
    try:
        for name in SERVICES:
            procs[name] = spawn(name, env)
        edge_host = env.get('PHIGUARD_EDGE_HOST', '127.0.0.1')
        edge = f"http://{edge_host}:{env.get('PHIGUARD_EDGE_PORT', '8000')}"
        grpc_port = env.get("PHIGUARD_EDGE_GRPC_PORT", "50053")
        public_grpc = (f"{edge_host}:{grpc_port}   phiguard.v1.DeidentificationService (reflection on)"
                       if grpc_port != "0" else "off (PHIGUARD_EDGE_GRPC_PORT=0)")
        wait_http_ok(f"{edge}/api/v1/ready", procs, timeout=120)
        print(f"""
PHIGuard is up:
  edge (REST)      {edge}/api/v1   docs {edge}/docs
  edge (gRPC)      {public_grpc}
  inference (gRPC) 127.0.0.1:{env.get('PHIGUARD_INFERENCE_PORT', '50051')}
  auth (gRPC)      127.0.0.1:{env.get('PHIGUARD_AUTH_PORT', '50052')}
  worker           consuming jobs from {env['PHIGUARD_REDIS_URL']}
  redis            {env['PHIGUARD_REDIS_URL']}""", flush=True)
        if generated_key:
            print(f"  admin API key    {env['PHIGUARD_BOOTSTRAP_ADMIN_KEY']}  (generated for this run; "
                  "set PHIGUARD_BOOTSTRAP_ADMIN_KEY to choose one)", flush=True)
        print("Ctrl-C stops everything.", flush=True)
        while not stopping:
            dead = [n for n, p in procs.items() if p.poll() is not None]
            if dead:
                print(f"{', '.join(dead)} exited; stopping the stack", file=sys.stderr)
                code = 1
                break
            time.sleep(0.3)
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        terminate_all(procs)
        if redis_proc is not None:
            stop(redis_proc)
    return code


if __name__ == "__main__":
    sys.exit(main())
