"""OpenTelemetry tracing for every service, configured by the standard OTEL_* variables.

Spans carry methods, routes, status codes and ids; instrumentations here never record payloads, so
no clinical text reaches a trace.
"""

from __future__ import annotations

import os

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter


def setup_tracing(service: str, exporter: SpanExporter | None = None) -> TracerProvider:
    """Install the process's tracer provider and instrument gRPC; call before creating servers or channels.

    Sampling follows OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (the SDK reads them). Spans are exported
    over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set, else only propagated.
    """
    from opentelemetry.instrumentation.grpc import (  # noqa: PLC0415 - heavy imports, once per process
        GrpcAioInstrumentorClient, GrpcAioInstrumentorServer, GrpcInstrumentorClient)

    provider = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME",
                                                                                       f"phiguard-{service}")}))
    if exporter is None and (os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
                             or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")):
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter  # noqa: PLC0415

        exporter = OTLPSpanExporter()
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    GrpcAioInstrumentorServer().instrument()
    GrpcAioInstrumentorClient().instrument()
    GrpcInstrumentorClient().instrument()
    return provider
