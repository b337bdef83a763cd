"""gRPC credentials for optional mutual TLS between PHIGuard services, built from PEM file paths.

The server side re-reads its files when they change (checked on each new connection), so certificates
rotated by cert-manager into a mounted Secret take effect without a restart.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import grpc

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


def _read(path: PathLike) -> bytes:
    return Path(path).read_bytes()


class _ServerCertificateReloader:
    def __init__(self, cert: PathLike, key: PathLike, client_ca: PathLike) -> None:
        self._paths = (cert, key, client_ca)
        self._stamp = self._mtimes()

    def _mtimes(self) -> tuple[int, ...]:
        # os.stat follows the ..data symlink swap Kubernetes uses to update Secret volumes.
        return tuple(os.stat(p).st_mtime_ns for p in self._paths)

    def configuration(self) -> grpc.ServerCertificateConfiguration:
        cert, key, client_ca = (_read(p) for p in self._paths)
        return grpc.ssl_server_certificate_configuration([(key, cert)], root_certificates=client_ca)

    def __call__(self) -> grpc.ServerCertificateConfiguration | None:
        try:
            stamp = self._mtimes()
            if stamp == self._stamp:
                return None
            config = self.configuration()
        except (OSError, ValueError, RuntimeError) as exc:
            # Mid-rotation files can be briefly missing or mismatched: keep serving the old ones.
            log.warning("TLS files unreadable, keeping the current certificate", extra={"error": type(exc).__name__})
            return None
        self._stamp = stamp
        log.info("TLS certificate reloaded")
        return config


def server_credentials(cert: PathLike, key: PathLike, client_ca: PathLike) -> grpc.ServerCredentials:
    """Server TLS that requires every client to present a certificate signed by `client_ca`."""
    reloader = _ServerCertificateReloader(cert, key, client_ca)
    return grpc.dynamic_ssl_server_credentials(reloader.configuration(), reloader, require_client_authentication=True)


def channel_credentials(ca: PathLike, cert: PathLike | None = None, key: PathLike | None = None
                        ) -> grpc.ChannelCredentials:
    """Client TLS trusting `ca`; with `cert` and `key`, also presents a client certificate (mutual TLS)."""
    if (cert is None) != (key is None):
        raise ValueError("a client certificate needs both cert and key")
    return grpc.ssl_channel_credentials(
        root_certificates=_read(ca),
        private_key=_read(key) if key is not None else None,
        certificate_chain=_read(cert) if cert is not None else None,
    )
