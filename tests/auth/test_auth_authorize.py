"""Authorize semantics: who gets in, with which identity, and who is refused."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from phiguard.common.roles import ROLE_NAMES
from phiguard.v1 import auth_pb2

from authtest import BOOTSTRAP_KEY, make_settings, running_replica


async def test_bootstrap_key_is_an_admin(replica):
    reply = await replica.authorize(BOOTSTRAP_KEY, "keys.manage")
    assert reply.decision == auth_pb2.DECISION_ALLOWED
    assert (reply.key_id, reply.role) == ("bootstrap", "admin")
    assert reply.rate_limit.limit == 1000 and reply.rate_limit.remaining == 999
    assert reply.rate_limit.retry_after == 0


async def test_created_key_authorizes_with_its_identity(replica):
    created = await replica.create_key("user", name="ingest pipeline", rate_limit_per_minute=50)
    assert created.api_key.startswith(f"phg_{created.key.key_id}_")
    # 256-bit secret: 64 hex characters after the id.
    assert len(created.api_key.rsplit("_", 1)[1]) == 64
    reply = await replica.authorize(created.api_key, "deidentify", cost=3)
    assert reply.decision == auth_pb2.DECISION_ALLOWED
    assert (reply.key_id, reply.principal, reply.role) == (created.key.key_id, "ingest pipeline", "user")
    assert (reply.rate_limit.limit, reply.rate_limit.remaining) == (50, 47)
    assert reply.rate_limit.reset >= int(time.time())


@pytest.mark.parametrize("api_key", [
    "", "phg_0123456789abcdef_" + "0" * 64, "not-a-key", BOOTSTRAP_KEY + "x", BOOTSTRAP_KEY[:-1], "x" * 5000,
])
async def test_unknown_keys_are_unauthenticated(replica, api_key):
    reply = await replica.authorize(api_key, "entities")
    assert reply.decision == auth_pb2.DECISION_UNAUTHENTICATED
    assert (reply.key_id, reply.principal, reply.role) == ("", "", "")
    assert reply.rate_limit.limit == 1000  # the client IP's bucket


async def test_tampered_secret_is_refused(replica):
    created = await replica.create_key("admin")
    forged = created.api_key[:-1] + ("0" if created.api_key[-1] != "0" else "1")
    assert (await replica.authorize(forged)).decision == auth_pb2.DECISION_UNAUTHENTICATED


async def test_revoked_key_is_refused_at_once_on_every_replica(replica_factory):
    async with replica_factory() as a, replica_factory() as b:
        created = await a.create_key("user")
        assert (await b.authorize(created.api_key)).decision == auth_pb2.DECISION_ALLOWED
        revoked = await a.stub.RevokeKey(auth_pb2.RevokeKeyRequest(key_id=created.key.key_id))
        assert revoked.revoked
        for r in (a, b):
            reply = await r.authorize(created.api_key)
            assert reply.decision == auth_pb2.DECISION_UNAUTHENTICATED
            assert reply.reason == "API key revoked"
        listed = {k.key_id: k for k in (await b.stub.ListKeys(auth_pb2.ListKeysRequest())).keys}
        assert listed[created.key.key_id].revoked


async def test_bootstrap_key_can_be_revoked_and_a_restart_keeps_it_revoked(redis_url, redis_client):
    settings = make_settings(redis_url)
    async with running_replica(settings) as r:
        await r.stub.RevokeKey(auth_pb2.RevokeKeyRequest(key_id="bootstrap"))
        assert (await r.authorize(BOOTSTRAP_KEY)).decision == auth_pb2.DECISION_UNAUTHENTICATED
    async with running_replica(settings) as r:
        assert (await r.authorize(BOOTSTRAP_KEY)).decision == auth_pb2.DECISION_UNAUTHENTICATED
    # A new bootstrap secret is how an operator rotates it: the new one works, the old one does not.
    async with running_replica(make_settings(redis_url, bootstrap_admin_key=BOOTSTRAP_KEY + "-v2")) as r:
        assert (await r.authorize(BOOTSTRAP_KEY + "-v2")).decision == auth_pb2.DECISION_ALLOWED
        assert (await r.authorize(BOOTSTRAP_KEY)).decision == auth_pb2.DECISION_UNAUTHENTICATED


async def test_expired_key_is_refused(replica):
    expires_s = time.time() + 1.0
    expires = Timestamp()
    expires.FromNanoseconds(int(expires_s * 1e9))
    created = await replica.create_key("user", expires_at=expires)
    assert created.key.expires_at == expires
    assert (await replica.authorize(created.api_key)).decision == auth_pb2.DECISION_ALLOWED
    await asyncio.sleep(max(0.0, expires_s - time.time()) + 0.05)
    reply = await replica.authorize(created.api_key)
    assert reply.decision == auth_pb2.DECISION_UNAUTHENTICATED
    assert reply.reason == "API key expired"


def test_empty_bootstrap_setting_registers_nothing(redis_url):
    assert make_settings(redis_url, bootstrap_admin_key="").bootstrap_admin_key is None
    assert make_settings(redis_url, bootstrap_admin_key="  ").bootstrap_admin_key is None


async def test_key_management_validation(replica):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await replica.create_key("superuser")
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await replica.create_key("user", name="  ")
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    past = Timestamp()
    past.FromSeconds(int(time.time()) - 10)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await replica.create_key("user", expires_at=past)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await replica.stub.RevokeKey(auth_pb2.RevokeKeyRequest(key_id="0123456789abcdef"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await replica.authorize(BOOTSTRAP_KEY, cost=-1)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_list_keys_never_returns_secrets(replica):
    created = [await replica.create_key(role, name=f"{role} key") for role in ROLE_NAMES]
    listed = await replica.stub.ListKeys(auth_pb2.ListKeysRequest())
    assert [k.key_id for k in listed.keys] == ["bootstrap", *(c.key.key_id for c in created)]
    assert [k.role for k in listed.keys] == ["admin", *ROLE_NAMES]
    wire = listed.SerializeToString()
    for c in created:
        assert c.api_key.encode() not in wire
        assert c.api_key.rsplit("_", 1)[1].encode() not in wire
    assert BOOTSTRAP_KEY.encode() not in wire
    assert created[1].key.rate_limit_per_minute == 1000  # 0 asked: the server default


async def test_a_corrupt_record_fails_closed(replica, redis_client, json_logs):
    created = await replica.create_key("user")
    redis_client.hset(f"phiguard:auth:{{keys}}:{created.key.key_id}", "rate_limit_per_minute", "many")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await replica.authorize(created.api_key, request_id="r-corrupt")
    assert err.value.code() == grpc.StatusCode.INTERNAL
    assert '"outcome": "error"' in next(line for line in json_logs if '"r-corrupt"' in line)
    assert created.api_key not in "\n".join(json_logs)
