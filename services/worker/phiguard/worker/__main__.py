"""Entry point: `python -m phiguard.worker` runs async jobs from the Redis Stream consumer group."""

from __future__ import annotations

import asyncio
import logging

import redis.asyncio as aioredis
from phiguard.common.jobs.store import JobStore
from phiguard.common.logging import configure_logging
from phiguard.common.stop_signals import dump_stacks_on_sigusr1, on_stop_signal
from phiguard.common.telemetry import setup_tracing
from phiguard.worker.config import WorkerSettings
from phiguard.worker.deid import DocumentDeidentifier
from phiguard.worker.inference import InferenceClient
from phiguard.worker.processor import JobProcessor, Shutdown
from phiguard.worker.queue_metrics import QueueCollector, queue_client
from phiguard.worker.runner import Worker
from prometheus_client import REGISTRY, start_http_server

log = logging.getLogger("phiguard.worker")


async def serve(settings: WorkerSettings) -> None:
    shutdown = Shutdown()
    # Graceful: the current document finishes (or the grace runs out) and the job goes back.
    on_stop_signal(shutdown.request)
    redis = aioredis.Redis.from_url(settings.redis_url, socket_connect_timeout=2.0,
                                    socket_timeout=settings.block_ms / 1000 + 5.0, health_check_interval=30)
    client = InferenceClient(settings)
    store = JobStore(redis, settings.job_ttl_s, cipher=settings.job_cipher())
    processor = JobProcessor(store, DocumentDeidentifier(client, settings), settings, shutdown)
    try:
        await Worker(redis, store, processor, settings, shutdown).run()
    finally:
        await client.close()
        await redis.aclose()


def main() -> None:
    settings = WorkerSettings()
    try:
        settings.job_cipher()  # jobs are encrypted at rest: no secret, no start
    except ValueError as exc:
        raise SystemExit(f"worker: {exc}") from None
    configure_logging("worker", settings.log_level)
    dump_stacks_on_sigusr1()
    setup_tracing("worker")
    if settings.worker_metrics_port:
        # Its own synchronous client: scrapes run on the metrics server's threads, not the event loop.
        REGISTRY.register(QueueCollector(queue_client(settings.redis_url)))
        start_http_server(settings.worker_metrics_port, addr=settings.worker_host)
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
