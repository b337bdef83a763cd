"""`make images`: build the edge, auth and inference (CPU) images from the real Dockerfiles with buildah.

No Docker engine is needed: Debian's buildah (`apt-get install -y buildah crun fuse-overlayfs debootstrap`)
builds with `--isolation chroot`. When no image registry is reachable (this build machine), the public
`python:3.11-slim-bookworm` base cannot be pulled, so a local Python 3.11 base is made from Debian
packages with debootstrap, committed as `localhost/py311-bookworm` and passed to each Dockerfile as its
PYTHON_IMAGE build argument (the Dockerfiles keep the public, digest-pinned base as the default).

Prints how long each step took. Needs root (debootstrap, buildah's chroot isolation).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("edge", "auth", "inference")
LOCAL_BASE = "localhost/py311-bookworm"
IMAGE_PREFIX = "localhost/phiguard/"
REGISTRY_PROBE = "https://registry-1.docker.io/v2/"
DEBIAN_MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
# The host's CA bundle goes into the local base: pip inside the build then trusts what pip here trusts.
HOST_CA_BUNDLE = Path(os.environ.get("PIP_CERT") or "/etc/ssl/certs/ca-certificates.crt")


def image_name(service: str) -> str:
    return f"{IMAGE_PREFIX}{service}"


def log(msg: str) -> None:
    print(f"[images] {msg}", flush=True)


def run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), check=True, **kw)


def timed(label: str, timings: list[tuple[str, float]]):
    class _Timer:
        def __enter__(self):
            log(f"{label} ...")
            self.t0 = time.monotonic()

        def __exit__(self, exc_type, *_):
            dt = time.monotonic() - self.t0
            timings.append((label, dt))
            log(f"{label}: {'FAILED after' if exc_type else 'done in'} {dt:.0f} s")

    return _Timer()


def registry_reachable(timeout: float = 5.0) -> bool:
    """Docker Hub's API answers (401 without a token) when images can be pulled; DNS fails here."""
    try:
        urllib.request.urlopen(REGISTRY_PROBE, timeout=timeout)
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False
    return True


def image_exists(name: str) -> bool:
    return subprocess.run(["buildah", "inspect", "--type", "image", name], capture_output=True).returncode == 0


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: apt-get install -y buildah crun fuse-overlayfs debootstrap")


def make_local_base(workdir: Path) -> None:
    """debootstrap a minimal bookworm with Python 3.11 and commit it as LOCAL_BASE."""
    require("debootstrap")
    rootfs = workdir / "rootfs"
    if rootfs.exists():
        shutil.rmtree(rootfs)
    rootfs.parent.mkdir(parents=True, exist_ok=True)
    run("debootstrap", "--variant=minbase", "--include=python3,python3-venv,python3-pip,ca-certificates",
        "bookworm", str(rootfs), DEBIAN_MIRROR, stdout=subprocess.DEVNULL)
    # What python:3.11-slim gives a Dockerfile: `python` on PATH and a pip that may install system-wide.
    (rootfs / "usr/bin/python").unlink(missing_ok=True)
    (rootfs / "usr/bin/python").symlink_to("python3")
    for marker in (rootfs / "usr/lib").glob("python3*/EXTERNALLY-MANAGED"):
        marker.unlink()
    if HOST_CA_BUNDLE.is_file():
        shutil.copyfile(HOST_CA_BUNDLE, rootfs / "etc/ssl/certs/ca-certificates.crt")
    for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):
        for p in (rootfs / cache).glob("*"):
            if p.is_file():
                p.unlink()
    ctr = subprocess.run(["buildah", "from", "scratch"], check=True, capture_output=True, text=True).stdout.strip()
    try:
        mnt = subprocess.run(["buildah", "mount", ctr], check=True, capture_output=True, text=True).stdout.strip()
        # tar keeps owners, modes and links; device nodes and pseudo filesystems stay out (the runtime adds them).
        tar_out = subprocess.Popen(["tar", "-C", str(rootfs), "--exclude=./dev/*", "--exclude=./proc/*",
                                    "--exclude=./sys/*", "-cf", "-", "."], stdout=subprocess.PIPE)
        run("tar", "-C", mnt, "-xf", "-", stdin=tar_out.stdout)
        if tar_out.wait() != 0:
            raise RuntimeError("tar of the debootstrap tree failed")
        run("buildah", "umount", ctr, stdout=subprocess.DEVNULL)
        run("buildah", "config", "--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "--env", "LANG=C.UTF-8", "--env", "PIP_CERT=/etc/ssl/certs/ca-certificates.crt",
            "--cmd", "python3", "--label", "io.phiguard.base=debootstrap-bookworm", ctr)
        run("buildah", "commit", "--rm", ctr, LOCAL_BASE, stdout=subprocess.DEVNULL)
        ctr = ""
    finally:
        if ctr:
            subprocess.run(["buildah", "rm", ctr], capture_output=True)
    shutil.rmtree(rootfs, ignore_errors=True)


def image_id(name: str) -> str | None:
    out = subprocess.run(["buildah", "inspect", "--type", "image", "--format", "{{.FromImageID}}", name],
                         capture_output=True, text=True)
    return out.stdout.strip() or None if out.returncode == 0 else None


def build(service: str, base: str | None, quiet: bool) -> None:
    previous = image_id(image_name(service))
    cmd = ["buildah", "bud", "--isolation", "chroot", "--layers=false", "-f", f"services/{service}/Dockerfile",
           "-t", image_name(service)]
    if base:
        cmd += ["--build-arg", f"PYTHON_IMAGE={base}"]
    if service == "inference":
        cmd += ["--build-arg", "VARIANT=cpu"]
    if quiet:
        cmd.append("--quiet")
    run(*cmd, ".", cwd=ROOT)
    if previous and previous != image_id(image_name(service)):
        # The tag moved to the new build: drop the old, now nameless image (kept if a container still uses it).
        subprocess.run(["buildah", "rmi", previous], capture_output=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("services", nargs="*", default=list(SERVICES), help=f"any of {', '.join(SERVICES)} (default: all)")
    ap.add_argument("--base", choices=("auto", "local", "public"), default="auto",
                    help="auto: the public base when a registry answers, else the local debootstrap base")
    ap.add_argument("--rebuild-base", action="store_true", help="remake the local base even if it exists")
    ap.add_argument("--missing-only", action="store_true", help="skip images that already exist")
    ap.add_argument("--quiet", action="store_true", help="only buildah's errors and the timings")
    args = ap.parse_args(argv)
    if unknown := set(args.services) - set(SERVICES):
        ap.error(f"unknown service(s): {', '.join(sorted(unknown))}")
    require("buildah")
    if os.geteuid() != 0:
        sys.exit("make images needs root here (debootstrap and buildah's chroot isolation)")

    timings: list[tuple[str, float]] = []
    t0 = time.monotonic()
    use_local = args.base == "local" or (args.base == "auto" and not registry_reachable())
    base = None
    if use_local:
        base = LOCAL_BASE
        if args.rebuild_base or not image_exists(LOCAL_BASE):
            with timed(f"local base {LOCAL_BASE} (debootstrap bookworm + Python 3.11)", timings), \
                    tempfile.TemporaryDirectory(prefix="phiguard-base-", dir=os.environ.get("TMPDIR", "/var/tmp")) as d:
                make_local_base(Path(d))
        else:
            log(f"local base {LOCAL_BASE} exists (--rebuild-base remakes it)")
    else:
        log("an image registry answers: building on the Dockerfiles' default (public) base")

    for service in args.services:
        if args.missing_only and image_exists(image_name(service)):
            log(f"{image_name(service)} exists, kept")
            continue
        label = f"{image_name(service)}" + (" (CPU)" if service == "inference" else "")
        with timed(label, timings):
            build(service, base, args.quiet)

    log("timings:")
    for label, dt in timings:
        log(f"  {dt:6.0f} s  {label}")
    log(f"  {time.monotonic() - t0:6.0f} s  total")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"[images] failed: {' '.join(map(str, exc.cmd))} exited with {exc.returncode}")
