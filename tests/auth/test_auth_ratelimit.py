"""Token buckets: exact under concurrency, shared across replicas, and per IP for unauthenticated floods."""

from __future__ import annotations

import asyncio
from collections import Counter

from phiguard.v1 import auth_pb2


async def _burst(replicas, api_key: str, calls: int, **kwargs) -> Counter:
    replies = await asyncio.gather(*(replicas[i % len(replicas)].authorize(api_key, **kwargs) for i in range(calls)))
    return Counter(r.decision for r in replies)


async def test_hundred_concurrent_calls_let_exactly_the_limit_through(replica):
    created = await replica.create_key("user", rate_limit_per_minute=10)
    decisions = await _burst([replica], created.api_key, 100)
    assert decisions == {auth_pb2.DECISION_ALLOWED: 10, auth_pb2.DECISION_RATE_LIMITED: 90}


async def test_the_limit_holds_across_two_replicas_sharing_redis(replica_factory):
    async with replica_factory() as a, replica_factory() as b:
        created = await a.create_key("user", rate_limit_per_minute=10)
        decisions = await _burst([a, b], created.api_key, 100)
        assert decisions == {auth_pb2.DECISION_ALLOWED: 10, auth_pb2.DECISION_RATE_LIMITED: 90}


async def test_limited_reply_says_when_to_retry(replica):
    created = await replica.create_key("user", rate_limit_per_minute=60)  # one token per second
    first = await replica.authorize(created.api_key, "batch", cost=60)
    assert first.decision == auth_pb2.DECISION_ALLOWED
    assert first.rate_limit.remaining == 0
    limited = await replica.authorize(created.api_key, "batch", cost=2)
    assert limited.decision == auth_pb2.DECISION_RATE_LIMITED
    assert (limited.key_id, limited.role) == (created.key.key_id, "user")
    assert 1.0 < limited.rate_limit.retry_after <= 2.0
    assert limited.rate_limit.reset >= first.rate_limit.reset
    # Refused calls take nothing, so one token is there again about a second later.
    await asyncio.sleep(1.05)
    assert (await replica.authorize(created.api_key, "detect")).decision == auth_pb2.DECISION_ALLOWED


async def test_cost_above_the_limit_is_refused_with_a_reason(replica):
    created = await replica.create_key("user", rate_limit_per_minute=10)
    reply = await replica.authorize(created.api_key, "batch", cost=11)
    assert reply.decision == auth_pb2.DECISION_RATE_LIMITED
    assert "limit is 10 per minute" in reply.reason
    # Nothing was taken.
    assert (await replica.authorize(created.api_key, "batch", cost=10)).decision == auth_pb2.DECISION_ALLOWED


async def test_keys_have_separate_buckets(replica):
    a = await replica.create_key("user", rate_limit_per_minute=3)
    b = await replica.create_key("user", rate_limit_per_minute=3)
    assert (await _burst([replica], a.api_key, 5))[auth_pb2.DECISION_ALLOWED] == 3
    assert (await _burst([replica], b.api_key, 5))[auth_pb2.DECISION_ALLOWED] == 3


async def test_unauthenticated_flood_from_one_ip_gets_rate_limited(replica_factory):
    async with replica_factory(anon_rate_limit_per_minute=20) as a, replica_factory(anon_rate_limit_per_minute=20) as b:
        flood = await _burst([a, b], "", 60, client_ip="203.0.113.7")
        assert flood == {auth_pb2.DECISION_UNAUTHENTICATED: 20, auth_pb2.DECISION_RATE_LIMITED: 40}
        # Guessed keys draw on the same bucket, so they cannot be used to dodge it.
        guessed = await a.authorize("phg_0123456789abcdef_" + "1" * 64, client_ip="203.0.113.7")
        assert guessed.decision == auth_pb2.DECISION_RATE_LIMITED
        assert guessed.rate_limit.retry_after > 0
        # The same address spelt as IPv4-mapped IPv6 is the same client.
        mapped = await a.authorize("", client_ip="::ffff:203.0.113.7")
        assert mapped.decision == auth_pb2.DECISION_RATE_LIMITED
        # Other clients are unaffected, and so are valid keys from the flooding address.
        assert (await a.authorize("", client_ip="203.0.113.8")).decision == auth_pb2.DECISION_UNAUTHENTICATED
        created = await a.create_key("user")
        ok = await a.authorize(created.api_key, client_ip="203.0.113.7")
        assert ok.decision == auth_pb2.DECISION_ALLOWED


async def test_forbidden_calls_spend_one_token_and_then_get_limited(replica):
    created = await replica.create_key("viewer", rate_limit_per_minute=3)
    decisions = [(await replica.authorize(created.api_key, "detect", cost=50)).decision for _ in range(4)]
    assert decisions == [auth_pb2.DECISION_FORBIDDEN] * 3 + [auth_pb2.DECISION_RATE_LIMITED]
