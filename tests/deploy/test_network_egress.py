"""NetworkPolicies and OpenTelemetry: with otel.endpoint set (and the policies on, the default) every service pod
may reach the collector on the endpoint's port, so traces are not dropped silently; extraEgress / extraIngress
add operators' own rules (e.g. a cloud load balancer reaching edge pods from its ranges)."""

from __future__ import annotations

import pytest
from deploytools import CHART, by_kind, component_of, render

SERVICES = ("edge", "auth", "inference", "worker")
OBS = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "observability"}}}


def policies(*sets: str) -> dict[str, dict]:
    return {component_of(p): p for p in by_kind(render(sets=sets), "NetworkPolicy").values()}


def egress_ports(policy: dict) -> dict[int, list]:
    return {p["port"]: rule.get("to") for rule in policy["spec"]["egress"] for p in rule.get("ports", [])}


@pytest.mark.parametrize(("endpoint", "port"), [
    ("http://otel-collector.observability.svc:4317", 4317),
    ("https://collector.example.com:55680", 55680),
    ("http://otel-collector.observability", 4317),  # OTLP/gRPC's default port
])
def test_collector_egress_follows_the_endpoint(endpoint, port):
    nps = policies(f"otel.endpoint={endpoint}")
    for component in SERVICES:
        assert port in egress_ports(nps[component]), component
        assert egress_ports(nps[component])[port] is None  # no peers given: any address, that port only
    # Nothing opens without an endpoint.
    assert all(port not in egress_ports(p) for p in policies().values() if port != 53)


def test_collector_egress_to_peers_and_port_override():
    nps = policies("otel.endpoint=http://c.obs:4317", "otel.port=14317",
                   "networkPolicy.otelEgressTo[0].namespaceSelector.matchLabels.team=obs")
    for component in SERVICES:
        to = egress_ports(nps[component])[14317]
        assert to == [{"namespaceSelector": {"matchLabels": {"team": "obs"}}}]
        assert 4317 not in egress_ports(nps[component])


def test_production_values_reach_the_collector_and_take_extra_ingress():
    objs = render(CHART / "ci" / "production-values.yaml")
    nps = {component_of(p): p for p in by_kind(objs, "NetworkPolicy").values()}
    for component in SERVICES:
        assert egress_ports(nps[component])[4317] == [OBS]
    cidrs = [peer["ipBlock"]["cidr"] for rule in nps["edge"]["spec"]["ingress"] for peer in rule["from"]
             if "ipBlock" in peer]
    assert "130.211.0.0/22" in cidrs


def test_extra_egress_and_ingress():
    nps = policies("networkPolicy.extraEgress[0].ports[0].port=8443",
                   "networkPolicy.extraIngress[0].from[0].ipBlock.cidr=10.1.0.0/16",
                   "networkPolicy.extraIngress[0].ports[0].port=8000")
    for component in SERVICES:
        assert 8443 in egress_ports(nps[component])
    edge_from = [peer for rule in nps["edge"]["spec"]["ingress"] for peer in rule["from"]]
    assert {"ipBlock": {"cidr": "10.1.0.0/16"}} in edge_from
    for component in ("auth", "inference", "worker"):
        assert not [peer for rule in nps[component]["spec"]["ingress"] for peer in rule["from"] if "ipBlock" in peer]
