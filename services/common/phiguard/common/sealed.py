"""Values sealed at rest: AES-256-GCM under a key derived (HKDF-SHA256) from a service secret.

One small module so every kind of data PHIGuard keeps in Redis (site profiles today; job inputs and
results can fold in) is sealed the same way. Each purpose ("profile", "job", ...) gets its own key from the
same secret, and every value is bound to where it belongs by associated data (a profile's id and
version, a job's id): a sealed value copied under another id does not open.

Layout of a sealed value: one version byte (1), a 12-byte random nonce, then the ciphertext with
GCM's 16-byte tag. Nothing here logs or quotes the plaintext.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["SealError", "Sealer", "derive_key"]

_FORMAT = b"\x01"
_NONCE_BYTES = 12
_SALT = b"phiguard/sealed/v1"


class SealError(ValueError):
    """A sealed value that does not open: wrong secret, wrong associated data, or altered bytes."""


def derive_key(secret: bytes, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose, derived from the service secret (different purposes never share a key)."""
    if not secret:
        raise ValueError("a sealing secret must not be empty")
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=_SALT,
                info=f"phiguard:{purpose}".encode()).derive(secret)


class Sealer:
    """seal/open for one purpose under one secret."""

    def __init__(self, secret: bytes, purpose: str) -> None:
        self._aead = AESGCM(derive_key(secret, purpose))

    def seal(self, plaintext: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, associated_data)

    def open(self, sealed: bytes, associated_data: bytes) -> bytes:
        if len(sealed) < 1 + _NONCE_BYTES + 16 or sealed[:1] != _FORMAT:
            raise SealError("not a sealed value of a known format")
        nonce, body = sealed[1:1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, body, associated_data)
        except InvalidTag:
            raise SealError("sealed value does not open with this secret and associated data") from None
