"""The chart's Grafana dashboard and PrometheusRule alerts against the running stack.

Every metric an expression names must be one the services really export (scraped from the session
stack), and the real Prometheus server, scraping the stack as the ServiceMonitor would, must evaluate
every expression and rule without error, with the alerts' label selectors matching the scraped series.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
import yaml
from deploytools import CHART, by_kind, component_of, render
from procs import die_with_parent, free_port
from prometheus_client.parser import text_string_to_metric_families
from stack import terminate_all

promql = pytest.importorskip("promql_parser", reason="promql-parser missing: make install (requirements-dev.txt)")

NAMESPACE = "phiguard"  # what deploytools.render() renders into, release "rel"
COMPONENTS = ("edge", "auth", "inference", "worker")
# Series that come from outside the services, named on purpose: Prometheus itself (one `up` per
# scrape target), kube-state-metrics (pod readiness) and NVIDIA's dcgm-exporter (GPU use). Any other
# name in an expression must be in the stack's own /metrics output.
EXTERNAL = {
    "up": "Prometheus, per scrape target",
    "kube_pod_status_ready": "kube-state-metrics",
    "DCGM_FI_DEV_GPU_UTIL": "NVIDIA dcgm-exporter",
}
# Grafana's variables, as a query against this stack would fill them in.
GRAFANA_VARS = {"__rate_interval": "1m", "__interval": "15s", "__range": "5m", "namespace": NAMESPACE}


def _fill(expr: str) -> str:
    def var(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        assert name in GRAFANA_VARS, f"unknown dashboard variable ${name}"
        return GRAFANA_VARS[name]
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", var, expr)


@pytest.fixture(scope="module")
def chart() -> list[dict]:
    # Production values turn on the ServiceMonitor, the PrometheusRule and the dashboard ConfigMap.
    return render(CHART / "ci" / "production-values.yaml")


def dashboard_exprs(objs: list[dict]) -> dict[str, str]:
    dashboard = json.loads(by_kind(objs, "ConfigMap")["rel-phiguard-dashboard"]["data"]["phiguard.json"])
    exprs = {f"panel {p['title']!r} {t['refId']}": _fill(t["expr"]) for p in dashboard["panels"] for t in p["targets"]}
    for var in dashboard["templating"]["list"]:
        if var["type"] == "query":
            # label_values(metric, label) is Grafana's, not PromQL: the metric it reads is what counts.
            m = re.fullmatch(r"label_values\((\w+),\s*\w+\)", var["query"]["query"])
            assert m, var["query"]
            exprs[f"variable {var['name']}"] = m.group(1)
    return exprs


def alert_rules(objs: list[dict]) -> list[dict]:
    (rule,) = by_kind(objs, "PrometheusRule").values()
    return [r for g in rule["spec"]["groups"] for r in g["rules"]]


def metric_names(expr: str) -> set[str]:
    """Every metric a PromQL expression reads, by the real parser (a syntax error fails here)."""
    names: set[str] = set()

    def visit(node) -> None:
        if isinstance(node, promql.VectorSelector):
            if node.name:
                names.add(node.name)
                return
            by_name = [m for m in node.matchers.matchers if m.name == "__name__"]
            assert by_name and str(by_name[0].op) == "MatchOp.Equal", f"cannot tell which metric {node} reads"
            names.add(by_name[0].value)

    promql.walk(promql.parse(expr), visit)
    return names


def not_exported(exprs: dict[str, str], exported: set[str]) -> dict[str, list[str]]:
    missing = {where: sorted(metric_names(e) - exported - EXTERNAL.keys()) for where, e in exprs.items()}
    return {where: names for where, names in missing.items() if names}


def exported_names(stack) -> set[str]:
    """Sample names on every service's /metrics: counters as *_total, histograms as *_bucket/_sum/_count."""
    names = set()
    for comp in COMPONENTS:
        port = stack.env[f"PHIGUARD_{comp.upper()}_METRICS_PORT"]
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        names |= {s.name for family in text_string_to_metric_families(text) for s in family.samples}
    return names


@pytest.fixture(scope="module")
def exercised(stack):
    """The session stack after a request on every path the panels graph: sync calls and one finished job."""
    headers = {"X-API-Key": stack.admin_key}
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers=headers, timeout=30) as client:
        assert client.post("/detect", json={"text": "Seen 03/04/2021, SSN 123-45-6789"}).status_code == 200
        assert client.post("/deidentify", json={"text": "Call 617-555-0142"}).status_code == 200
        job = client.post("/process/async", json={"documents": [{"id": "a", "text": "SSN 123-45-6789"}]}).json()
        deadline = time.monotonic() + 60
        while client.get(f"/process/status/{job['job_id']}").json()["status"] != "succeeded":
            assert time.monotonic() < deadline, "the job did not finish"
            time.sleep(0.2)
    return stack


def test_every_expression_names_a_metric_the_stack_exports(exercised, chart):
    exported = exported_names(exercised)
    # The job queue gauges come from the worker's collector (read from Redis at each scrape).
    assert {"phiguard_jobs_queue_depth", "phiguard_jobs_in_progress", "phiguard_jobs_oldest_age_seconds"} <= exported
    exprs = dashboard_exprs(chart) | {f"alert {r['alert']}": r["expr"] for r in alert_rules(chart)}
    assert len(exprs) > 20
    assert not_exported(exprs, exported) == {}


def test_the_check_catches_a_name_nobody_exports(exercised):
    exported = exported_names(exercised)
    exprs = {"bogus": 'sum(rate(phiguard_bogus_total{job="x"}[5m])) / sum(rate(phiguard_http_requests_total[5m]))',
             "histogram family name": "phiguard_inference_batch_size",
             "by __name__": '{__name__="phiguard_also_bogus"}'}
    assert not_exported(exprs, exported) == {"bogus": ["phiguard_bogus_total"],
                                             "histogram family name": ["phiguard_inference_batch_size"],
                                             "by __name__": ["phiguard_also_bogus"]}


def test_alert_thresholds_come_from_values(chart):
    rules = {r["alert"]: r for r in alert_rules(chart)}
    assert set(rules) >= {"PhiguardEdgeErrorRatioHigh", "PhiguardGrpcErrorRatioHigh", "PhiguardEdgeLatencyP99High",
                          "PhiguardInferenceLatencyP99High", "PhiguardJobOldestAgeHigh", "PhiguardJobQueueDepthHigh",
                          "PhiguardPodNotReady", "PhiguardTargetDown"}
    objs = render(CHART / "ci" / "production-values.yaml",
                  sets=("monitoring.prometheusRule.alerts.jobOldestAge.thresholdSeconds=120",
                        "monitoring.prometheusRule.alerts.errorRatio.for=3m"))
    changed = {r["alert"]: r for r in alert_rules(objs)}
    assert changed["PhiguardJobOldestAgeHigh"]["expr"].rstrip().endswith("> 120")
    assert changed["PhiguardGrpcErrorRatioHigh"]["for"] == "3m"
    # Off by default, like the ServiceMonitor: the CRD may not exist in the cluster.
    assert not by_kind(render(), "PrometheusRule")


# --- the real Prometheus server --------------------------------------------------------------------


@pytest.fixture(scope="module")
def prometheus(exercised, chart, tmp_path_factory) -> Iterator[str]:
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.skip("the prometheus server is not installed (apt-get install prometheus; CI does)")
    work = tmp_path_factory.mktemp("prometheus")
    (rule,) = by_kind(chart, "PrometheusRule").values()
    (work / "rules.yml").write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}))
    # One job per Service the ServiceMonitor selects, named as the Operator names them (the Service's
    # name), with the namespace and component labels its relabelling adds.
    selector = next(iter(by_kind(chart, "ServiceMonitor").values()))["spec"]["selector"]["matchLabels"]
    services = [s for s in by_kind(chart, "Service").values() if selector.items() <= s["metadata"]["labels"].items()]
    assert sorted(component_of(s) for s in services) == sorted(COMPONENTS)
    ports = {c: exercised.env[f"PHIGUARD_{c.upper()}_METRICS_PORT"] for c in COMPONENTS}
    jobs = [{"job_name": s["metadata"]["name"],
             "static_configs": [{"targets": [f"127.0.0.1:{ports[component_of(s)]}"],
                                 "labels": {"namespace": NAMESPACE, "component": component_of(s)}}]}
            for s in services]
    config = {"global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
              "rule_files": [str(work / "rules.yml")], "scrape_configs": jobs}
    (work / "prometheus.yml").write_text(yaml.safe_dump(config))
    promtool = shutil.which("promtool")
    if promtool:
        for args in (["check", "rules", str(work / "rules.yml")], ["check", "config", str(work / "prometheus.yml")]):
            result = subprocess.run([promtool, *args], capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stdout + result.stderr
    port = free_port()
    log = open(work / "prometheus.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [binary, f"--config.file={work / 'prometheus.yml'}", f"--web.listen-address=127.0.0.1:{port}",
         f"--storage.tsdb.path={work / 'data'}"],
        stdout=log, stderr=log, preexec_fn=die_with_parent)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline, targets = time.monotonic() + 60, []
        while True:
            assert proc.poll() is None, (work / "prometheus.log").read_text()[-3000:]
            try:
                reply = httpx.get(f"{url}/api/v1/targets", timeout=2)
            except httpx.TransportError:
                reply = None  # not listening yet
            if reply is not None and reply.status_code == 200:  # 503 while it starts
                targets = reply.json()["data"]["activeTargets"]
                if len(targets) == len(jobs) and all(t["health"] == "up" for t in targets):
                    break
            assert time.monotonic() < deadline, f"targets not up: {targets}"
            time.sleep(0.25)
        yield url
    finally:
        terminate_all({"prometheus": proc})
        log.close()


def _query(url: str, expr: str) -> list[dict]:
    reply = httpx.get(f"{url}/api/v1/query", params={"query": expr}, timeout=10)
    body = reply.json()
    assert reply.status_code == 200 and body["status"] == "success", f"{expr}: {body.get('error')}"
    return body["data"]["result"]


def _eventually(url: str, expr: str, timeout: float = 30) -> list[dict]:
    # rate() needs two scrapes inside its window: a fresh server answers nothing for a few seconds.
    deadline = time.monotonic() + timeout
    while not (result := _query(url, expr)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return result


def _data_probe(expr: str) -> str:
    """The part of an alert that has data on a healthy stack: the left side of its threshold
    comparison, and of a ratio its denominator (the numerator counts failures, which may be none)."""
    node = promql.parse(expr)
    if isinstance(node, promql.BinaryExpr) and isinstance(node.rhs, promql.NumberLiteral):
        node = node.lhs
    if isinstance(node, promql.BinaryExpr) and str(node.op) == "/":
        node = node.rhs
    return str(node)


def test_real_prometheus_scrapes_every_component(prometheus):
    up = _query(prometheus, f'up{{namespace="{NAMESPACE}"}}')
    assert sorted(r["metric"]["component"] for r in up) == sorted(COMPONENTS)
    assert all(r["value"][1] == "1" for r in up)


def test_real_prometheus_evaluates_every_dashboard_query(prometheus, chart):
    empty = []
    for where, expr in dashboard_exprs(chart).items():
        if metric_names(expr) & (EXTERNAL.keys() - {"up"}):
            _query(prometheus, expr)  # no exporter here: it must still parse and evaluate
        elif not _eventually(prometheus, expr):
            empty.append(where)
    assert not empty, f"queries with no data from a stack that served requests and a job: {empty}"


def test_real_prometheus_loads_and_evaluates_every_alert(prometheus, chart):
    rules = alert_rules(chart)
    deadline = time.monotonic() + 30
    while True:
        groups = httpx.get(f"{prometheus}/api/v1/rules", timeout=10).json()["data"]["groups"]
        loaded = {r["name"]: r for g in groups for r in g["rules"]}
        if len(loaded) == len(rules) and not any(r["lastEvaluation"].startswith("0001") for r in loaded.values()):
            break
        assert time.monotonic() < deadline, "rules were not evaluated"
        time.sleep(0.5)
    assert {name: (r["health"], r.get("lastError")) for name, r in loaded.items() if r["health"] != "ok"} == {}
    # Selectors that match nothing would make an alert silent forever: each alert's data must be there,
    # but for pod readiness (kube-state-metrics does not run here).
    silent = []
    for rule in rules:
        probe = _data_probe(rule["expr"])
        if metric_names(probe) <= EXTERNAL.keys() - {"up"}:
            _query(prometheus, probe)
        elif not _eventually(prometheus, probe):
            silent.append(rule["alert"])
    assert not silent, f"alerts whose selectors match no scraped series: {silent}"
