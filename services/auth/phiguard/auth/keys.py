"""API keys: generation, hashing, and their records in Redis.

A key reads `phg_<key id>_<secret>`: the key id is public (logs, audit, listings), the secret is 256 random
bits. Redis holds only HMAC-SHA256(pepper, key). Records are read from Redis on every request, with no
cache, so a revocation takes effect on the next request on every replica.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass, field

from redis.asyncio import Redis

from phiguard.common.roles import ADMIN

KEY_PREFIX = "phg"
BOOTSTRAP_KEY_ID = "bootstrap"
BOOTSTRAP_KEY_NAME = "bootstrap admin"
# Far longer than any real key; stops a caller making us hash megabytes.
MAX_KEY_CHARS = 1024

_KEY_RE = re.compile(rf"{KEY_PREFIX}_([0-9a-f]{{16}})_[0-9a-f]{{64}}")
# What a key id can look like: generated ones, and the bootstrap key's. Anything else names no key, and must
# not reach Redis, where it could name the index or another bookkeeping key instead of a record.
_KEY_ID_RE = re.compile(rf"[0-9a-f]{{16}}|{BOOTSTRAP_KEY_ID}")
# One hash tag for every key record and the index, so the multi-key scripts also run on Redis Cluster.
_RECORD = "phiguard:auth:{{keys}}:{}"
_INDEX = "phiguard:auth:{keys}:index"

# Create only if the id is free, so a (64-bit, astronomically unlikely) id collision never overwrites a key.
_CREATE_LUA = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('SADD', KEYS[2], ARGV[2])
return 1
"""

# Re-registering the same bootstrap secret keeps its revoked flag (a restart must not undo a revocation);
# a different secret replaces the record, which is how an operator rotates it.
_BOOTSTRAP_LUA = """
if redis.call('HGET', KEYS[1], 'digest') == ARGV[4] then
  redis.call('HSET', KEYS[1], 'rate_limit_per_minute', ARGV[6])
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('SADD', KEYS[2], ARGV[2])
return 1
"""

# HSET on a missing hash would create a half record, hence the existence check inside the script.
_REVOKE_LUA = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', '1', 'revoked_at', ARGV[1])
return 1
"""


def generate_key() -> tuple[str, str]:
    """A fresh (key id, api key) pair."""
    key_id = secrets.token_hex(8)
    return key_id, f"{KEY_PREFIX}_{key_id}_{secrets.token_hex(32)}"


def is_key_id(key_id: str) -> bool:
    return _KEY_ID_RE.fullmatch(key_id) is not None


def parse_key_id(api_key: str) -> str | None:
    match = _KEY_RE.fullmatch(api_key)
    return match.group(1) if match else None


class KeyHasher:
    def __init__(self, pepper: bytes) -> None:
        self._pepper = pepper

    def digest(self, api_key: str) -> str:
        return hmac.new(self._pepper, api_key.encode(), hashlib.sha256).hexdigest()

    def matches(self, api_key: str, digest: str) -> bool:
        return hmac.compare_digest(self.digest(api_key), digest)


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    name: str
    role: str
    rate_limit_per_minute: int
    created_at: float
    expires_at: float | None
    revoked: bool
    digest: str = field(repr=False)

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    @classmethod
    def from_redis(cls, raw: dict[str, str]) -> KeyRecord:
        expires = float(raw.get("expires_at") or 0)
        return cls(
            key_id=raw["key_id"], name=raw.get("name", ""), role=raw.get("role", ""),
            rate_limit_per_minute=int(raw.get("rate_limit_per_minute") or 0),
            created_at=float(raw.get("created_at") or 0), expires_at=expires or None,
            revoked=raw.get("revoked") == "1", digest=raw.get("digest", ""),
        )

    def to_redis(self) -> list[str]:
        # The scripts read ARGV[2] (key id), ARGV[4] (digest) and ARGV[6] (limit): keep these positions.
        return ["key_id", self.key_id, "digest", self.digest, "rate_limit_per_minute", str(self.rate_limit_per_minute),
                "name", self.name, "role", self.role, "created_at", repr(self.created_at),
                "expires_at", repr(self.expires_at or 0), "revoked", "1" if self.revoked else "0"]


class KeyStore:
    def __init__(self, redis: Redis, hasher: KeyHasher) -> None:
        self._redis = redis
        self._hasher = hasher
        self._create = redis.register_script(_CREATE_LUA)
        self._bootstrap = redis.register_script(_BOOTSTRAP_LUA)
        self._revoke = redis.register_script(_REVOKE_LUA)

    async def create(self, name: str, role: str, rate_limit_per_minute: int,
                     expires_at: float | None) -> tuple[KeyRecord, str]:
        while True:
            key_id, api_key = generate_key()
            record = KeyRecord(key_id, name, role, rate_limit_per_minute, time.time(), expires_at, False,
                               self._hasher.digest(api_key))
            if await self._create(keys=[_RECORD.format(key_id), _INDEX], args=record.to_redis()):
                return record, api_key

    async def ensure_bootstrap(self, api_key: str, rate_limit_per_minute: int) -> bool:
        """Register the bootstrap admin key; True when the record was (re)written."""
        record = KeyRecord(BOOTSTRAP_KEY_ID, BOOTSTRAP_KEY_NAME, ADMIN, rate_limit_per_minute, time.time(), None,
                           False, self._hasher.digest(api_key))
        return bool(await self._bootstrap(keys=[_RECORD.format(BOOTSTRAP_KEY_ID), _INDEX], args=record.to_redis()))

    async def get(self, key_id: str) -> KeyRecord | None:
        if not is_key_id(key_id):
            return None
        raw = await self._redis.hgetall(_RECORD.format(key_id))
        return KeyRecord.from_redis(raw) if raw.get("key_id") else None

    async def list(self) -> list[KeyRecord]:
        key_ids = sorted(await self._redis.smembers(_INDEX))
        async with self._redis.pipeline(transaction=False) as pipe:
            for key_id in key_ids:
                pipe.hgetall(_RECORD.format(key_id))
            raws = await pipe.execute()
        records = [KeyRecord.from_redis(raw) for raw in raws if raw.get("key_id")]
        return sorted(records, key=lambda r: (r.created_at, r.key_id))

    async def revoke(self, key_id: str) -> bool:
        """False when no such key exists; revoking twice is not an error."""
        if not is_key_id(key_id):
            return False
        return bool(await self._revoke(keys=[_RECORD.format(key_id)], args=[repr(time.time())]))

    async def authenticate(self, api_key: str, now: float) -> tuple[KeyRecord | None, str, str]:
        """(live record or None, reason code, key id for the audit trail).

        The key id is reported for revoked or expired keys (the secret matched, so the id is
        genuinely theirs) and is empty for keys we do not know, whose id the caller made up.
        """
        if not api_key:
            return None, "missing_key", ""
        if len(api_key) > MAX_KEY_CHARS:
            return None, "unknown_key", ""
        key_id = parse_key_id(api_key)
        record = await self.get(key_id) if key_id else None
        if record is None:
            # The bootstrap key is an arbitrary operator-chosen string, so it has no parseable id.
            record = await self.get(BOOTSTRAP_KEY_ID)
        if record is None or not self._hasher.matches(api_key, record.digest):
            return None, "unknown_key", ""
        if record.revoked:
            return None, "revoked_key", record.key_id
        if record.expired(now):
            return None, "expired_key", record.key_id
        return record, "ok", record.key_id
