"""Prometheus metrics every gRPC server records, through one interceptor. Labels never carry PHI or keys."""

from __future__ import annotations

import asyncio
import time

import grpc
from prometheus_client import Counter, Histogram

GRPC_REQUESTS = Counter("phiguard_grpc_server_requests_total", "gRPC calls handled", ["service", "method", "code"])
GRPC_LATENCY = Histogram("phiguard_grpc_server_duration_seconds", "gRPC call duration", ["service", "method"],
                         buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


class MetricsInterceptor(grpc.aio.ServerInterceptor):
    """Counts and times every unary call, and every bidirectional stream as one call, by method and status code."""

    def __init__(self, service: str) -> None:
        self.service = service

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        method = handler_call_details.method.rsplit("/", 1)[-1]
        service = self.service

        def record(context, start: float, failed: BaseException | None) -> None:
            code = "OK"
            if failed is not None:
                fallback = grpc.StatusCode.CANCELLED if isinstance(failed, asyncio.CancelledError | GeneratorExit) \
                    else grpc.StatusCode.UNKNOWN
                code = (context.code() or fallback).name
            GRPC_REQUESTS.labels(service, method, code).inc()
            GRPC_LATENCY.labels(service, method).observe(time.perf_counter() - start)

        if handler.unary_unary is not None:
            inner = handler.unary_unary

            async def timed(request, context):
                start, failed = time.perf_counter(), None
                try:
                    return await inner(request, context)
                except BaseException as exc:
                    failed = exc
                    raise
                finally:
                    record(context, start, failed)

            return grpc.unary_unary_rpc_method_handler(timed, request_deserializer=handler.request_deserializer,
                                                       response_serializer=handler.response_serializer)
        if handler.stream_stream is not None:
            inner_stream = handler.stream_stream

            async def timed_stream(request_iterator, context):
                start, failed = time.perf_counter(), None
                try:
                    async for response in inner_stream(request_iterator, context):
                        yield response
                except BaseException as exc:
                    failed = exc
                    raise
                finally:
                    record(context, start, failed)

            return grpc.stream_stream_rpc_method_handler(
                timed_stream, request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer)
        return handler
