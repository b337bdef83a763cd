"""k8s/ (plain manifests for clusters without Helm) is exactly what the chart renders, and it builds."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from deploytools import INSTALL_HINT, K8S_VERSION, ROOT, require_tool

K8S = ROOT / "k8s"


def test_k8s_manifests_match_the_chart():
    helm = require_tool("helm")
    result = subprocess.run(["bash", str(ROOT / "tools" / "render_k8s.sh"), "--stdout"], capture_output=True,
                            text=True, timeout=60, env={"HELM": helm, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    committed = (K8S / "phiguard.yaml").read_text()
    assert result.stdout == committed, "k8s/phiguard.yaml drifted from charts/phiguard: run `make k8s` and commit"


def test_k8s_manifests_need_no_generated_secret():
    docs = [d for d in yaml.safe_load_all((K8S / "phiguard.yaml").read_text()) if d]
    assert not [d for d in docs if d["kind"] == "Secret"], "plain manifests must not carry secret values"
    refs = {e["valueFrom"]["secretKeyRef"]["name"] for d in docs if d["kind"] == "Deployment"
            for c in d["spec"]["template"]["spec"]["containers"] for e in c.get("env", [])
            if "secretKeyRef" in e.get("valueFrom", {})}
    assert refs == {"phiguard-secrets"}
    readme = (K8S / "README.md").read_text()
    for key in ("bootstrap-admin-key", "hmac-secret", "auth-key-pepper", "redis-url"):
        assert key in readme


def test_kustomize_build_validates():
    kubectl = require_tool("kubectl")  # its built-in kustomize renders k8s/ offline
    kv = pytest.importorskip("kubernetes_validate", reason=f"kubernetes-validate missing: {INSTALL_HINT}")
    out = subprocess.run([kubectl, "kustomize", str(K8S)], capture_output=True, text=True, check=True, timeout=60)
    docs = [d for d in yaml.safe_load_all(out.stdout) if d]
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"phiguard"}
    for doc in docs:
        kv.validate(doc, K8S_VERSION, strict=True)
