"""One trace across edge → auth, edge → inference and edge → Redis → worker → inference (a job), exported over
real OTLP to a receiver in the test."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from concurrent import futures

import grpc
import httpx
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

from phiguard.v1 import deidentification_pb2 as pb
from phiguard.v1 import deidentification_pb2_grpc as pb_grpc
from procs import free_port
from stack import running_stack, stack_env

PHI = "Ottoline Brackenbury-Fitch"


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self) -> None:
        self.spans: list[tuple[str, str, str, dict]] = []  # (service, span name, trace id, attributes)
        self.lock = threading.Lock()

    def Export(self, request, context):
        with self.lock:
            for resource_spans in request.resource_spans:
                service = next(a.value.string_value for a in resource_spans.resource.attributes
                               if a.key == "service.name")
                for scope in resource_spans.scope_spans:
                    for span in scope.spans:
                        attrs = {a.key: str(a.value) for a in span.attributes}
                        self.spans.append((service, span.name, span.trace_id.hex(), attrs))
        return trace_service_pb2.ExportTraceServiceResponse()


def test_one_trace_across_every_hop(redis_url, tmp_path):
    receiver = Receiver()
    server = grpc.server(futures.ThreadPoolExecutor(4))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, server)
    port = free_port()
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    env = stack_env(redis_url, "phg_trace_admin_" + "y" * 32, OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{port}",
                    OTEL_EXPORTER_OTLP_INSECURE="true", OTEL_BSP_SCHEDULE_DELAY="200")
    try:
        with running_stack(env, tmp_path / "logs") as stack:
            headers = {"X-API-Key": stack.admin_key}
            reply = httpx.post(f"{stack.edge_url}/api/v1/deidentify", json={"text": f"Patient {PHI}, SSN 123-45-6789"},
                               headers=headers, timeout=30)
            assert reply.status_code == 200
            with grpc.insecure_channel(f"127.0.0.1:{env['PHIGUARD_EDGE_GRPC_PORT']}") as channel:
                pb_grpc.DeidentificationServiceStub(channel).Deidentify(
                    pb.DeidentifyTextRequest(text=f"Patient {PHI}, SSN 123-45-6789"),
                    metadata=(("x-api-key", stack.admin_key),), timeout=30)
            job = httpx.post(f"{stack.edge_url}/api/v1/process/async", headers=headers, timeout=30,
                             json={"documents": [{"id": "a", "text": f"{PHI} SSN 123-45-6789"}]}).json()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with receiver.lock:
                    worker_spans = [n for s, n, *_ in receiver.spans if s == "phiguard-worker"]
                if "job.process" in worker_spans and any("Deidentify" in n for n in worker_spans):
                    break
                time.sleep(0.2)
            status = httpx.get(f"{stack.edge_url}/api/v1/process/status/{job['job_id']}", headers=headers).json()
            assert status["status"] == "succeeded"
            time.sleep(1.0)
    finally:
        server.stop(0)
    by_trace: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for service, name, trace_id, _ in receiver.spans:
        by_trace[trace_id].add((service, name))
    hops = {("phiguard-auth", "/phiguard.v1.AuthService/Authorize"),
            ("phiguard-inference", "/phiguard.v1.InferenceService/Deidentify")}
    joined = [spans for spans in by_trace.values() if hops <= spans]
    assert joined, f"no trace holds both hops: {dict(by_trace)}"
    assert any(service == "phiguard-edge" for service, _ in joined[0])
    # A call on the public gRPC API: the edge's server span and the same two hops, in one trace.
    public = {("phiguard-edge", "/phiguard.v1.DeidentificationService/Deidentify")} | hops
    assert [spans for spans in by_trace.values() if public <= spans], "the public gRPC call's hops are not one trace"
    job_hops = {("phiguard-worker", "job.process"), ("phiguard-inference", "/phiguard.v1.InferenceService/Deidentify")}
    job_traces = [spans for spans in by_trace.values() if job_hops <= spans]
    assert job_traces, "the worker's spans did not join the submitting request's trace"
    assert any(service == "phiguard-edge" and "process/async" in name for service, name in job_traces[0])
    for *_, attrs in receiver.spans:
        assert not any(PHI in value or "123-45-6789" in value for value in attrs.values())
