"""Values sealed at rest: the one place PHIGuard encrypts what it keeps in Redis.

AES-256-GCM under keys derived with HKDF-SHA256 from a service secret. Every value is sealed on its own with
a fresh 96-bit random nonce, and its associated data names where it belongs, so a value copied elsewhere (a
result swapped for another document's, one job's input moved into another, a profile body moved under another
name or version) fails authentication instead of decrypting. Layout of a sealed value: one version byte (1),
the 12-byte nonce, then the ciphertext with GCM's 16-byte tag. Nothing here logs or quotes the plaintext, and
error messages name no content.

Its users, each with its own keys from its own secret:
  - the job store (`JobCipher`): inputs, results, document ids and state under PHIGUARD_JOB_SECRET, bound to the
    job and field; it also gives the keyed fingerprint of a submission;
  - site profiles (`Sealer(secret, "profile")`): bodies under PHIGUARD_HMAC_SECRET, bound to the profile's name
    and version (phiguard.common.profiles).
Each keeps the HKDF salt and info it was introduced with, so values stored before the two were folded into this
module still open.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["MIN_JOB_SECRET_CHARS", "JobCipher", "SealError", "Sealer", "TamperedError", "derive_key"]

_VERSION = b"\x01"
_NONCE_BYTES = 12
_TAG_BYTES = 16
# HKDF salts: per-purpose keys of `Sealer` (site profiles), and the job store's keys.
_SALT = b"phiguard/sealed/v1"
_JOB_SALT = b"phiguard job store"
MIN_JOB_SECRET_CHARS = 16  # phiguard.common.settings.MIN_JOB_SECRET_CHARS


class SealError(ValueError):
    """A stored value that does not open: altered, truncated, moved from elsewhere or sealed under another
    secret. The message names no content."""


# The job store's name for it (raised by JobStore reads, caught by the edge and the worker).
TamperedError = SealError


def _hkdf(secret: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


def derive_key(secret: bytes, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose, derived from the service secret (different purposes never share a key)."""
    if not secret:
        raise ValueError("a sealing secret must not be empty")
    return _hkdf(secret, _SALT, f"phiguard:{purpose}".encode(), length)


class Sealer:
    """seal/open under one AES-256-GCM key: by default the key of `purpose` derived from `secret`."""

    def __init__(self, secret: bytes, purpose: str, *, key: bytes | None = None, what: str = "sealed value") -> None:
        self._aead = AESGCM(key if key is not None else derive_key(secret, purpose))
        self._what = what

    def seal(self, plaintext: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, associated_data)

    def open(self, sealed: bytes, associated_data: bytes) -> bytes:
        if len(sealed) < 1 + _NONCE_BYTES + _TAG_BYTES or sealed[:1] != _VERSION:
            raise SealError(f"{self._what} is malformed")
        nonce, body = sealed[1:1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, body, associated_data)
        except InvalidTag:
            raise SealError(f"{self._what} failed authentication") from None


def _job_aad(job_id: str, field: str) -> bytes:
    return b"phiguard-job-v1\x1f" + job_id.encode() + b"\x1f" + field.encode()


class JobCipher:
    """The job store's values: sealed bound to their job and field, under keys from the job secret."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_JOB_SECRET_CHARS:
            raise ValueError(f"the job secret must be at least {MIN_JOB_SECRET_CHARS} characters")
        self._sealer = Sealer(secret, "job", key=_hkdf(secret, _JOB_SALT, b"aes-256-gcm v1"),
                              what="a stored job value")
        self._mac_key = _hkdf(secret, _JOB_SALT, b"fingerprint v1")

    def seal(self, job_id: str, field: str, plaintext: bytes) -> bytes:
        return self._sealer.seal(plaintext, _job_aad(job_id, field))

    def open(self, job_id: str, field: str, sealed: bytes) -> bytes:
        return self._sealer.open(sealed, _job_aad(job_id, field))

    def hasher(self) -> hmac.HMAC:
        """A keyed digest (HMAC-SHA256) to fingerprint a submission with: comparable for equality, useless for
        testing guesses of its text against the stored value."""
        return hmac.new(self._mac_key, digestmod=hashlib.sha256)
