"""Security audit events on the `phiguard.audit` logger: one JSON line per decision or key change.

Fields are ids, roles, outcomes and addresses; never a key, a secret or request content. The
formatter adds the time.
"""

from __future__ import annotations

import logging

audit_log = logging.getLogger("phiguard.audit")

# Values the caller controls are clipped so one request cannot write an arbitrarily large line.
_MAX_FIELD = 128


def _clip(value: str) -> str:
    return value[:_MAX_FIELD]


def authorize(*, request_id: str, key_id: str, principal: str, role: str, action: str, outcome: str,
              reason: str, client_ip: str, cost: int) -> None:
    audit_log.info("authorize", extra={
        "event": "authorize", "request_id": _clip(request_id), "key_id": key_id, "principal": principal,
        "role": role, "action": _clip(action), "outcome": outcome, "reason": reason,
        "client_ip": _clip(client_ip), "cost": cost,
    })


def key_change(event: str, *, request_id: str, actor_key_id: str, key_id: str, role: str = "",
               outcome: str = "ok") -> None:
    audit_log.info(event, extra={
        "event": event, "request_id": _clip(request_id), "actor_key_id": _clip(actor_key_id),
        "key_id": _clip(key_id), "role": role, "outcome": outcome,
    })
