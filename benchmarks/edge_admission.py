"""Bench-only launcher: the edge as `python -m phiguard.edge` serves it, with AdmissionMiddleware wired
exactly where main.py is to wire it (just inside EdgeMiddleware). Used by bench_service.py to measure
load shedding while main.py does not wire admission itself yet; once EdgeSettings has `max_in_flight`
the bench measures the real edge and this file is not needed.

Environment: the usual PHIGUARD_* edge settings, plus PHIGUARD_MAX_IN_FLIGHT (the limit).
"""

from __future__ import annotations

import os

import uvicorn
from starlette.middleware import Middleware

from phiguard.common.logging import configure_logging
from phiguard.edge.admission import AdmissionMiddleware
from phiguard.edge.config import EdgeSettings
from phiguard.edge.main import create_app


def main() -> None:
    settings = EdgeSettings()
    configure_logging("edge", settings.log_level)
    app = create_app(settings)
    # user_middleware[0] is EdgeMiddleware (added last, outermost): index 1 is just inside it, the same
    # place as `app.add_middleware(AdmissionMiddleware, ...)` written right before EdgeMiddleware's line.
    app.user_middleware.insert(1, Middleware(AdmissionMiddleware,
                                             max_in_flight=int(os.environ.get("PHIGUARD_MAX_IN_FLIGHT", "64"))))
    uvicorn.run(app, host=settings.edge_host, port=settings.edge_port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
