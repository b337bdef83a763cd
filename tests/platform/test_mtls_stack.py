"""With mutual TLS configured, edge → auth and edge → inference run over mTLS, and plaintext is refused."""

from __future__ import annotations

import grpc
import httpx
import pytest

pytest.importorskip("cryptography", reason="cryptography is needed to mint throwaway certificates")

from phiguard.v1 import inference_pb2, inference_pb2_grpc  # noqa: E402
from pki import make_pki  # noqa: E402
from stack import running_stack, stack_env  # noqa: E402


def test_hops_run_over_mutual_tls(redis_url, tmp_path):
    pki = make_pki(tmp_path)
    server = {"CERT": pki["server_cert"], "KEY": pki["server_key"], "CLIENT_CA": pki["ca"]}
    env = stack_env(redis_url, "phg_mtls_admin_" + "x" * 32,
                    **{f"PHIGUARD_{svc}_TLS_{k}": str(v) for svc in ("AUTH", "INFERENCE") for k, v in server.items()},
                    PHIGUARD_GRPC_TLS_CA=str(pki["ca"]), PHIGUARD_GRPC_TLS_CERT=str(pki["client_cert"]),
                    PHIGUARD_GRPC_TLS_KEY=str(pki["client_key"]))
    with running_stack(env, tmp_path / "logs", services=("inference", "auth", "edge")) as stack:
        reply = httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": "SSN 123-45-6789"},
                           headers={"X-API-Key": stack.admin_key}, timeout=30)
        assert reply.status_code == 200 and reply.json()["entity_count"] == 1
        with grpc.insecure_channel(f"127.0.0.1:{env['PHIGUARD_INFERENCE_PORT']}") as channel:
            with pytest.raises(grpc.RpcError):
                inference_pb2_grpc.InferenceServiceStub(channel).GetModelInfo(inference_pb2.ModelInfoRequest(),
                                                                              timeout=5)
