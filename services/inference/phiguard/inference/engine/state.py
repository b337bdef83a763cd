"""Consistency state that travels with a job between chunks and documents, free of PHI.

It holds a random per-job seed (surrogates and the date offset derive from it), the numbered tags
of the `consistent` strategy keyed by HMAC(secret, type, value) and the next number per type. The
blob is MAC'd with the server secret, so a tampered or foreign state is refused, not trusted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import zlib
from dataclasses import dataclass, field

_MAGIC = b"PGS1"
# A long job must not grow its state without bound; the oldest known values are forgotten first.
MAX_KNOWN = 50_000
_MAC_LEN = 32


class StateError(ValueError):
    """The state blob is not one this server produced (message names no content)."""


def keyed_digest(secret: bytes, *parts: str | bytes) -> bytes:
    msg = b"\x1f".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)
    return hmac.new(secret, msg, hashlib.sha256).digest()


@dataclass
class DeidState:
    seed: bytes = field(default_factory=lambda: os.urandom(16))
    tags: dict[str, int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    # Keyed digests of values already found in this job (digest -> type), so later chunks find them again.
    known: dict[str, str] = field(default_factory=dict)

    def tag_number(self, secret: bytes, entity_type: str, normalized: str) -> int:
        key = keyed_digest(secret, b"tag", entity_type, normalized).hex()[:32]
        n = self.tags.get(key)
        if n is None:
            n = self.counters.get(entity_type, 0) + 1
            self.counters[entity_type] = n
            self.tags[key] = n
        return n

    def dump(self, secret: bytes) -> bytes:
        if len(self.known) > MAX_KNOWN:
            self.known = dict(list(self.known.items())[-MAX_KNOWN:])
        payload = zlib.compress(
            json.dumps(
                {"seed": self.seed.hex(), "tags": self.tags, "counters": self.counters, "known": self.known},
                separators=(",", ":"),
                sort_keys=True,
            ).encode("ascii")
        )
        mac = hmac.new(secret, _MAGIC + payload, hashlib.sha256).digest()
        return _MAGIC + mac + payload

    @classmethod
    def load(cls, blob: bytes, secret: bytes) -> DeidState:
        if not blob:
            return cls()
        if len(blob) < len(_MAGIC) + _MAC_LEN or not blob.startswith(_MAGIC):
            raise StateError("consistency state is malformed")
        mac, payload = blob[len(_MAGIC) : len(_MAGIC) + _MAC_LEN], blob[len(_MAGIC) + _MAC_LEN :]
        if not hmac.compare_digest(mac, hmac.new(secret, _MAGIC + payload, hashlib.sha256).digest()):
            raise StateError("consistency state was not issued by this server")
        try:
            data = json.loads(zlib.decompress(payload))
            return cls(
                seed=bytes.fromhex(data["seed"]),
                tags={str(k): int(v) for k, v in data["tags"].items()},
                counters={str(k): int(v) for k, v in data["counters"].items()},
                known={str(k): str(v) for k, v in data.get("known", {}).items()},
            )
        except (ValueError, KeyError, TypeError, zlib.error) as exc:
            raise StateError("consistency state is malformed") from exc
