"""Keys never appear in logs or in Redis in clear text; every Authorize leaves one audit event."""

from __future__ import annotations

import json

import redis

from authtest import BOOTSTRAP_KEY
from phiguard.common.roles import ROLE_NAMES
from phiguard.v1 import auth_pb2


def _dump_redis(client: redis.Redis) -> bytes:
    """Every key name and value in every database, as raw bytes."""
    out = []
    for db in range(16):
        kwargs = client.connection_pool.connection_kwargs
        conn = redis.Redis(host=kwargs["host"], port=kwargs["port"], db=db)
        for name in conn.scan_iter(count=1000):
            kind = conn.type(name)
            out.append(name)
            if kind == b"string":
                out.append(conn.get(name))
            elif kind == b"hash":
                for k, v in conn.hgetall(name).items():
                    out += [k, v]
            elif kind == b"set":
                out += list(conn.smembers(name))
            elif kind == b"list":
                out += conn.lrange(name, 0, -1)
            elif kind == b"zset":
                out += [m for m, _ in conn.zrange(name, 0, -1, withscores=True)]
        conn.close()
    return b"\n".join(out)


def _forms(api_key: str) -> list[str]:
    forms = [api_key]
    if api_key.startswith("phg_"):
        forms.append(api_key.rsplit("_", 1)[1])  # the secret part alone
    return forms


async def test_keys_are_not_in_logs_or_redis(replica, redis_client, json_logs):
    created = [await replica.create_key(role, name=f"{role} key") for role in ROLE_NAMES]
    keys = [BOOTSTRAP_KEY, *(c.api_key for c in created)]
    for key in keys:
        for action in ("detect", "keys.manage", "no.such.action"):
            await replica.authorize(key, action, request_id=f"req-{action}")
        await replica.authorize(key + "tampered")
    await replica.stub.ListKeys(auth_pb2.ListKeysRequest())
    await replica.stub.RevokeKey(auth_pb2.RevokeKeyRequest(key_id=created[0].key.key_id, actor_key_id="bootstrap"))
    await replica.authorize(created[0].api_key)

    logged = "\n".join(json_logs)
    stored = _dump_redis(redis_client)
    assert b"phiguard:auth:{keys}:" in stored and json_logs  # we did look at something
    for key in keys:
        for form in _forms(key):
            assert form not in logged
            assert form.encode() not in stored


async def test_one_audit_event_per_authorize(replica, json_logs):
    created = await replica.create_key("viewer", name="dashboard")
    await replica.authorize(created.api_key, "entities", client_ip="198.51.100.4", cost=2, request_id="r-ok")
    await replica.authorize(created.api_key, "detect", request_id="r-forbidden")
    await replica.authorize("", "detect", client_ip="198.51.100.5", request_id="r-anon")
    await replica.stub.RevokeKey(auth_pb2.RevokeKeyRequest(key_id=created.key.key_id, request_id="r-revoke",
                                                           actor_key_id="bootstrap"))
    await replica.authorize(created.api_key, "entities", request_id="r-revoked")

    events = [json.loads(line) for line in json_logs]
    audit = [e for e in events if e["logger"] == "phiguard.audit"]
    authorize = {e["request_id"]: e for e in audit if e["event"] == "authorize"}
    assert len([e for e in audit if e["event"] == "authorize"]) == 4
    ok = authorize["r-ok"]
    assert {k: ok[k] for k in ("key_id", "principal", "role", "action", "outcome", "client_ip", "cost")} == {
        "key_id": created.key.key_id, "principal": "dashboard", "role": "viewer", "action": "entities",
        "outcome": "allowed", "client_ip": "198.51.100.4", "cost": 2}
    assert ok["time"].endswith("Z")
    assert authorize["r-forbidden"]["outcome"] == "forbidden"
    assert (authorize["r-anon"]["outcome"], authorize["r-anon"]["key_id"]) == ("unauthenticated", "")
    # The key id of a revoked key is recorded (the secret matched, so the id is really theirs).
    assert (authorize["r-revoked"]["reason"], authorize["r-revoked"]["key_id"]) == ("revoked_key", created.key.key_id)
    changes = [e for e in audit if e["event"] in ("key.create", "key.revoke")]
    assert [(e["event"], e["key_id"]) for e in changes] == [("key.create", created.key.key_id),
                                                           ("key.revoke", created.key.key_id)]
    assert changes[1]["actor_key_id"] == "bootstrap"
