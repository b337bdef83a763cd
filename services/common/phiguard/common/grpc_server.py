"""What every PHIGuard gRPC server shares: health, reflection, keepalive, graceful drain on SIGTERM."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from phiguard.common.metrics import MetricsInterceptor
from phiguard.common.stop_signals import on_stop_signal

log = logging.getLogger(__name__)

# Named grpc.health.v1 services, one per probe role (Kubernetes gRPC probes take a `service`):
# "liveness" answers for the process alone (SERVING from start until the server stops, draining included), so
# a dependency outage never restarts pods; "readiness" follows set_serving, which a server ties to its
# dependencies (auth: Redis) and turns off while draining. The default "" service and each API service follow
# readiness too, as before.
LIVENESS = "liveness"
READINESS = "readiness"

# Bounded connection age makes long-lived HTTP/2 clients reconnect, so new pods behind a headless
# Service get traffic; keepalive detects dead peers.
SERVER_OPTIONS = (
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
    ("grpc.max_connection_age_ms", 300_000),
    ("grpc.max_connection_age_grace_ms", 30_000),
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
    ("grpc.max_send_message_length", 64 * 1024 * 1024),
)


async def wait_for_stop_signal() -> None:
    """Returns on the first SIGINT or SIGTERM (Ctrl-C, or Kubernetes stopping the pod)."""
    stop_event = asyncio.Event()
    on_stop_signal(stop_event.set)
    await stop_event.wait()


class GrpcService:
    """An asyncio gRPC server with the standard health and reflection services."""

    def __init__(
        self,
        service_names: Iterable[str],
        register: Callable[[grpc.aio.Server], None],
        address: str,
        credentials: grpc.ServerCredentials | None = None,
        interceptors: Iterable[grpc.aio.ServerInterceptor] = (),
        options: Iterable[tuple[str, object]] = (),
    ) -> None:
        self.service_names = tuple(service_names)
        label = self.service_names[0].rsplit(".", 1)[-1] if self.service_names else "grpc"
        self.server = grpc.aio.server(options=(*SERVER_OPTIONS, *options),
                                      interceptors=(MetricsInterceptor(label), *interceptors))
        register(self.server)
        self.health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        reflection.enable_server_reflection(
            (*self.service_names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
             reflection.SERVICE_NAME),
            self.server,
        )
        if credentials is None:
            self.port = self.server.add_insecure_port(address)
        else:
            self.port = self.server.add_secure_port(address, credentials)

    async def set_serving(self, serving: bool) -> None:
        status = (health_pb2.HealthCheckResponse.SERVING if serving
                  else health_pb2.HealthCheckResponse.NOT_SERVING)
        for name in ("", READINESS, *self.service_names):
            await self.health.set(name, status)

    async def start(self) -> None:
        await self.server.start()
        await self.health.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        await self.set_serving(True)

    async def stop(self, grace: float) -> None:
        # Report NOT_SERVING first so load balancers and probes stop sending, then drain.
        await self.set_serving(False)
        await self.server.stop(grace)

    async def serve_until_signal(self, grace: float) -> None:
        await self.start()
        await wait_for_stop_signal()
        log.info("shutting down", extra={"grace_s": grace})
        await self.stop(grace)
