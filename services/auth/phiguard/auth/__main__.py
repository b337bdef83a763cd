"""Entry point: `python -m phiguard.auth` serves the AuthService over gRPC until SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import logging

from phiguard.auth.config import AuthSettings
from phiguard.auth.server import AuthServer
from phiguard.common.grpc_server import wait_for_stop_signal
from phiguard.common.logging import configure_logging
from phiguard.common.telemetry import setup_tracing
from prometheus_client import start_http_server

log = logging.getLogger("phiguard.auth")


async def serve(settings: AuthSettings) -> None:
    server = AuthServer(settings)
    if settings.auth_metrics_port:
        start_http_server(settings.auth_metrics_port, addr=settings.auth_host)
    await server.start()
    log.info("auth listening", extra={"port": server.port, "mtls": settings.tls_enabled})
    await wait_for_stop_signal()
    log.info("shutting down", extra={"grace_s": settings.grace_seconds})
    await server.stop(settings.grace_seconds)
    log.info("auth stopped")


def main() -> None:
    settings = AuthSettings()
    configure_logging("auth", settings.log_level)
    setup_tracing("auth")
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
