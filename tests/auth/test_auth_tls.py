"""Mutual TLS: with certificates configured, a client certificate from the right CA is required."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

import grpc
import pytest

# Test-only dependency (pinned in requirements-dev.txt); skip rather than break collection without it.
pytest.importorskip("cryptography", reason="cryptography is needed to mint throwaway certificates")

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

from authtest import BOOTSTRAP_KEY, make_settings, running_replica  # noqa: E402
from phiguard.common.tls import channel_credentials  # noqa: E402
from phiguard.v1 import auth_pb2  # noqa: E402


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _issue(subject: str, issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None, *, ca: bool = False,
           usage: ExtendedKeyUsageOID | None = None) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    signer_cert, signer_key = issuer if issuer else (None, key)
    builder = (x509.CertificateBuilder().subject_name(_name(subject))
               .issuer_name(signer_cert.subject if signer_cert else _name(subject))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=1)).not_valid_after(now + datetime.timedelta(hours=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                                        critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    return builder.sign(signer_key, hashes.SHA256()), key


def _write(directory: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> tuple[Path, Path]:
    cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    ca = _issue("phiguard test CA", None, ca=True)
    rogue_ca = _issue("someone else's CA", None, ca=True)
    paths: dict[str, Path] = {}
    paths["ca"], _ = _write(tmp_path, "ca", *ca)
    paths["server_cert"], paths["server_key"] = _write(
        tmp_path, "server", *_issue("auth", ca, usage=ExtendedKeyUsageOID.SERVER_AUTH))
    paths["client_cert"], paths["client_key"] = _write(
        tmp_path, "client", *_issue("edge", ca, usage=ExtendedKeyUsageOID.CLIENT_AUTH))
    paths["rogue_cert"], paths["rogue_key"] = _write(
        tmp_path, "rogue", *_issue("edge", rogue_ca, usage=ExtendedKeyUsageOID.CLIENT_AUTH))
    return paths


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
        new_ca = _issue("rotated CA", None, ca=True)
        new_dir = tmp_path / "new"
        new_dir.mkdir()
        ca_path, _ = _write(new_dir, "ca", *new_ca)
        client_cert, client_key = _write(new_dir, "client", *_issue("edge", new_ca,
                                                                    usage=ExtendedKeyUsageOID.CLIENT_AUTH))
        server_cert, server_key = _write(new_dir, "server", *_issue("auth", new_ca,
                                                                    usage=ExtendedKeyUsageOID.SERVER_AUTH))
        for src, dst in ((ca_path, pki["ca"]), (server_cert, pki["server_cert"]), (server_key, pki["server_key"])):
            dst.write_bytes(src.read_bytes())
        async with grpc.aio.secure_channel(f"localhost:{r.server.port}",
                                           channel_credentials(ca_path, client_cert, client_key)) as channel:
            reply = await r.stub.__class__(channel).Authorize(
                auth_pb2.AuthorizeRequest(api_key=BOOTSTRAP_KEY, action="detect"), timeout=5)
            assert reply.decision == auth_pb2.DECISION_ALLOWED
