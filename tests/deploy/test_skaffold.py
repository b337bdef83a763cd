"""skaffold.yaml: valid against the current published schema (v4beta14, vendored: no skaffold binary is installable
here), with cpu and gpu profiles, and every artifact, Dockerfile, chart path and image template points at something
real: the chart is rendered with the values skaffold would set."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from deploytools import CHART, ROOT, helm

TEMPLATE = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")
SCHEMA = ROOT / "tests" / "deploy" / "schemas" / "skaffold-v4beta14.json"


def config() -> dict:
    return yaml.safe_load((ROOT / "skaffold.yaml").read_text())


def test_schema_valid():
    jsonschema = pytest.importorskip("jsonschema")
    cfg = config()
    assert cfg["apiVersion"] == "skaffold/v4beta14"
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [f"{list(e.path)}: {e.message[:200]}" for e in validator.iter_errors(cfg)]
    assert not errors
    # The schema catches misspelt and removed fields, so a pass means something.
    bad = config()
    bad["deploy"]["helm"]["releases"][0]["chartpath"] = "x"
    assert list(validator.iter_errors(bad))
    old = config()
    old["deploy"]["helm"]["releases"][0]["artifactOverrides"] = {"edge.image": "phiguard-edge"}  # v2beta only
    assert list(validator.iter_errors(old))


def _variants(cfg):
    yield "default", cfg["build"], cfg["deploy"]
    for profile in cfg["profiles"]:
        yield profile["name"], profile["build"], profile["deploy"]


def test_profiles():
    assert [p["name"] for p in config()["profiles"]] == ["cpu", "gpu"]


def _template_key(image: str) -> str:
    # Skaffold's template names: the image name with every character outside [A-Za-z0-9_] as '_'.
    return re.sub(r"\W", "_", image)


@pytest.mark.parametrize("variant", ["default", "cpu", "gpu"])
def test_artifacts_and_templates_fit_the_chart(variant):
    cfg = config()
    _, build, deploy = next(v for v in _variants(cfg) if v[0] == variant)
    images = {}
    for art in build["artifacts"]:
        dockerfile = ROOT / art.get("context", ".") / art["docker"]["dockerfile"]
        assert dockerfile.is_file(), dockerfile
        images[art["image"]] = art
    (release,) = deploy["helm"]["releases"]
    assert (ROOT / release["chartPath"]).resolve() == CHART.resolve()
    templates = release["setValueTemplates"]
    # What skaffold fills in after building: IMAGE_REPO_<x> and IMAGE_TAG_<x> of each built image.
    values = {}
    for image in images:
        values[f"IMAGE_REPO_{_template_key(image)}"] = f"reg.test/{image}"
        values[f"IMAGE_TAG_{_template_key(image)}"] = "t1"
    referenced = set()
    sets = []
    for key, template in templates.items():
        names = TEMPLATE.findall(template)
        assert names and all(n in values for n in names), (key, template)
        referenced |= set(names)
        filled = TEMPLATE.sub(lambda m: values[m.group(1)], template)
        sets.append(f"{key}={filled}")
    assert referenced == set(values), "every built image is deployed and vice versa"
    sets += [f"{k}={str(v).lower()}" for k, v in release.get("setValues", {}).items()]
    args = ["template", "rel", str(CHART)]
    for s in sets:
        args += ["--set", s]
    docs = [d for d in yaml.safe_load_all(helm(*args).stdout) if d]
    used = {c["image"] for d in docs if d["kind"] == "Deployment"
            for c in d["spec"]["template"]["spec"]["containers"] if not c["image"].startswith("redis:")}
    assert used == {f"reg.test/{image}:t1" for image in images}
    gpu = variant == "gpu"
    inference = next(a for name, a in images.items() if "inference" in name)
    assert inference["docker"]["buildArgs"]["VARIANT"] == ("gpu" if gpu else "cpu")
    assert release["setValues"]["inference.gpu.enabled"] is gpu
