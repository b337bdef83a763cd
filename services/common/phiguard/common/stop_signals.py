"""SIGINT and SIGTERM as a callback on the event loop, without a way to lose them; SIGUSR1 dumps stacks.

Not `loop.add_signal_handler`: it passes each signal's number through the loop's self-pipe, the same
pipe every `call_soon_threadsafe` writes to, and a full pipe drops the number (CPython only warns on
stderr). A process that loses its SIGTERM runs until Kubernetes kills it, and its work is handed back
only after the claim timeout. Here the signal sets CPython's per-signal flag, which cannot overflow;
the wake-up socket only ends the loop's wait, so a full one loses nothing.
"""

from __future__ import annotations

import asyncio
import faulthandler
import signal
import socket
import sys
from collections.abc import Callable

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Wakeup:
    """The socket pair whose write end is the process's signal wake-up fd, read by one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.read_end, self.write_end = socket.socketpair()
        for end in (self.read_end, self.write_end):
            end.setblocking(False)
        loop.add_reader(self.read_end.fileno(), self.drain)
        # A signal taken by another thread still ends the main thread's wait, so its handler runs at once.
        signal.set_wakeup_fd(self.write_end.fileno(), warn_on_full_buffer=False)

    def drain(self) -> None:
        try:
            while self.read_end.recv(4096):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self.read_end.fileno())
        self.read_end.close()
        self.write_end.close()


_wakeup: _Wakeup | None = None


def on_stop_signal(callback: Callable[[], None]) -> None:
    """Runs `callback` on the running loop at each SIGINT or SIGTERM; call from the loop's (main) thread."""
    global _wakeup  # noqa: PLW0603 - one wake-up fd per process, as the signal module allows
    loop = asyncio.get_running_loop()
    if _wakeup is None or _wakeup.loop is not loop:
        if _wakeup is not None:
            _wakeup.close()
        _wakeup = _Wakeup(loop)

    def handler(_signum: int, _frame: object) -> None:
        # Runs in the main thread between bytecodes; scheduling is all it does. Once the loop has closed
        # the process is exiting anyway, and a signal then has nothing left to stop.
        if not loop.is_closed():
            loop.call_soon_threadsafe(callback)

    for sig in STOP_SIGNALS:
        signal.signal(sig, handler)


def dump_stacks_on_sigusr1() -> None:
    """`kill -USR1` writes every thread's stack to stderr: code locations only, never values."""
    faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
