"""Entry point: `python -m phiguard.edge` serves the REST API with uvicorn."""

from __future__ import annotations

import uvicorn
from prometheus_client import start_http_server

from phiguard.common.logging import configure_logging
from phiguard.edge.config import EdgeSettings
from phiguard.edge.main import create_app


def main() -> None:
    settings = EdgeSettings()
    configure_logging("edge", settings.log_level)
    if settings.edge_metrics_port:
        start_http_server(settings.edge_metrics_port, addr=settings.edge_host)
    uvicorn.run(create_app(settings), host=settings.edge_host, port=settings.edge_port, log_config=None,
                access_log=False, proxy_headers=True, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
