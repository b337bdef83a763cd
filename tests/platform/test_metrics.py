"""Each service's Prometheus endpoint exports the metrics the dashboards use, with no PHI or key in any label."""

from __future__ import annotations

import httpx

PHI = "Marguerite Oyelaran-Beck"


def _scrape(stack, service: str) -> str:
    port = stack.env[f"PHIGUARD_{service.upper()}_METRICS_PORT"]
    return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text


def _value(text: str, name: str) -> float:
    return next(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " "))


def test_metrics_cover_every_hop_and_carry_no_phi(stack):
    reply = httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": f"Pt {PHI}, SSN 123-45-6789"},
                       headers={"X-API-Key": stack.admin_key}, timeout=30)
    assert reply.status_code == 200
    edge, inference, auth = (_scrape(stack, s) for s in ("edge", "inference", "auth"))
    assert 'phiguard_http_requests_total{method="POST",route="/api/v1/detect",status="200"}' in edge
    assert 'method="Detect"' in inference and "phiguard_grpc_server_duration_seconds_bucket" in inference
    assert 'phiguard_entities_detected_total{entity_type="SSN"}' in inference
    assert "phiguard_model_info{" in inference
    # Unlabelled histograms always export zeros: check they actually counted this request's model run.
    for name in ("phiguard_inference_batch_size_count", "phiguard_inference_model_wait_seconds_count"):
        assert _value(inference, name) >= 1, name
    assert "phiguard_auth_decisions_total" in auth
    for text in (edge, inference, auth):
        assert PHI not in text and "123-45-6789" not in text and stack.admin_key not in text
