"""PHI sent through every endpoint never shows up in any service's log output (DEBUG level)."""

from __future__ import annotations

import httpx

from phiguard.common.strategies import STRATEGIES

DISTINCTIVE = ["Quillon Marchetti-Vasquez", "Wexford Thorncastle Infirmary", "493-27-1846", "qmv.private@example.net",
               "(617) 555-0142", "MRN 88817265"]
NOTE = (f"Patient {DISTINCTIVE[0]} (SSN {DISTINCTIVE[2]}), {DISTINCTIVE[5]}, was admitted to "
        f"{DISTINCTIVE[1]}. Contact {DISTINCTIVE[3]} or {DISTINCTIVE[4]}.")


def test_phi_never_reaches_the_logs(stack):
    headers = {"X-API-Key": stack.admin_key}
    base = f"{stack.edge_url}/api/v1"
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        assert client.post("/detect", json={"text": NOTE}).status_code == 200
        for strategy in STRATEGIES:
            assert client.post("/deidentify", json={"text": NOTE, "strategy": strategy}).status_code == 200
        assert client.post("/redact", json={"text": NOTE}).status_code == 200
        assert client.post("/batch", json={"texts": [NOTE, NOTE]}).status_code == 200
        assert client.post("/detect", json={"text": NOTE, "confidence_threshold": 3}).status_code == 400
    logs = stack.logs()
    assert logs, "services logged nothing: the check would be vacuous"
    for value in DISTINCTIVE:
        assert value not in logs
    assert stack.admin_key not in logs
