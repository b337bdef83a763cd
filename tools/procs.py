"""Process and port helpers shared by the launchers in tools/."""

from __future__ import annotations

import ctypes
import signal
import socket

_handed_out: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on now, never one this process has handed out before.

    The kernel may give a closed port back to the next bind, so two services of one stack could otherwise be told
    to listen on the same port, and the second would die at start-up."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port


def die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM when its parent dies, so no orphan outlives a killed parent."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
