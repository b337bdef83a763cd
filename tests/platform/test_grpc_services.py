"""Every gRPC server exposes grpc.health.v1 and server reflection."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

SERVICES = {"inference": "phiguard.v1.InferenceService", "auth": "phiguard.v1.AuthService"}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_health_and_reflection(stack, service):
    port = stack.env[f"PHIGUARD_{service.upper()}_PORT"]
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ("", SERVICES[service]):
            reply = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        replies = reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                                  timeout=5)
        listed = {s.name for r in replies for s in r.list_services_response.service}
    assert {SERVICES[service], "grpc.health.v1.Health"} <= listed


def test_inference_refuses_texts_over_the_edge_limit_by_default(stack):
    # Nothing larger than a REST text may reach the engine: the worker cuts job documents into
    # smaller windows, and any other caller gets a clear error that does not echo the text.
    from phiguard.v1 import inference_pb2, inference_pb2_grpc

    port = stack.env["PHIGUARD_INFERENCE_PORT"]
    limit = 100_000
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        assert stub.Detect(inference_pb2.DetectRequest(text="x" * limit), timeout=60) is not None
        with pytest.raises(grpc.RpcError) as refused:
            stub.Detect(inference_pb2.DetectRequest(text="Ab-" * (limit // 3) + "zqzq"), timeout=60)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert str(limit) in refused.value.details() and "zqzq" not in refused.value.details()
