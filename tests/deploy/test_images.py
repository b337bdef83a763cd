"""The built images start the way the pod starts them and answer: read-only root filesystem, the
Dockerfile's non-root UID, no capabilities, only /tmp writable (the chart's emptyDir).

There is no container engine here, so each image is opened with `buildah mount` and its entry point (from
the image's own config: Entrypoint, Cmd, Env, WorkingDir, User) is run in a private mount namespace:
the image's root bound read-only, tmpfs on /tmp and /dev (null, zero, random, urandom), read-only /sys,
then `chroot` and `setpriv` to the image's UID and GID with every capability dropped (bounding set
included) and no_new_privs. The network namespace is the host's, so each service gets free ports.

Images come from `make images` (tools/build_images.py). If buildah is present and an image is missing,
this module builds it with the same script first (2.5–3 minutes on a 2-core machine from nothing, the local base
included). Skipped only where buildah is absent (CI has none).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import build_images
import grpc
import httpx
import pytest
from deploytools import ROOT
from grpc_health.v1 import health_pb2, health_pb2_grpc
from procs import die_with_parent, free_port

BUILDAH = shutil.which("buildah")
pytestmark = pytest.mark.skipif(
    BUILDAH is None,
    reason="buildah is not installed (CI has none): `apt-get install -y buildah crun fuse-overlayfs debootstrap` "
           "and `make images` build and start the images here")

SERVICES = ("inference", "auth", "edge")  # start order: the edge calls the other two
TEXT = "Reached Philomena Gratz at SSN 123-45-6789"
ADMIN_KEY = "phg_image_test_admin_0123456789abcdefghij"
START_TIMEOUT = 180.0


def dockerfile_user(service: str) -> str:
    lines = (ROOT / "services" / service / "Dockerfile").read_text().splitlines()
    users = [line.split(None, 1)[1].strip() for line in lines if line.startswith("USER ")]
    return users[-1]


def image_config(image: str) -> dict:
    out = subprocess.run([BUILDAH, "inspect", "--type", "image", image], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    return json.loads(out)["OCIv1"]["config"]


@pytest.fixture(scope="module")
def images() -> dict[str, str]:
    if os.geteuid() != 0:
        pytest.skip("buildah is installed but this test needs root (buildah mount, mount namespaces, chroot)")
    names = {s: build_images.image_name(s) for s in SERVICES}
    if not all(build_images.image_exists(n) for n in names.values()):
        # Same script as `make images`; builds only what is missing (the local base too, when no registry answers).
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_images.py"), "--missing-only", "--quiet"],
                       check=True, cwd=ROOT, timeout=3600)
    return names


def pod_like(mnt: str, config: dict) -> list[str]:
    """The command that runs the image's entry point like the pod: read-only root, non-root, no capabilities."""
    uid, _, gid = config["User"].partition(":")
    env = [f"{k}={v}" for k, v in (e.split("=", 1) for e in config.get("Env") or [])]
    argv = [*(config.get("Entrypoint") or []), *(config.get("Cmd") or [])]
    m = shlex.quote(mnt)
    script = f"""set -eu
mount --bind {m} {m}
mount -o remount,bind,ro {m}
mount -t tmpfs -o size=64m,mode=1777,nosuid,nodev tmpfs {m}/tmp
mount -t proc -o nosuid,nodev,noexec proc {m}/proc
mount --bind /sys {m}/sys
mount -o remount,bind,ro {m}/sys
mount -t tmpfs -o size=1m,mode=755,nosuid tmpfs {m}/dev
for n in null zero random urandom; do touch {m}/dev/$n; mount --bind /dev/$n {m}/dev/$n; done
exec chroot {m} setpriv --reuid {uid} --regid {gid or uid} --clear-groups --inh-caps=-all --bounding-set=-all \
  --no-new-privs --pdeathsig keep -- env -i -C {shlex.quote(config.get("WorkingDir") or "/")} \
  {" ".join(shlex.quote(e) for e in env)} "$@"
"""
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "pod", *argv]


def grpc_status(port: int, service: str = "") -> int | None:
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            return health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=service),
                                                             timeout=2).status
    except grpc.RpcError:
        return None


def http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Started:
    def __init__(self, service: str, image: str, proc: subprocess.Popen, log: Path, port: int, config: dict):
        self.service, self.image, self.proc, self.log, self.port, self.config = service, image, proc, log, port, config

    def logs(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def started(images, redis_url, tmp_path_factory) -> Iterator[dict[str, Started]]:
    ports = {n: free_port() for n in ("edge", "edge_grpc", "edge_metrics", "worker_metrics", "auth", "auth_metrics",
                                      "inference", "inference_metrics")}
    env = {
        "PHIGUARD_REDIS_URL": redis_url.rsplit("/", 1)[0] + "/3",
        "PHIGUARD_BOOTSTRAP_ADMIN_KEY": ADMIN_KEY,
        "PHIGUARD_HMAC_SECRET": "image-test-hmac-secret",
        "PHIGUARD_AUTH_KEY_PEPPER": "image-test-auth-key-pepper",
        "PHIGUARD_JOB_SECRET": "image-test-job-secret-0123456789",
        "PHIGUARD_INFERENCE_TARGET": f"127.0.0.1:{ports['inference']}",
        "PHIGUARD_AUTH_TARGET": f"127.0.0.1:{ports['auth']}",
        **{f"PHIGUARD_{n.upper()}_PORT": str(p) for n, p in ports.items()},
    }
    logs = tmp_path_factory.mktemp("image-logs")
    containers: list[str] = []
    running: dict[str, Started] = {}
    files = []
    try:
        for service in SERVICES:
            image = images[service]
            config = image_config(image)
            ctr = subprocess.run([BUILDAH, "from", "--pull-never", image], check=True, capture_output=True,
                                 text=True, timeout=120).stdout.strip()
            containers.append(ctr)
            mnt = subprocess.run([BUILDAH, "mount", ctr], check=True, capture_output=True, text=True,
                                 timeout=60).stdout.strip()
            config = {**config, "Env": [*(config.get("Env") or []), *(f"{k}={v}" for k, v in env.items())]}
            log = logs / f"{service}.log"
            out = open(log, "w")  # noqa: SIM115 - closed in finally
            files.append(out)
            proc = subprocess.Popen(pod_like(mnt, config), stdout=out, stderr=subprocess.STDOUT,
                                    preexec_fn=die_with_parent)
            s = running[service] = Started(service, image, proc, log, ports[service], config)
            deadline = time.monotonic() + START_TIMEOUT
            while not (http_ok(f"http://127.0.0.1:{s.port}/api/v1/health") if service == "edge"
                       else grpc_status(s.port) == health_pb2.HealthCheckResponse.SERVING):
                if proc.poll() is not None:
                    pytest.fail(f"{image} exited with {proc.returncode} during start-up:\n{s.logs()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"{image} did not answer health within {START_TIMEOUT:.0f} s:\n{s.logs()}")
                time.sleep(0.5)
        yield running
    finally:
        for s in running.values():
            if s.proc.poll() is None:
                s.proc.terminate()
        for s in running.values():
            try:
                s.proc.wait(20)
            except subprocess.TimeoutExpired:
                s.proc.kill()
                s.proc.wait()
        for out in files:
            out.close()
        for ctr in containers:
            subprocess.run([BUILDAH, "umount", ctr], capture_output=True, timeout=60)
            subprocess.run([BUILDAH, "rm", ctr], capture_output=True, timeout=60)


def proc_status(pid: int) -> dict[str, str]:
    return dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in line)


@pytest.mark.parametrize("service", SERVICES)
def test_runs_like_the_pod(started, service):
    s = started[service]
    assert s.proc.poll() is None, s.logs()
    # The entry point itself (the exec chain ends in it): the image's command, as the Dockerfile's user.
    cmdline = Path(f"/proc/{s.proc.pid}/cmdline").read_bytes().split(b"\0")
    assert f"phiguard.{service}".encode() in cmdline
    user = dockerfile_user(service)
    assert s.config["User"] == user
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) != 0
    status = proc_status(s.proc.pid)
    assert status["Uid"].split() == [uid] * 4 and status["Gid"].split() == [gid or uid] * 4
    assert status["Groups"].strip() == ""
    for caps in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        assert int(status[caps], 16) == 0, (caps, status[caps])
    assert status["NoNewPrivs"].strip() == "1"
    # Its root is read-only; /tmp is the only writable mount.
    mounts = {f[4]: f[5].split(",") for f in
              (line.split() for line in Path(f"/proc/{s.proc.pid}/mountinfo").read_text().splitlines())}
    assert "ro" in mounts["/"], mounts["/"]
    assert "rw" in mounts["/tmp"]
    assert {p for p, opts in mounts.items() if "rw" in opts} <= {"/tmp", "/dev", "/dev/null", "/dev/zero",
                                                                 "/dev/random", "/dev/urandom", "/proc"}


@pytest.mark.parametrize("service", ("inference", "auth"))
def test_grpc_health(started, service):
    names = {"inference": "phiguard.v1.InferenceService", "auth": "phiguard.v1.AuthService"}
    for name in ("", names[service]):
        assert grpc_status(started[service].port, name) == health_pb2.HealthCheckResponse.SERVING, name


def test_edge_health(started):
    reply = httpx.get(f"http://127.0.0.1:{started['edge'].port}/api/v1/health", timeout=10)
    assert reply.status_code == 200, reply.text


def test_inference_detects(started):
    from phiguard.v1 import inference_pb2, inference_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{started['inference'].port}") as channel:
        reply = inference_pb2_grpc.InferenceServiceStub(channel).Detect(inference_pb2.DetectRequest(text=TEXT),
                                                                         timeout=60)
    found = {(TEXT[e.start:e.end], e.entity_type) for e in reply.entities}
    assert ("123-45-6789", "SSN") in found, found


def test_auth_authorizes(started):
    from phiguard.v1 import auth_pb2, auth_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{started['auth'].port}") as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        ok = stub.Authorize(auth_pb2.AuthorizeRequest(api_key=ADMIN_KEY, action="detect", cost=1), timeout=30)
        bad = stub.Authorize(auth_pb2.AuthorizeRequest(api_key="phg_bogus", action="detect", cost=1), timeout=30)
    assert ok.decision == auth_pb2.DECISION_ALLOWED and ok.role == "admin", ok
    assert bad.decision == auth_pb2.DECISION_UNAUTHENTICATED


def test_edge_detects_through_auth_and_inference_images(started):
    reply = httpx.post(f"http://127.0.0.1:{started['edge'].port}/api/v1/detect", json={"text": TEXT},
                       headers={"X-API-Key": ADMIN_KEY}, timeout=60)
    assert reply.status_code == 200, reply.text
    assert "SSN" in {e["entity_type"] for e in reply.json()["entities"]}, reply.json()
