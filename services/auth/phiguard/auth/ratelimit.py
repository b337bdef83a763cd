"""Token buckets kept in Redis and updated by one Lua script, so every replica shares them exactly.

Each bucket holds up to `limit` tokens and refills at `limit` per minute. The script reads the clock
with Redis TIME, not the caller's clock, so replicas with skewed clocks still agree, and it runs
atomically, so concurrent callers can never spend the same token twice.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

from redis.asyncio import Redis

# KEYS[1] bucket; ARGV[1] capacity (= tokens per minute); ARGV[2] cost. A refused call takes nothing.
# Returns {allowed, tokens left, seconds until `cost` tokens exist, unix time the bucket is full again};
# floats travel as strings because Redis truncates Lua numbers to integers.
_TOKEN_BUCKET_LUA = """
local capacity = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local rate = capacity / 60.0
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
else
  tokens = math.min(capacity, tokens)
end
local allowed = 0
local retry_after = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry_after = (cost - tokens) / rate
end
local full_in = (capacity - tokens) / rate
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', now))
-- A bucket that would be full again carries no information, so it may vanish then.
redis.call('PEXPIRE', KEYS[1], math.ceil(full_in * 1000) + 1000)
return {allowed, string.format('%.17g', tokens), string.format('%.17g', retry_after),
        string.format('%.17g', now + full_in)}
"""


@dataclass(frozen=True)
class BucketState:
    allowed: bool
    limit: int
    remaining: int
    reset: int
    retry_after: float


def key_bucket(key_id: str) -> str:
    return f"phiguard:rl:key:{key_id}"


def ip_bucket(client_ip: str) -> str:
    # Canonical form, so "::ffff:10.0.0.1"-style spellings of one client share a bucket; anything
    # unparseable shares one bucket rather than letting arbitrary strings mint fresh ones.
    try:
        address = ipaddress.ip_address(client_ip.strip())
    except ValueError:
        return "phiguard:rl:ip:unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return f"phiguard:rl:ip:{address.compressed}"


class RateLimiter:
    def __init__(self, redis: Redis) -> None:
        self._script = redis.register_script(_TOKEN_BUCKET_LUA)

    async def take(self, bucket: str, limit: int, cost: int) -> BucketState:
        allowed, tokens, retry_after, full_at = await self._script(keys=[bucket], args=[limit, cost])
        return BucketState(
            allowed=bool(allowed), limit=limit, remaining=max(0, math.floor(float(tokens))),
            reset=math.ceil(float(full_at)), retry_after=float(retry_after),
        )
