"""Scaling and disruption: the GPU HPA scales on a metric inference really exports (through the documented
prometheus-adapter rule, evaluated here with promtool), auth has its own HPA, and GPU inference keeps a pod
through rollouts and drains."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from deploytools import ROOT, by_kind, render

ADAPTER = ROOT / "deploy" / "prometheus-adapter-values.yaml"
GPU = ("inference.gpu.enabled=true",)


def adapter_rule() -> dict:
    (rule,) = yaml.safe_load(ADAPTER.read_text())["rules"]["custom"]
    return rule


def exported_metric_names() -> set[str]:
    from phiguard.inference import metrics  # noqa: PLC0415
    from prometheus_client.metrics import MetricWrapperBase  # noqa: PLC0415

    names = set()
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            for family in value.describe():
                names |= {family.name, f"{family.name}_sum", f"{family.name}_count"}
    return names


def test_gpu_hpa_scales_on_the_adapter_metric():
    hpa = by_kind(render(sets=GPU), "HorizontalPodAutoscaler")["rel-phiguard-inference"]
    pods = [m["pods"] for m in hpa["spec"]["metrics"] if m["type"] == "Pods"]
    assert [p["metric"]["name"] for p in pods] == [adapter_rule()["name"]["as"]]
    assert pods[0]["target"]["type"] == "AverageValue"
    # CPU stays as a fallback where the adapter is missing: the HPA never has no usable metric.
    assert any(m["type"] == "Resource" and m["resource"]["target"]["averageUtilization"] > 0
               for m in hpa["spec"]["metrics"])
    assert hpa["spec"]["minReplicas"] >= 2


def test_adapter_rule_reads_series_inference_exports():
    rule = adapter_rule()
    exported = exported_metric_names()
    series = re.match(r"(\w+)\{", rule["seriesQuery"]).group(1)
    assert series in exported
    used = set(re.findall(r"(phiguard_\w+)\{", rule["metricsQuery"]))
    assert used and used <= exported, used - exported
    assert re.fullmatch(rule["name"]["matches"], series)
    assert set(rule["resources"]["overrides"]) == {"namespace", "pod"}


def test_adapter_query_computes_mean_batcher_wait_per_pod(tmp_path):
    """The adapter's metricsQuery, with its template filled in as the adapter does, evaluated by promtool on
    synthetic series: a pod serving 60 requests/min that spend 30 s/min in the batcher reads 0.5 s; an idle pod
    reads 0 (not NaN, so the HPA can scale down)."""
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool missing: apt-get install prometheus")
    query = adapter_rule()["metricsQuery"].replace("<<.LabelMatchers>>", 'namespace="phiguard"')
    query = query.replace("<<.GroupBy>>", "pod")
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(
        {"groups": [{"name": "adapter", "rules": [{"record": "adapter:wait", "expr": query}]}]}))
    base = 'phiguard_inference_model_wait_seconds_{}{{namespace="phiguard",pod="{}"}}'
    (tmp_path / "test.yml").write_text(yaml.safe_dump({
        "rule_files": ["rules.yml"], "evaluation_interval": "1m",
        "tests": [{"interval": "1m", "input_series": [
            {"series": base.format("sum", "busy"), "values": "0+30x10"},
            {"series": base.format("count", "busy"), "values": "0+60x10"},
            {"series": base.format("sum", "idle"), "values": "0x10"},
            {"series": base.format("count", "idle"), "values": "0x10"},
        ], "promql_expr_test": [{"expr": "adapter:wait", "eval_time": "5m", "exp_samples": [
            {"labels": 'adapter:wait{pod="busy"}', "value": 0.5},
            {"labels": 'adapter:wait{pod="idle"}', "value": 0},
        ]}]}]}))
    result = subprocess.run([promtool, "test", "rules", "test.yml"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_auth_has_its_own_hpa():
    objs = render()
    hpa = by_kind(objs, "HorizontalPodAutoscaler")["rel-phiguard-auth"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == "rel-phiguard-auth"
    assert hpa["spec"]["minReplicas"] >= 2
    # The HPA owns the replica count.
    assert "replicas" not in by_kind(objs, "Deployment")["rel-phiguard-auth"]["spec"]


def test_gpu_rollouts_and_drains_keep_detection_up():
    objs = render(sets=GPU)
    pdb = by_kind(objs, "PodDisruptionBudget")["rel-phiguard-inference"]
    assert pdb["spec"] == {"minAvailable": 1, "selector": pdb["spec"]["selector"]}
    dep = by_kind(objs, "Deployment")["rel-phiguard-inference"]
    # One pod at a time with no surge (a full GPU pool), so at least two replicas keep one serving.
    assert dep["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 0, "maxUnavailable": 1}
    assert by_kind(objs, "HorizontalPodAutoscaler")["rel-phiguard-inference"]["spec"]["minReplicas"] >= 2
    fixed = by_kind(render(sets=(*GPU, "inference.autoscaling.enabled=false")), "Deployment")
    assert fixed["rel-phiguard-inference"]["spec"]["replicas"] == 2
    # CPU inference keeps its own budget.
    assert by_kind(render(), "PodDisruptionBudget")["rel-phiguard-inference"]["spec"]["maxUnavailable"] == 1
