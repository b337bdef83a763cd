"""Image references: image.digest pins an image (repository@sha256:...), global.imageRegistry sends every image,
the bundled Redis included, through a mirror."""

from __future__ import annotations

import subprocess

import pytest
from deploytools import CHART, by_kind, container, helm, render

DIGEST = "sha256:" + "0123456789abcdef" * 4


def images(*sets: str) -> dict[str, str]:
    return {name.removeprefix("rel-phiguard-"): container(d)["image"]
            for name, d in by_kind(render(sets=sets), "Deployment").items()}


def test_defaults_are_tags():
    got = images()
    assert got["edge"] == "ghcr.io/phiguard/edge:0.1.0" and got["worker"] == got["edge"]
    assert got["redis"] == "redis:7.4-alpine"


def test_digest_pins_each_image():
    got = images(f"edge.image.digest={DIGEST}", f"auth.image.digest={DIGEST}", f"inference.image.digest={DIGEST}",
                 f"redis.bundled.image.digest={DIGEST}")
    for component in ("edge", "worker", "auth", "inference", "redis"):
        assert got[component].endswith(f"@{DIGEST}") and ":0.1.0" not in got[component], got[component]
    assert got["worker"] == f"ghcr.io/phiguard/edge@{DIGEST}"
    gpu = images("inference.gpu.enabled=true", f"inference.gpu.image.digest={DIGEST}")
    assert gpu["inference"] == f"ghcr.io/phiguard/inference@{DIGEST}"


def test_global_registry_rewrites_every_image():
    got = images("global.imageRegistry=mirror.example:5000", f"auth.image.digest={DIGEST}")
    assert got["edge"] == "mirror.example:5000/phiguard/edge:0.1.0"
    assert got["auth"] == f"mirror.example:5000/phiguard/auth@{DIGEST}"
    assert got["redis"] == "mirror.example:5000/redis:7.4-alpine"
    assert all(v.startswith("mirror.example:5000/") for v in got.values())


@pytest.mark.parametrize("bad", ["edge.image.digest=latest", "edge.image.digest=sha256:abc"])
def test_schema_rejects_malformed_digests(bad):
    with pytest.raises(subprocess.CalledProcessError):
        helm("template", "rel", str(CHART), "--set", bad)
