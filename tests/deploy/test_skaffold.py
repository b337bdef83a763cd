"""skaffold.yaml: valid against the published v2beta22 schema (vendored: no skaffold binary is installable
here), and every artifact, Dockerfile, chart path and image override points at something real."""

from __future__ import annotations

import json

import pytest
import yaml
from deploytools import CHART, ROOT, helm

SCHEMA = ROOT / "tests" / "deploy" / "schemas" / "skaffold-v2beta22.json"


def config() -> dict:
    return yaml.safe_load((ROOT / "skaffold.yaml").read_text())


def test_schema_valid():
    jsonschema = pytest.importorskip("jsonschema")
    cfg = config()
    assert cfg["apiVersion"] == "skaffold/v2beta22"
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [f"{list(e.path)}: {e.message[:200]}" for e in validator.iter_errors(cfg)]
    assert not errors
    # The schema catches misspelt fields, so a pass means something.
    cfg["deploy"]["helm"]["releases"][0]["chartpath"] = "x"
    assert list(validator.iter_errors(cfg))


def _variants(cfg):
    yield "default", cfg["build"], cfg["deploy"]
    for profile in cfg["profiles"]:
        yield profile["name"], profile["build"], profile["deploy"]


def test_profiles():
    assert [p["name"] for p in config()["profiles"]] == ["cpu", "gpu"]


@pytest.mark.parametrize("variant", ["default", "cpu", "gpu"])
def test_artifacts_and_overrides_fit_the_chart(variant):
    cfg = config()
    _, build, deploy = next(v for v in _variants(cfg) if v[0] == variant)
    images = {}
    for art in build["artifacts"]:
        dockerfile = ROOT / art.get("context", ".") / art["docker"]["dockerfile"]
        assert dockerfile.is_file(), dockerfile
        images[art["image"]] = art
    (release,) = deploy["helm"]["releases"]
    assert (ROOT / release["chartPath"]).resolve() == CHART.resolve()
    assert release["imageStrategy"] == {"helm": {}}
    overrides = release["artifactOverrides"]
    assert set(overrides.values()) == set(images), "every built image is deployed and vice versa"
    # The helm image strategy sets <key>.repository and <key>.tag: render the chart the way skaffold would.
    sets = [f"{k}.repository=reg.test/{v}" for k, v in overrides.items()]
    sets += [f"{k}.tag=t1" for k in overrides]
    sets += [f"{k}={str(v).lower()}" for k, v in release.get("setValues", {}).items()]
    args = ["template", "rel", str(CHART)]
    for s in sets:
        args += ["--set", s]
    docs = [d for d in yaml.safe_load_all(helm(*args).stdout) if d]
    used = {c["image"] for d in docs if d["kind"] == "Deployment"
            for c in d["spec"]["template"]["spec"]["containers"] if not c["image"].startswith("redis:")}
    assert used == {f"reg.test/{v}:t1" for v in overrides.values()}
    gpu = variant == "gpu"
    inference = next(a for name, a in images.items() if "inference" in name)
    assert inference["docker"]["buildArgs"]["VARIANT"] == ("gpu" if gpu else "cpu")
    assert release["setValues"]["inference.gpu.enabled"] is gpu
