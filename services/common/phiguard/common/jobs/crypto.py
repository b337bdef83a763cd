"""Job inputs, results and state encrypted at rest: AES-256-GCM with a key derived from the service's job secret.

Every stored value is sealed on its own with a fresh 96-bit random nonce, and its associated data names the
job and the field it belongs to, so a value copied onto another job or another field (a result swapped for
another document's, one job's input moved into another) fails authentication instead of decrypting. Layout of a
sealed value: one version byte, the nonce, then the ciphertext with its 16-byte tag.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_SALT = b"phiguard job store"
MIN_SECRET_CHARS = 16  # phiguard.common.settings.MIN_JOB_SECRET_CHARS


class TamperedError(Exception):
    """A stored value that does not authenticate: altered, truncated, moved from elsewhere or sealed under
    another secret. The message names no content."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose).derive(secret)


def _aad(job_id: str, field: str) -> bytes:
    return b"phiguard-job-v1\x1f" + job_id.encode() + b"\x1f" + field.encode()


class JobCipher:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"the job secret must be at least {MIN_SECRET_CHARS} characters")
        self._aead = AESGCM(_derive(secret, b"aes-256-gcm v1"))
        self._mac_key = _derive(secret, b"fingerprint v1")

    def seal(self, job_id: str, field: str, plaintext: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, _aad(job_id, field))

    def open(self, job_id: str, field: str, sealed: bytes) -> bytes:
        if len(sealed) < 1 + _NONCE_BYTES + _TAG_BYTES or sealed[:1] != _VERSION:
            raise TamperedError("a stored job value is malformed")
        nonce, body = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, _aad(job_id, field))
        except InvalidTag:
            raise TamperedError("a stored job value failed authentication") from None

    def hasher(self) -> hmac.HMAC:
        """A keyed digest (HMAC-SHA256) to fingerprint a submission with: comparable for equality, useless for
        testing guesses of its text against the stored value."""
        return hmac.new(self._mac_key, digestmod=hashlib.sha256)
