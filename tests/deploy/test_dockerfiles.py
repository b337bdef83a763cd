"""The service Dockerfiles: hadolint-clean, non-root, read-only friendly, and their steps really work here
(no Docker engine on CI, so the build steps that matter are exercised directly)."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from deploytools import INSTALL_HINT, ROOT, SETTINGS, require_tool

DOCKERFILES = {svc: ROOT / "services" / svc / "Dockerfile" for svc in ("edge", "auth", "inference")}
# Service -> (entry module, ports the image serves). The worker runs from the edge image.
IMAGES = {
    "edge": ("phiguard.edge", {"edge_port", "edge_grpc_port", "edge_metrics_port"}, ["worker"]),
    "auth": ("phiguard.auth", {"auth_port", "auth_metrics_port"}, []),
    "inference": ("phiguard.inference", {"inference_port", "inference_metrics_port"}, []),
}


def instructions(path: Path) -> list[dict]:
    parser_mod = pytest.importorskip("dockerfile_parse", reason=f"dockerfile-parse missing: {INSTALL_HINT}")
    parser = parser_mod.DockerfileParser(path=str(path), env_replace=False)
    return parser.structure


def stages(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    current = None
    for ins in instructions(path):
        if ins["instruction"] == "FROM":
            current = ins["value"].split()[-1] if " AS " in ins["value"].upper() else ins["value"]
            out[current] = [ins]
        elif current is not None:
            out[current].append(ins)
    return out


def final(path: Path) -> list[dict]:
    return list(stages(path).values())[-1]


def args_defaults(path: Path) -> dict[str, str]:
    out = {}
    for ins in instructions(path):
        if ins["instruction"] == "ARG" and "=" in ins["value"]:
            k, v = ins["value"].split("=", 1)
            out.setdefault(k, v)
    return out


@pytest.mark.parametrize("service", sorted(DOCKERFILES))
def test_hadolint(service):
    hadolint = require_tool("hadolint")
    result = subprocess.run([hadolint, "--no-color", str(DOCKERFILES[service])], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("service", sorted(DOCKERFILES))
def test_runtime_stage_is_slim_non_root_and_read_only_friendly(service):
    path = DOCKERFILES[service]
    runtime = final(path)
    # The public slim image stays the default, pinned by digest.
    assert re.fullmatch(r"python:3\.11-slim(-bookworm)?@sha256:[0-9a-f]{64}", args_defaults(path)["PYTHON_IMAGE"])
    users = [i["value"] for i in runtime if i["instruction"] == "USER"]
    assert users and users[-1].split(":")[0].isdigit() and users[-1].split(":")[0] != "0", users
    env = " ".join(i["value"] for i in runtime if i["instruction"] == "ENV")
    # No bytecode writes at run time (the root filesystem is read-only); HOME and TMPDIR on the /tmp emptyDir.
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "HOME=/tmp" in env and "TMPDIR=/tmp" in env
    assert any("compileall" in i["value"] for i in instructions(path) if i["instruction"] == "RUN")
    assert f"PHIGUARD_{service.upper()}_HOST=0.0.0.0" in env
    # Only copies from earlier stages and the source tree: no build tools in the final image.
    assert not [i for i in runtime if i["instruction"] == "RUN" and "pip install" in i["value"]]


@pytest.mark.parametrize("service", sorted(DOCKERFILES))
def test_entry_point_and_ports_match_the_service(service):
    path = DOCKERFILES[service]
    runtime = final(path)
    module, port_fields, _ = IMAGES[service]
    entry = next(i["value"] for i in runtime if i["instruction"] == "ENTRYPOINT")
    cmd = next(i["value"] for i in runtime if i["instruction"] == "CMD")
    assert entry.replace(" ", "") == '["python","-m"]'
    assert cmd.replace(" ", "") == f'["{module}"]'
    exposed = {int(p) for i in runtime if i["instruction"] == "EXPOSE" for p in i["value"].split()}
    mod, cls = SETTINGS[service]
    settings = getattr(__import__(mod, fromlist=[cls]), cls)
    assert {settings.model_fields[f].default for f in port_fields} <= exposed


@pytest.mark.parametrize("service", sorted(DOCKERFILES))
def test_copy_sources_exist_and_reach_the_build_context(service):
    path = DOCKERFILES[service]
    ignore = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    allowed = {p.lstrip("!").strip("/") for p in ignore if p.startswith("!")}
    copied_services = set()
    for ins in instructions(path):
        if ins["instruction"] != "COPY" or "--from=" in ins["value"]:
            continue
        *sources, _dest = ins["value"].split()
        for src in sources:
            top = src.strip("/").split("/")[0]
            assert top in allowed, f"{src} is outside the .dockerignore allow-list"
            if src.rstrip("/") == "models":
                continue  # filled by the model export; the image build needs it, a checkout may not have it
            assert (ROOT / src).exists(), f"{src} does not exist"
            m = re.match(r"services/(\w+)/phiguard/?$", src)
            if m:
                copied_services.add(m.group(1))
    expected = {"common", service, *IMAGES[service][2]}
    assert copied_services == expected
    # Generated stubs never come from a developer's tree.
    assert any(fnmatch.fnmatch("services/common/phiguard/v1/", p) or p.rstrip("/") == "services/common/phiguard/v1"
               for p in ignore)


def _protoc_command(path: Path) -> str:
    protos_stage = stages(path)["protos"]
    (run,) = [i["value"] for i in protos_stage if i["instruction"] == "RUN" and "grpc_tools.protoc" in i["value"]]
    return run


@pytest.mark.parametrize("service", sorted(DOCKERFILES))
def test_protos_stage_matches_make_protos(service):
    path = DOCKERFILES[service]
    pins = (ROOT / "requirements-dev.txt").read_text()
    tools_pin = re.search(r"^grpcio-tools==(\S+)", pins, re.M).group(1)
    install = next(i["value"] for i in stages(path)["protos"]
                   if i["instruction"] == "RUN" and "pip install" in i["value"])
    assert f"grpcio-tools=={tools_pin}" in install
    run = _protoc_command(path)
    make = (ROOT / "Makefile").read_text()
    for flag in ("--python_out", "--pyi_out", "--grpc_python_out", "-Iprotos"):
        assert flag in run and flag in make


def test_protos_stage_generates_importable_stubs(tmp_path):
    pytest.importorskip("grpc_tools", reason="grpcio-tools missing")
    run = _protoc_command(DOCKERFILES["edge"])
    # The stage's own command, with python pointed at this interpreter, in a copy of its WORKDIR.
    (tmp_path / "protos").symlink_to(ROOT / "protos")
    script = run.replace("python -m grpc_tools.protoc", f"{sys.executable} -m grpc_tools.protoc")
    subprocess.run(["sh", "-c", script], cwd=tmp_path, check=True, timeout=60)
    gen = tmp_path / "gen"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(gen), str(ROOT / "services" / "common")])}
    probe = "from phiguard.v1 import inference_pb2_grpc, auth_pb2_grpc; print('ok')"
    # The image merges gen/phiguard/v1 into the same namespace package as phiguard.common.
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


def _deps_script(variant: str, tmp_path: Path) -> str:
    path = DOCKERFILES["inference"]
    (run,) = [i["value"] for i in stages(path)["deps"] if i["instruction"] == "RUN" and "pip install" in i["value"]
              and "VARIANT" in i["value"]]
    req = tmp_path / "services" / "inference" / "requirements.txt"
    req.parent.mkdir(parents=True, exist_ok=True)
    req.write_text((ROOT / "services" / "inference" / "requirements.txt").read_text())
    # Everything but the pip call runs as in the image; pip is replaced by printing the file it would install.
    script = re.sub(r"/opt/venv/bin/pip install [^\"]*-r ", "cat ", run)
    script = script.replace("/tmp/requirements-gpu.txt", str(tmp_path / "requirements-gpu.txt"))
    out = subprocess.run(["sh", "-c", script], cwd=tmp_path, env={**os.environ, "VARIANT": variant},
                         capture_output=True, text=True, check=True, timeout=30)
    return out.stdout


def test_inference_gpu_variant_swaps_onnxruntime_for_the_gpu_build_at_the_same_pin(tmp_path):
    pin = re.search(r"^onnxruntime==(\S+)", (ROOT / "services/inference/requirements.txt").read_text(), re.M).group(1)
    cpu = _deps_script("cpu", tmp_path)
    gpu = _deps_script("gpu", tmp_path)
    assert f"onnxruntime=={pin}" in cpu.splitlines()
    assert f"onnxruntime-gpu[cuda,cudnn]=={pin}" in gpu.splitlines()
    assert not [line for line in gpu.splitlines() if line.startswith("onnxruntime==")]
    # Everything else identical.
    def others(text):
        return [x for x in text.splitlines() if "onnxruntime" not in x]

    assert others(cpu) == others(gpu)


def test_inference_image_variants_and_model():
    path = DOCKERFILES["inference"]
    args = args_defaults(path)
    assert args["VARIANT"] == "cpu"
    # One slim base for both variants: the GPU build gets CUDA from the wheel's own pip extras, so no CUDA
    # base image (whose CUDA major version could disagree with the wheel's) and no stage chosen by variable.
    assert "CUDA_IMAGE" not in args
    froms = [i["value"] for i in instructions(path) if i["instruction"] == "FROM"]
    assert all(f.startswith("${PYTHON_IMAGE} AS ") for f in froms), froms
    runtime = final(path)
    assert any(i["instruction"] == "COPY" and i["value"].split()[0] == "models/" for i in runtime)
    env = " ".join(i["value"] for i in runtime if i["instruction"] == "ENV")
    assert "PHIGUARD_MODEL_DIR=/app/models/${MODEL_NAME}" in env
    # The chart's default model folder is the one the image bakes in by default.
    import yaml  # noqa: PLC0415

    values = yaml.safe_load((ROOT / "charts/phiguard/values.yaml").read_text())
    assert values["inference"]["modelDir"] == f"/app/models/{args['MODEL_NAME']}"


def _wheel_requires() -> tuple[str, list[str]]:
    text = (ROOT / "tests" / "deploy" / "data" / "onnxruntime-gpu.requires.txt").read_text()
    version = re.search(r"^Version: (\S+)", text, re.M).group(1)
    return version, re.findall(r"^Requires-Dist: (.+)$", text, re.M)


def test_gpu_image_gets_the_cuda_major_the_wheel_links(tmp_path):
    """onnxruntime-gpu 1.31.1's CUDA provider links libcudart.so.13 / libcublas*.so.13 and cuDNN 9: its `cuda`
    and `cudnn` extras (PyPI metadata, kept in tests/deploy/data) pull exactly those as pip wheels. The GPU
    image must install both extras of the pinned version, and the kept metadata must be the pinned version's."""
    pin = re.search(r"^onnxruntime==(\S+)", (ROOT / "services/inference/requirements.txt").read_text(), re.M).group(1)
    version, requires = _wheel_requires()
    assert version == pin, "the pin moved: refresh tests/deploy/data/onnxruntime-gpu.requires.txt from PyPI"
    cuda = [r for r in requires if 'extra == "cuda"' in r]
    cudnn = [r for r in requires if 'extra == "cudnn"' in r]
    assert any(r.startswith("nvidia-cuda-runtime~=13.") for r in cuda), cuda
    assert any(r.startswith("nvidia-cudnn-cu13~=9.") for r in cudnn), cudnn
    gpu = _deps_script("gpu", tmp_path)
    (line,) = [x for x in gpu.splitlines() if x.startswith("onnxruntime-gpu")]
    extras = set(re.search(r"\[([^]]+)\]", line).group(1).split(","))
    assert {"cuda", "cudnn"} <= extras
    # Nothing else in the image brings another CUDA major version.
    text = DOCKERFILES["inference"].read_text()
    assert not re.search(r"^FROM .*nvidia/cuda", text, re.M)
    assert not re.search(r"cuda:?12|cu12", text)


@pytest.mark.parametrize("service", sorted(DOCKERFILES))
def test_no_buildkit_only_syntax(service):
    """buildah 1.28 (and the classic builder) reject BuildKit-only syntax: a `# syntax=` frontend, RUN --mount,
    heredocs, and FROM lines that name a stage through a variable (`FROM base-${VARIANT}`)."""
    text = DOCKERFILES[service].read_text()
    assert not re.search(r"^#\s*syntax=", text, re.M | re.I)
    assert not re.search(r"^RUN\s+--mount", text, re.M)
    assert "<<" not in text
    stage_names: set[str] = set()
    for ins in instructions(DOCKERFILES[service]):
        if ins["instruction"] != "FROM":
            continue
        image = ins["value"].split()[0]
        # A variable may only be the whole image reference (a global ARG), never part of a stage name.
        assert image in stage_names or image == "${PYTHON_IMAGE}", ins["value"]
        stage_names.add(ins["value"].split()[-1])
