"""Mutual TLS: with certificates configured, a client certificate from the right CA is required."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest

# Test-only dependency (pinned in requirements-dev.txt); skip rather than break collection without it.
pytest.importorskip("cryptography", reason="cryptography is needed to mint throwaway certificates")

from authtest import BOOTSTRAP_KEY, make_settings, running_replica  # noqa: E402
from phiguard.common.tls import channel_credentials  # noqa: E402
from phiguard.v1 import auth_pb2  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID  # noqa: E402
from pki import issue, make_pki, write_pem  # noqa: E402


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    return make_pki(tmp_path)


async def test_authorize_over_mutual_tls(redis_url, redis_client, pki):
    settings = make_settings(redis_url, auth_tls_cert=pki["server_cert"], auth_tls_key=pki["server_key"],
                             auth_tls_client_ca=pki["ca"])
    good = channel_credentials(pki["ca"], pki["client_cert"], pki["client_key"])
    async with running_replica(settings, good, target_host="localhost") as r:
        reply = await r.authorize(BOOTSTRAP_KEY, "keys.manage")
        assert reply.decision == auth_pb2.DECISION_ALLOWED

        port = r.server.port
        for credentials in (channel_credentials(pki["ca"]),  # no client certificate
                            channel_credentials(pki["ca"], pki["rogue_cert"], pki["rogue_key"])):
            async with grpc.aio.secure_channel(f"localhost:{port}", credentials) as channel:
                stub = r.stub.__class__(channel)
                with pytest.raises(grpc.aio.AioRpcError) as err:
                    await stub.Authorize(auth_pb2.AuthorizeRequest(api_key=BOOTSTRAP_KEY, action="detect"), timeout=5)
                assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        async with grpc.aio.insecure_channel(f"localhost:{port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError):
                await r.stub.__class__(channel).Authorize(auth_pb2.AuthorizeRequest(action="detect"), timeout=5)


def test_partial_tls_settings_refuse_to_start(redis_url, pki):
    with pytest.raises(ValueError, match="together"):
        make_settings(redis_url, auth_tls_cert=pki["server_cert"], auth_tls_key=pki["server_key"])


async def test_rotated_certificates_apply_without_restart(redis_url, redis_client, pki, tmp_path):
    settings = make_settings(redis_url, auth_tls_cert=pki["server_cert"], auth_tls_key=pki["server_key"],
                             auth_tls_client_ca=pki["ca"])
    old = channel_credentials(pki["ca"], pki["client_cert"], pki["client_key"])
    async with running_replica(settings, old, target_host="localhost") as r:
        assert (await r.authorize(BOOTSTRAP_KEY)).decision == auth_pb2.DECISION_ALLOWED
        # A whole new PKI written over the mounted files, as cert-manager would.
        new_ca = issue("rotated CA", None, ca=True)
        new_dir = tmp_path / "new"
        new_dir.mkdir()
        ca_path, _ = write_pem(new_dir, "ca", *new_ca)
        client_cert, client_key = write_pem(new_dir, "client", *issue("edge", new_ca,
                                                                    usage=ExtendedKeyUsageOID.CLIENT_AUTH))
        server_cert, server_key = write_pem(new_dir, "server", *issue("auth", new_ca,
                                                                    usage=ExtendedKeyUsageOID.SERVER_AUTH))
        for src, dst in ((ca_path, pki["ca"]), (server_cert, pki["server_cert"]), (server_key, pki["server_key"])):
            dst.write_bytes(src.read_bytes())
        async with grpc.aio.secure_channel(f"localhost:{r.server.port}",
                                           channel_credentials(ca_path, client_cert, client_key)) as channel:
            reply = await r.stub.__class__(channel).Authorize(
                auth_pb2.AuthorizeRequest(api_key=BOOTSTRAP_KEY, action="detect"), timeout=5)
            assert reply.decision == auth_pb2.DECISION_ALLOWED
