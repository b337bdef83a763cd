"""Throwaway PKI for mutual-TLS tests: a CA, server and client certificates, and a rogue CA's client."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def issue(subject: str, issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None, *, ca: bool = False,
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


def write_pem(directory: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> tuple[Path, Path]:
    cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def make_pki(tmp_path: Path) -> dict[str, Path]:
    ca = issue("phiguard test CA", None, ca=True)
    rogue_ca = issue("someone else's CA", None, ca=True)
    paths: dict[str, Path] = {}
    paths["ca"], _ = write_pem(tmp_path, "ca", *ca)
    paths["server_cert"], paths["server_key"] = write_pem(
        tmp_path, "server", *issue("auth", ca, usage=ExtendedKeyUsageOID.SERVER_AUTH))
    paths["client_cert"], paths["client_key"] = write_pem(
        tmp_path, "client", *issue("edge", ca, usage=ExtendedKeyUsageOID.CLIENT_AUTH))
    paths["rogue_cert"], paths["rogue_key"] = write_pem(
        tmp_path, "rogue", *issue("edge", rogue_ca, usage=ExtendedKeyUsageOID.CLIENT_AUTH))
    return paths
