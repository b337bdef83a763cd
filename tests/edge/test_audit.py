"""The edge writes one audit event per API request: who, what, outcome, sizes and entity counts, never text."""

from __future__ import annotations

import json
import time

import httpx


def _audit_events(stack, request_id: str) -> list[dict]:
    events = []
    for line in (stack.log_dir / "edge.log").read_text().splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            if event.get("logger") == "phiguard.audit" and event.get("request_id") == request_id:
                events.append(event)
    return events


def test_audit_event_per_request(stack):
    text = "Reached Philomena Gratz at SSN 123-45-6789"
    reply = httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": text},
                       headers={"X-API-Key": stack.admin_key, "X-Request-ID": "audit-ok-1"}, timeout=30)
    assert reply.status_code == 200
    denied = httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": text},
                        headers={"X-API-Key": "phg_bogus", "X-Request-ID": "audit-denied-1"}, timeout=30)
    assert denied.status_code == 401
    time.sleep(0.3)
    [ok] = _audit_events(stack, "audit-ok-1")
    assert ok["route"] == "/api/v1/detect" and ok["status"] == 200 and ok["outcome"] == "ok"
    assert ok["key_id"] == "bootstrap" and ok["role"] == "admin"
    assert ok["chars"] == len(text) and ok["entities"]["SSN"] == 1
    [refused] = _audit_events(stack, "audit-denied-1")
    assert refused["status"] == 401 and refused["key_id"] is None and "entities" not in refused
    log = (stack.log_dir / "edge.log").read_text()
    assert "Philomena" not in log and "123-45-6789" not in log
