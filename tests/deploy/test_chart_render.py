"""charts/phiguard with the real helm: lint, render, offline schema validation, and what the chart promises."""

from __future__ import annotations

import base64
import json
import re
import shutil

import pytest
import yaml
from deploytools import (
    CHART,
    CI_IDS,
    CI_VALUES,
    INSTALL_HINT,
    K8S_VERSION,
    by_kind,
    component_of,
    container,
    helm,
    render,
)

# Kinds from CRDs: kubernetes-validate ships only the core API schemas. ServiceMonitor is checked
# structurally below instead (test_service_monitor_scrapes_every_metrics_port), PrometheusRule by
# promtool and the real Prometheus server in test_monitoring.py.
CRD_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor"), ("monitoring.coreos.com/v1", "PrometheusRule")}



def test_ci_values_present():
    assert {"default-values", "gpu-values", "production-values"} <= set(CI_IDS)


@pytest.mark.parametrize("values", CI_VALUES, ids=CI_IDS)
def test_helm_lint_strict(values):
    result = helm("lint", "--strict", str(CHART), "-f", str(values), check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("values", CI_VALUES, ids=CI_IDS)
def test_every_object_validates_offline(values):
    kv = pytest.importorskip("kubernetes_validate", reason=f"kubernetes-validate missing: {INSTALL_HINT}")
    objs = render(values)
    assert objs
    for obj in objs:
        if (obj["apiVersion"], obj["kind"]) in CRD_KINDS:
            continue
        try:
            kv.validate(obj, K8S_VERSION, strict=True)
        except kv.ValidationError as exc:
            pytest.fail(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message} at {list(exc.path)}")


def test_default_render_has_every_piece():
    objs = render()
    kinds = {(o["kind"], o["metadata"]["name"]) for o in objs}
    for comp in ("edge", "auth", "inference", "worker"):
        assert ("Deployment", f"rel-phiguard-{comp}") in kinds
        assert ("PodDisruptionBudget", f"rel-phiguard-{comp}") in kinds
        assert ("NetworkPolicy", f"rel-phiguard-{comp}") in kinds
    for comp in ("edge", "inference", "worker"):
        assert ("HorizontalPodAutoscaler", f"rel-phiguard-{comp}") in kinds
    assert ("HorizontalPodAutoscaler", "rel-phiguard-auth") in kinds  # its own HPA (test_autoscaling.py)
    # Trial defaults: bundled Redis and generated secrets.
    assert ("Deployment", "rel-phiguard-redis") in kinds
    assert ("Secret", "rel-phiguard-secrets") in kinds


def test_pods_are_hardened():
    for values in CI_VALUES:
        for dep in by_kind(render(values), "Deployment").values():
            spec = dep["spec"]["template"]["spec"]
            assert spec["securityContext"]["runAsNonRoot"] is True
            assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
            assert spec["automountServiceAccountToken"] is False
            c = container(dep)
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, dep["metadata"]["name"]
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"]["drop"] == ["ALL"]
            # The only writable path is the /tmp emptyDir.
            mounts = {m["mountPath"] for m in c["volumeMounts"]}
            assert "/tmp" in mounts
            assert "resources" in c and c["resources"]["requests"], dep["metadata"]["name"]
            assert c["resources"]["limits"]["memory"]


def test_grpc_services_get_headless_services_and_dns_targets():
    objs = render()
    services = by_kind(objs, "Service")
    for comp, port in (("inference", 50051), ("auth", 50052)):
        headless = services[f"rel-phiguard-{comp}-headless"]
        assert headless["spec"]["clusterIP"] == "None"
        assert [p["port"] for p in headless["spec"]["ports"]] == [port]
    deps = by_kind(objs, "Deployment")
    edge_env = {e["name"]: e.get("value") for e in container(deps["rel-phiguard-edge"])["env"]}
    worker_env = {e["name"]: e.get("value") for e in container(deps["rel-phiguard-worker"])["env"]}
    target = "dns:///rel-phiguard-inference-headless.phiguard.svc.cluster.local:50051"
    assert edge_env["PHIGUARD_INFERENCE_TARGET"] == target
    assert worker_env["PHIGUARD_INFERENCE_TARGET"] == target
    assert edge_env["PHIGUARD_AUTH_TARGET"] == "dns:///rel-phiguard-auth-headless.phiguard.svc.cluster.local:50052"


def test_probes():
    deps = by_kind(render(), "Deployment")
    edge = container(deps["rel-phiguard-edge"])
    assert edge["livenessProbe"]["httpGet"]["path"] == "/api/v1/health"
    assert edge["readinessProbe"]["httpGet"]["path"] == "/api/v1/ready"
    assert edge["startupProbe"]["httpGet"]["path"] == "/api/v1/health"
    for comp, port in (("inference", 50051), ("auth", 50052)):
        c = container(deps[f"rel-phiguard-{comp}"])
        # Named health services: liveness for the process, readiness for the dependencies (test_probes.py).
        for probe, service in (("startupProbe", "liveness"), ("livenessProbe", "liveness"),
                               ("readinessProbe", "readiness")):
            assert c[probe]["grpc"] == {"port": port, "service": service}, (comp, probe)
    worker = container(deps["rel-phiguard-worker"])
    assert worker["livenessProbe"]["httpGet"] == {"path": "/metrics", "port": "metrics"}


def test_gpu_values_schedule_inference_on_gpu_nodes():
    objs = render(CHART / "ci" / "gpu-values.yaml")
    dep = by_kind(objs, "Deployment")["rel-phiguard-inference"]
    spec = dep["spec"]["template"]["spec"]
    c = container(dep)
    assert c["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert spec["nodeSelector"]["nvidia.com/gpu.present"] == "true"
    assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in spec["tolerations"]
    assert spec["runtimeClassName"] == "nvidia"
    assert c["image"].endswith(":0.1.0-gpu")
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert json.loads(env["PHIGUARD_MODEL_PROVIDERS"]) == ["CUDAExecutionProvider", "CPUExecutionProvider"]
    hpa = by_kind(objs, "HorizontalPodAutoscaler")["rel-phiguard-inference"]
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (1, 3)
    # Other components stay off the GPU pool.
    for name, other in by_kind(objs, "Deployment").items():
        if name != "rel-phiguard-inference":
            assert "nvidia.com/gpu" not in json.dumps(other), name


def test_cpu_inference_pins_the_cpu_provider():
    c = container(by_kind(render(), "Deployment")["rel-phiguard-inference"])
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert json.loads(env["PHIGUARD_MODEL_PROVIDERS"]) == ["CPUExecutionProvider"]
    assert "nvidia.com/gpu" not in json.dumps(c["resources"])


def test_production_values():
    objs = render(CHART / "ci" / "production-values.yaml")
    # Bring-your-own secrets and Redis: the chart creates neither, nor a Redis.
    assert not by_kind(objs, "Secret")
    assert "rel-phiguard-redis" not in by_kind(objs, "Deployment")
    edge = container(by_kind(objs, "Deployment")["rel-phiguard-edge"])
    env = {e["name"]: e for e in edge["env"]}
    assert env["PHIGUARD_REDIS_URL"]["valueFrom"]["secretKeyRef"] == {"name": "phiguard-redis", "key": "url"}
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"] == "http://otel-collector.observability.svc:4317"
    assert env["OTEL_EXPORTER_OTLP_COMPRESSION"]["value"] == "gzip"
    assert json.loads(env["PHIGUARD_CORS_ORIGINS"]["value"]) == ["https://app.example.com"]
    ingress = by_kind(objs, "Ingress")["rel-phiguard"]
    ann = ingress["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/proxy-body-size"] == "50m"
    assert ann["cert-manager.io/cluster-issuer"] == "letsencrypt-prod"
    assert ingress["spec"]["tls"] == [{"secretName": "phiguard-tls", "hosts": ["phiguard.example.com"]}]
    hpas = by_kind(objs, "HorizontalPodAutoscaler")
    inference_metrics = [m["type"] for m in hpas["rel-phiguard-inference"]["spec"]["metrics"]]
    assert inference_metrics == ["Pods"]  # CPU target 0 leaves CPU out on GPU pods
    assert [m["type"] for m in hpas["rel-phiguard-worker"]["spec"]["metrics"]] == ["Resource", "External"]


def test_service_monitor_scrapes_every_metrics_port():
    objs = render(CHART / "ci" / "production-values.yaml")
    (sm,) = [o for o in objs if o["kind"] == "ServiceMonitor"]
    assert sm["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    selector = sm["spec"]["selector"]["matchLabels"]
    scraped = {name: svc for name, svc in by_kind(objs, "Service").items()
               if selector.items() <= svc["metadata"]["labels"].items()}
    assert {component_of(s) for s in scraped.values()} == {"edge", "auth", "inference", "worker"}
    # One scraped Service per component, so no pod is scraped twice.
    assert len(scraped) == 4
    port_names = {e["port"] for e in sm["spec"]["endpoints"]}
    for svc in scraped.values():
        assert port_names <= {p["name"] for p in svc["spec"]["ports"]}


def test_dashboard_configmap_carries_the_dashboard_file():
    objs = render(CHART / "ci" / "production-values.yaml")
    cm = by_kind(objs, "ConfigMap")["rel-phiguard-dashboard"]
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    dashboard = json.loads(cm["data"]["phiguard.json"])
    assert dashboard == json.loads((CHART / "dashboards" / "phiguard.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    assert any("phiguard_http_requests_total" in e for e in exprs)
    assert any("phiguard_grpc_server_requests_total" in e for e in exprs)


def _policy(objs, comp):
    return by_kind(objs, "NetworkPolicy")[f"rel-phiguard-{comp}"]["spec"]


def _components(peers):
    return {p["podSelector"]["matchLabels"].get("app.kubernetes.io/component") for p in peers if "podSelector" in p}


def test_network_policies():
    objs = render()
    edge = _policy(objs, "edge")
    (http, public_grpc, metrics) = edge["ingress"]
    assert http["from"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "ingress-nginx"}
    assert http["ports"] == [{"port": 8000, "protocol": "TCP"}]
    # The public gRPC API: any pod of the cluster by default (API keys decide), never outside it.
    assert public_grpc == {"from": [{"namespaceSelector": {}}], "ports": [{"port": 50053, "protocol": "TCP"}]}
    assert metrics["from"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "monitoring"}
    assert _components(_policy(objs, "inference")["ingress"][0]["from"]) == {"edge", "worker"}
    assert _components(_policy(objs, "auth")["ingress"][0]["from"]) == {"edge"}
    # Worker accepts nothing but scrapes.
    (worker_in,) = _policy(objs, "worker")["ingress"]
    assert worker_in["ports"] == [{"port": 9103, "protocol": "TCP"}]
    for comp in ("edge", "auth", "inference", "worker"):
        spec = _policy(objs, comp)
        assert spec["policyTypes"] == ["Ingress", "Egress"]
        dns = [r for r in spec["egress"] if {"port": 53, "protocol": "UDP"} in r.get("ports", [])]
        assert dns, comp
    # Redis egress only where Redis is used (inference reads the site profiles a call names).
    for comp, uses_redis in (("edge", True), ("auth", True), ("worker", True), ("inference", True)):
        redis_port = {"port": 6379, "protocol": "TCP"}
        redis_rules = [r for r in _policy(objs, comp)["egress"] if redis_port in r.get("ports", [])]
        assert bool(redis_rules) == uses_redis, comp


def _render_values(tmp_path, values: dict) -> list[dict]:
    path = tmp_path / f"values-{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(yaml.safe_dump(values))
    return render(path)


def test_site_profiles_from_values_reach_the_edge(tmp_path):
    values = {"siteProfiles": {"profiles": {"mercy": {
        "lists": [{"name": "facilities", "entity_type": "ORGANIZATION", "entries": ["Mercy Hospital", "MH"]}],
        "allow": ["Pyxis"]}}}}
    objs = _render_values(tmp_path, values)
    secret = by_kind(objs, "Secret")["rel-phiguard-site-profiles"]
    assert json.loads(base64.b64decode(secret["data"]["mercy.json"]))["lists"][0]["entries"] == ["Mercy Hospital", "MH"]
    edge = by_kind(objs, "Deployment")["rel-phiguard-edge"]
    env = {e["name"]: e.get("value") for e in container(edge)["env"]}
    assert env["PHIGUARD_PROFILES_DIR"] == "/etc/phiguard/profiles"
    volumes = {v["name"]: v for v in edge["spec"]["template"]["spec"]["volumes"]}
    assert volumes["site-profiles"]["secret"]["secretName"] == "rel-phiguard-site-profiles"
    existing = _render_values(tmp_path, {"siteProfiles": {"existingConfigMap": "site-lists"}})
    edge = by_kind(existing, "Deployment")["rel-phiguard-edge"]
    volumes = {v["name"]: v for v in edge["spec"]["template"]["spec"]["volumes"]}
    assert volumes["site-profiles"]["configMap"]["name"] == "site-lists"
    assert "rel-phiguard-site-profiles" not in by_kind(existing, "Secret")
    # Without site profiles nothing is mounted.
    plain = container(by_kind(render(), "Deployment")["rel-phiguard-edge"])
    assert "PHIGUARD_PROFILES_DIR" not in {e["name"] for e in plain["env"]}


def test_public_grpc_port_service_and_policies():
    objs = render()
    edge = container(by_kind(objs, "Deployment")["rel-phiguard-edge"])
    assert {"name": "grpc", "containerPort": 50053, "protocol": "TCP"} in edge["ports"]
    env = {e["name"]: e.get("value") for e in edge["env"]}
    assert env["PHIGUARD_EDGE_GRPC_PORT"] == "50053"
    services = by_kind(objs, "Service")
    ports = {p["name"]: p for p in services["rel-phiguard-edge"]["spec"]["ports"]}
    assert ports["grpc"] == {"name": "grpc", "port": 50053, "targetPort": "grpc", "protocol": "TCP",
                             "appProtocol": "kubernetes.io/h2c"}
    headless = services["rel-phiguard-edge-headless"]["spec"]
    assert headless["clusterIP"] == "None" and [p["port"] for p in headless["ports"]] == [50053]
    # The internal services stay internal: only this release's edge (and worker, for inference) reach them,
    # whatever the public port admits.
    wide_open = render(sets=("networkPolicy.grpcClients[0].ipBlock.cidr=0.0.0.0/0",))
    for comp, callers in (("auth", {"edge"}), ("inference", {"edge", "worker"})):
        (grpc_rule, _metrics) = _policy(wide_open, comp)["ingress"]
        assert all("podSelector" in peer and "namespaceSelector" not in peer for peer in grpc_rule["from"])
        assert _components(grpc_rule["from"]) == callers
    assert not [i for i in by_kind(objs, "Ingress").values() if i["metadata"]["name"].endswith("-grpc")]


def test_grpc_ingress_is_http2_with_tls_and_admits_the_controller():
    objs = render(sets=("ingress.enabled=true", "ingress.grpc.enabled=true", "networkPolicy.grpcClients=null"))
    ingress = by_kind(objs, "Ingress")["rel-phiguard-grpc"]
    ann = ingress["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/backend-protocol"] == "GRPC"
    assert ann["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"
    spec = ingress["spec"]
    assert spec["tls"] == [{"secretName": "phiguard-grpc-tls", "hosts": ["grpc.phiguard.example.com"]}]
    (rule,) = spec["rules"]
    backend = rule["http"]["paths"][0]["backend"]["service"]
    assert rule["host"] == "grpc.phiguard.example.com" and backend == {"name": "rel-phiguard-edge",
                                                                       "port": {"name": "grpc"}}
    # With no grpcClients, only the ingress controller reaches the gRPC port.
    (_http, public_grpc, _metrics) = _policy(objs, "edge")["ingress"]
    (peer,) = public_grpc["from"]
    assert peer["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "ingress-nginx"}
    assert public_grpc["ports"] == [{"port": 50053, "protocol": "TCP"}]
    # No peers at all: no rule, so nothing reaches the port.
    closed = render(sets=("networkPolicy.grpcClients=null",))
    assert [r["ports"] for r in _policy(closed, "edge")["ingress"]] == [
        [{"port": 8000, "protocol": "TCP"}], [{"port": 9100, "protocol": "TCP"}]]


def test_no_secret_defaults_and_generated_secrets_differ():
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert values["redis"]["url"] == ""
    assert values["secrets"]["existingSecret"] == ""
    text = (CHART / "values.yaml").read_text().lower()
    assert not re.search(r"(password|secret|key)\s*:\s*['\"]?[a-z0-9_]{16,}", text)
    # Random per render without a cluster (lookup finds nothing), reused from the cluster on upgrade.
    first = helm("template", "rel", str(CHART), "-s", "templates/secret.yaml").stdout
    second = helm("template", "rel", str(CHART), "-s", "templates/secret.yaml").stdout
    assert first != second
    data = next(d for d in yaml.safe_load_all(first) if d and d["metadata"]["name"] == "rel-phiguard-secrets")["data"]
    assert set(data) == {"bootstrap-admin-key", "hmac-secret", "auth-key-pepper", "job-secret"}


def test_autoscaling_without_any_metric_is_refused():
    result = helm("template", "rel", str(CHART), "--set", "worker.autoscaling.targetCPUUtilizationPercentage=0",
                  check=False)
    assert result.returncode != 0
    assert "worker autoscaling has no metric" in result.stderr


def test_redis_without_url_or_bundle_is_refused():
    result = helm("template", "rel", str(CHART), "--set", "redis.bundled.enabled=false", check=False)
    assert result.returncode != 0
    assert "redis.url" in result.stderr


BAD_VALUES = [
    ("edge.replicaCount=-1", "replicaCount"),
    ("inference.gpu.enabled=maybe", "enabled"),
    ("logLevel=VERBOSE", "logLevel"),
    ("edge.image.pullPolicy=Sometimes", "pullPolicy"),
    ("inference.port=70000", "port"),
    ("edge.metricsPort=0", "metricsPort"),
    ("edge.grpcPort=0", "grpcPort"),
    ("ingress.grpc.enabled=maybe", "enabled"),
    ("ingress.grpc.streamTimeoutSeconds=0", "streamTimeoutSeconds"),
    ("containerSecurityContext.readOnlyRootFilesystem=false", "readOnlyRootFilesystem"),
    ("ingress.maxBodySize=lots", "maxBodySize"),
    ("redis.url=http://redis:6379", "url"),
    ("otel.env.PHIGUARD_LOG_LEVEL=DEBUG", "env"),
    ("inference.gpu.providers[0]=CudaProvider", "providers"),
    ("edge.autoscaling.maxReplicas=0", "maxReplicas"),
    ("edge.livenessProbe.path=/x", "livenessProbe"),  # misspelt key at the wrong level
    ("edge.config.PHIGUARD_EDGE_PORT=1", "config"),
    ("monitoring.prometheusRule.alerts.errorRatio.threshold=5", "threshold"),
    ("monitoring.prometheusRule.alerts.errorRatio.grpcCodes[0]=NOT_A_CODE", "grpcCodes"),
    ("monitoring.prometheusRule.alerts.jobOldestAge.for=soon", "for"),
]


@pytest.mark.parametrize(("setting", "field"), BAD_VALUES, ids=[s for s, _ in BAD_VALUES])
def test_values_schema_rejects_bad_values(setting, field):
    result = helm("template", "rel", str(CHART), "--set", setting, check=False)
    assert result.returncode != 0, f"{setting} was accepted"
    assert "values don't meet the specifications of the schema" in result.stderr
    assert field in result.stderr


def test_values_schema_is_valid_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((CHART / "values.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    # helm checks the ci/ overlays against it in the lint and render tests; here the defaults alone.
    jsonschema.validate(yaml.safe_load((CHART / "values.yaml").read_text()), schema)


@pytest.mark.parametrize("values", CI_VALUES, ids=CI_IDS)
def test_notes_render(values, tmp_path):
    # `helm install --dry-run` needs a cluster, and `helm template` skips NOTES.txt: render it through a
    # copy of the chart where the same text is a named template emitted as a ConfigMap value.
    chart = tmp_path / "phiguard"
    shutil.copytree(CHART, chart)
    notes = (chart / "templates" / "NOTES.txt").read_text()
    (chart / "templates" / "_notes_check.tpl").write_text('{{- define "notesCheck" -}}\n' + notes + "{{- end -}}\n")
    (chart / "templates" / "notes-check.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\n"
        "data:\n  notes: {{ include \"notesCheck\" . | toJson }}\n")
    out = helm("template", "rel", str(chart), "-n", "phiguard", "-f", str(values),
               "--show-only", "templates/notes-check.yaml").stdout
    text = yaml.safe_load(out)["data"]["notes"]
    assert "get secret rel-phiguard-secrets" in text or "get secret phiguard-secrets" in text
    assert "dns:///rel-phiguard-inference-headless.phiguard.svc.cluster.local:50051" in text
    assert "dns:///rel-phiguard-edge-headless.phiguard.svc.cluster.local:50053" in text
    gpu = yaml.safe_load(values.read_text() or "{}") or {}
    if gpu.get("inference", {}).get("gpu", {}).get("enabled"):
        assert "GPU nodes (1 x nvidia.com/gpu per pod)" in text
    if values.stem == "default-values":
        assert "bundled single-node Redis" in text and "port-forward svc/rel-phiguard-edge" in text
