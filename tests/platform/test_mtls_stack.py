"""With mutual TLS configured, every gRPC hop runs over mTLS (edge → auth, edge → inference, worker →
inference), and plaintext is refused."""

from __future__ import annotations

import time

import grpc
import httpx
import pytest
import redis

pytest.importorskip("cryptography", reason="cryptography is needed to mint throwaway certificates")

from phiguard.v1 import inference_pb2, inference_pb2_grpc  # noqa: E402
from phiguard.worker.config import WorkerSettings  # noqa: E402
from phiguard.worker.inference import InferenceClient, JobFailed  # noqa: E402
from pki import make_pki  # noqa: E402
from stack import running_stack, stack_env  # noqa: E402

# Its own database of the session's Redis, so no other stack's worker takes this stack's jobs.
_DB = 7
CLIENT_TLS = ("PHIGUARD_GRPC_TLS_CA", "PHIGUARD_GRPC_TLS_CERT", "PHIGUARD_GRPC_TLS_KEY")


@pytest.fixture(scope="module")
def mtls_stack(redis_url, tmp_path_factory):
    pki = make_pki(tmp_path_factory.mktemp("pki"))
    server = {"CERT": pki["server_cert"], "KEY": pki["server_key"], "CLIENT_CA": pki["ca"]}
    url = redis_url.rsplit("/", 1)[0] + f"/{_DB}"
    with redis.Redis.from_url(url) as r:
        r.flushdb()
    # One environment for every process, as on a node where the same variables reach all four services.
    env = stack_env(url, "phg_mtls_admin_" + "x" * 32, PHIGUARD_MODEL_ENABLED="false",
                    **{f"PHIGUARD_{svc}_TLS_{k}": str(v) for svc in ("AUTH", "INFERENCE") for k, v in server.items()},
                    **dict(zip(CLIENT_TLS, (str(pki["ca"]), str(pki["client_cert"]), str(pki["client_key"])),
                               strict=True)))
    with running_stack(env, tmp_path_factory.mktemp("mtls-logs")) as stack:
        yield stack


def test_edge_hops_run_over_mutual_tls(mtls_stack):
    reply = httpx.post(f"{mtls_stack.edge_url}/api/v1/detect", json={"text": "SSN 123-45-6789"},
                       headers={"X-API-Key": mtls_stack.admin_key}, timeout=30)
    assert reply.status_code == 200 and reply.json()["entity_count"] == 1
    with grpc.insecure_channel(f"127.0.0.1:{mtls_stack.env['PHIGUARD_INFERENCE_PORT']}") as channel:
        with pytest.raises(grpc.RpcError):
            inference_pb2_grpc.InferenceServiceStub(channel).GetModelInfo(inference_pb2.ModelInfoRequest(), timeout=5)


def test_worker_runs_a_job_against_mtls_only_inference(mtls_stack):
    with httpx.Client(base_url=f"{mtls_stack.edge_url}/api/v1", headers={"X-API-Key": mtls_stack.admin_key},
                      timeout=30) as api:
        accepted = api.post("/process/async", json={"documents": [{"text": "SSN 123-45-6789"}]})
        assert accepted.status_code == 202, accepted.text
        job_id = accepted.json()["job_id"]
        deadline = time.monotonic() + 60
        while (status := api.get(f"/process/status/{job_id}").json())["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, f"job still {status['status']} after 60 s"
            time.sleep(0.2)
        assert status["status"] == "succeeded", status
        (result,) = api.get(f"/process/result/{job_id}").json()["results"]
    assert result["deidentified_text"] == "SSN [SSN]"


def _worker_settings(env: dict[str, str], monkeypatch, *, tls: bool) -> WorkerSettings:
    # Built the way `python -m phiguard.worker` builds them: from the environment alone.
    for name, value in env.items():
        if name.startswith("PHIGUARD_"):
            monkeypatch.setenv(name, value)
    if not tls:
        for name in CLIENT_TLS:
            monkeypatch.delenv(name)
    monkeypatch.setenv("PHIGUARD_RETRY_BUDGET_S", "0")
    return WorkerSettings()


async def test_worker_inference_client_uses_the_tls_settings(mtls_stack, monkeypatch):
    request = inference_pb2.DeidentifyRequest(text="SSN 123-45-6789", strategy="placeholder")
    client = InferenceClient(_worker_settings(mtls_stack.env, monkeypatch, tls=True))
    try:
        assert (await client.deidentify(request)).deidentified_text == "SSN [SSN]"
    finally:
        await client.close()
    # The control: the same worker without its client certificate is refused.
    client = InferenceClient(_worker_settings(mtls_stack.env, monkeypatch, tls=False))
    try:
        with pytest.raises(JobFailed, match="UNAVAILABLE"):
            await client.deidentify(request)
    finally:
        await client.close()
