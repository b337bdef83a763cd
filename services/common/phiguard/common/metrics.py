"""Prometheus metrics every gRPC server records, through one interceptor. Labels never carry PHI or keys."""

from __future__ import annotations

import time

import grpc
from prometheus_client import Counter, Histogram

GRPC_REQUESTS = Counter("phiguard_grpc_server_requests_total", "gRPC calls handled", ["service", "method", "code"])
GRPC_LATENCY = Histogram("phiguard_grpc_server_duration_seconds", "gRPC call duration", ["service", "method"],
                         buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


class MetricsInterceptor(grpc.aio.ServerInterceptor):
    """Counts and times every unary call by method and status code."""

    def __init__(self, service: str) -> None:
        self.service = service

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        method = handler_call_details.method.rsplit("/", 1)[-1]
        inner = handler.unary_unary
        service = self.service

        async def timed(request, context):
            start = time.perf_counter()
            code = "OK"
            try:
                return await inner(request, context)
            except Exception:
                code = (context.code() or grpc.StatusCode.UNKNOWN).name
                raise
            finally:
                GRPC_REQUESTS.labels(service, method, code).inc()
                GRPC_LATENCY.labels(service, method).observe(time.perf_counter() - start)

        return grpc.unary_unary_rpc_method_handler(timed, request_deserializer=handler.request_deserializer,
                                                   response_serializer=handler.response_serializer)
