"""Entry point: `python -m phiguard.edge` serves the REST API with uvicorn."""

from __future__ import annotations

import uvicorn
from prometheus_client import start_http_server

from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from phiguard.common.logging import configure_logging
from phiguard.common.telemetry import setup_tracing
from phiguard.edge.config import EdgeSettings
from phiguard.edge.main import create_app


def main() -> None:
    settings = EdgeSettings()
    try:
        settings.job_cipher()  # jobs are encrypted at rest: no secret, no start
    except ValueError as exc:
        raise SystemExit(f"edge: {exc}") from None
    configure_logging("edge", settings.log_level)
    setup_tracing("edge")
    if settings.edge_metrics_port:
        start_http_server(settings.edge_metrics_port, addr=settings.edge_host)
    app = create_app(settings)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="api/v1/health,api/v1/ready")
    uvicorn.run(app, host=settings.edge_host, port=settings.edge_port, log_config=None,
                access_log=False,
                # Forwarded headers are read by EdgeMiddleware, from PHIGUARD_TRUSTED_PROXIES only: uvicorn's
                # own handling would believe any loopback peer.
                proxy_headers=False, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
