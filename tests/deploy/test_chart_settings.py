"""The chart sets only what the services really read: every PHIGUARD_* variable is a field of the right
settings class and parses there, ports match the services' defaults, and the probes hit real routes."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import re

import pytest
import yaml
from deploytools import CHART, CI_IDS, CI_VALUES, SETTINGS, by_kind, component_of, container, render

# Read with os.environ, not through a settings class (phiguard.common.version).
PLAIN_ENV = {"PHIGUARD_BUILD"}


def settings_class(component: str):
    module, name = SETTINGS[component]
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"{module}.{name} is not importable yet ({type(exc).__name__})")


def app_deployments(values):
    return {component_of(d): d for d in by_kind(render(values), "Deployment").values()
            if component_of(d) in SETTINGS}


@pytest.mark.parametrize("values", CI_VALUES, ids=CI_IDS)
@pytest.mark.parametrize("component", sorted(SETTINGS))
def test_every_phiguard_variable_is_a_settings_field(values, component, monkeypatch):
    cls = settings_class(component)
    env = container(app_deployments(values)[component])["env"]
    names = [e["name"] for e in env]
    assert len(names) == len(set(names)), f"duplicate variables: {names}"
    fields = set(cls.model_fields)
    for e in env:
        name = e["name"]
        if not name.startswith("PHIGUARD_") or name in PLAIN_ENV:
            continue
        field = name.removeprefix("PHIGUARD_").lower()
        assert field in fields, f"{component}: {name} is not a field of {cls.__name__}"
    # And the values parse: build the settings object from exactly this environment.
    for key in list(os.environ):
        if key.startswith("PHIGUARD_"):
            monkeypatch.delenv(key)
    for e in env:
        if e["name"].startswith("PHIGUARD_"):
            monkeypatch.setenv(e["name"], e.get("value", "from-a-secret-ref"))
    settings = cls()
    for e in env:
        if "value" in e and e["name"].startswith("PHIGUARD_") and e["name"] not in PLAIN_ENV:
            got = getattr(settings, e["name"].removeprefix("PHIGUARD_").lower())
            if isinstance(got, list):
                assert got == json.loads(e["value"])


def _defaults(component):
    cls = settings_class(component)
    return {name: f.default for name, f in cls.model_fields.items()}


@pytest.mark.parametrize("component", ["edge", "auth", "inference"])
def test_ports_match_service_defaults(component):
    values = yaml.safe_load((CHART / "values.yaml").read_text())[component]
    defaults = _defaults(component)
    assert values["port"] == defaults[f"{component}_port"]
    assert values["metricsPort"] == defaults[f"{component}_metrics_port"]
    c = container(app_deployments(CI_VALUES[0])[component])
    env = {e["name"]: e.get("value") for e in c["env"]}
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    main = "http" if component == "edge" else "grpc"
    assert ports[main] == int(env[f"PHIGUARD_{component.upper()}_PORT"]) == values["port"]
    assert ports["metrics"] == int(env[f"PHIGUARD_{component.upper()}_METRICS_PORT"]) == values["metricsPort"]
    # Bound on every interface: the services default to loopback, which a pod's probes cannot reach.
    assert env[f"PHIGUARD_{component.upper()}_HOST"] == "0.0.0.0"


def test_worker_metrics_port_and_host():
    defaults = _defaults("worker")
    values = yaml.safe_load((CHART / "values.yaml").read_text())["worker"]
    assert values["metricsPort"] == defaults["worker_metrics_port"]
    c = container(app_deployments(CI_VALUES[0])["worker"])
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert env["PHIGUARD_WORKER_HOST"] == "0.0.0.0"
    assert c["ports"] == [{"name": "metrics", "containerPort": values["metricsPort"], "protocol": "TCP"}]


def test_entry_points_exist():
    for component, dep in app_deployments(CI_VALUES[0]).items():
        (module,) = container(dep)["args"]
        assert module == f"phiguard.{component}"
        assert importlib.util.find_spec(module) is not None, f"{module} not found"


def test_secrets_reach_the_services_that_read_them():
    deps = app_deployments(CI_VALUES[0])
    def from_secret(component):
        return {e["name"] for e in container(deps[component])["env"]
                if "secretKeyRef" in e.get("valueFrom", {})}
    assert from_secret("auth") == {"PHIGUARD_REDIS_URL", "PHIGUARD_BOOTSTRAP_ADMIN_KEY", "PHIGUARD_AUTH_KEY_PEPPER"}
    # Site profiles: inference reads them from Redis and opens them, the edge seals them, with the HMAC secret.
    assert from_secret("inference") == {"PHIGUARD_HMAC_SECRET", "PHIGUARD_REDIS_URL"}
    # Job inputs and results are encrypted in Redis: edge and worker share the job secret.
    assert from_secret("edge") == {"PHIGUARD_REDIS_URL", "PHIGUARD_JOB_SECRET", "PHIGUARD_HMAC_SECRET"}
    assert from_secret("worker") == {"PHIGUARD_REDIS_URL", "PHIGUARD_JOB_SECRET"}


def test_edge_probe_paths_are_real_routes():
    settings_class("edge")
    from phiguard.edge.main import API_PREFIX, create_app  # noqa: PLC0415 - needs generated stubs
    from phiguard.edge.routers import meta  # noqa: PLC0415

    # The routes the app mounts (main.py includes every router under API_PREFIX) and publishes.
    paths = {API_PREFIX + r.path for r in meta.router.routes}
    assert paths <= set(create_app().openapi()["paths"])
    c = container(app_deployments(CI_VALUES[0])["edge"])
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"]["path"] in paths


def test_grpc_servers_register_the_health_service_probes_call():
    # Native gRPC probes call grpc.health.v1.Health/Check with service "": the shared server sets it.
    from phiguard.common import grpc_server  # noqa: PLC0415

    source = inspect.getsource(grpc_server.GrpcService)
    assert "add_HealthServicer_to_server" in source
    assert re.search(r'for name in \(""', source)


def test_otel_variables_are_standard():
    c = container(app_deployments(CHART / "ci" / "production-values.yaml")["edge"])
    otel = {e["name"] for e in c["env"] if e["name"].startswith("OTEL_")}
    assert {"OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
            "OTEL_RESOURCE_ATTRIBUTES"} <= otel


def test_ingress_body_limit_admits_what_edge_accepts():
    # Past the ingress limit nginx answers its own HTML 413; edge's JSON 413 only shows if the ingress lets
    # the body through, so the ingress must allow at least edge's largest body.
    defaults = _defaults("edge")
    size = yaml.safe_load((CHART / "values.yaml").read_text())["ingress"]["maxBodySize"]
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", size).groups()
    limit = int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]
    largest = max(v for k, v in defaults.items() if k.startswith("max_") and k.endswith("_bytes"))
    assert limit >= largest
