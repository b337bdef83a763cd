"""The launchers' helpers: ports handed to one stack never repeat, and a service that dies at start-up says why."""

from __future__ import annotations

import subprocess
import sys

import procs
import pytest
from procs import free_port
from stack import wait_http_ok


def _sockets_giving_back(ports: list[int]) -> type:
    """A socket class whose kernel hands out `ports` in turn, the same closed port twice as Linux may do."""
    given = iter(ports)

    class Socket:
        def __init__(self) -> None:
            self.port = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            return None

        def bind(self, address) -> None:
            self.port = next(given)

        def getsockname(self):
            return ("127.0.0.1", self.port)

    return Socket


def test_a_port_given_back_by_the_kernel_is_not_handed_out_twice(monkeypatch):
    monkeypatch.setattr(procs.socket, "socket", _sockets_giving_back([40001, 40001, 40002]))
    monkeypatch.setattr(procs, "_handed_out", set())
    assert [free_port(), free_port()] == [40001, 40002]


def test_a_service_dying_at_start_up_reports_its_last_log_lines(tmp_path):
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", "import sys; print('address already in use'); sys.exit(1)"],
                                stdout=out, stderr=out)
        proc.wait()
    said = r"worker exited with 1 during start-up; its log ends:\naddress already in use"
    with pytest.raises(RuntimeError, match=said):
        wait_http_ok(f"http://127.0.0.1:{free_port()}/", {"worker": proc}, timeout=10, log_dir=tmp_path)
