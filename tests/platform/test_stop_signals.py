"""Stop signals reach a busy process: SIGTERM is handled even when the event loop's self-pipe is full,
and SIGUSR1 writes every thread's stack (code locations, no values) to stderr.

Each case runs in its own interpreter so that its signal handlers never touch pytest's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

COMMON = Path(__file__).resolve().parents[2] / "services" / "common"


def _run(tmp_path: Path, body: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """Runs `body` in a fresh interpreter that imports phiguard.common from the source tree."""
    script = tmp_path / "case.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(COMMON)!r})\n" + body)
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=timeout)


# The loop thread is blocked while another thread schedules 600,000 callbacks: each writes a byte to
# the loop's self-pipe, which fills. Then the process sends itself SIGTERM and lets the loop run.
_BUSY_LOOP_GETS_SIGTERM = """
import asyncio, os, signal, threading
from phiguard.common.stop_signals import on_stop_signal

async def main(mode):
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    if mode == "add_signal_handler":
        loop.add_signal_handler(signal.SIGTERM, stopped.set)
    else:
        on_stop_signal(stopped.set)

    def flood():
        for _ in range(600_000):
            loop.call_soon_threadsafe(lambda: None)

    flooder = threading.Thread(target=flood)
    flooder.start()
    flooder.join()
    os.kill(os.getpid(), signal.SIGTERM)
    try:
        await asyncio.wait_for(stopped.wait(), 10)
        print("handled")
    except TimeoutError:
        print("lost")

asyncio.run(main(sys.argv[1]))
"""


@pytest.mark.parametrize(("mode", "outcome"), [
    ("on_stop_signal", "handled"),
    # asyncio's own way passes the signal's number through that full pipe, and the number is dropped:
    # the reason on_stop_signal exists (a worker that missed SIGTERM kept its job until it was killed).
    ("add_signal_handler", "lost"),
])
def test_sigterm_reaches_a_loop_whose_self_pipe_is_full(tmp_path: Path, mode: str, outcome: str):
    done = _run(tmp_path, _BUSY_LOOP_GETS_SIGTERM, mode, timeout=120)
    assert done.stdout.strip() == outcome, done.stderr[-2000:]


def test_sigusr1_dumps_every_threads_stack_without_values(tmp_path: Path):
    done = _run(tmp_path, """
import os, signal, threading, time
from phiguard.common.stop_signals import dump_stacks_on_sigusr1

def waiting_in_a_helper_thread(secret):
    time.sleep(5)

dump_stacks_on_sigusr1()
threading.Thread(target=waiting_in_a_helper_thread, args=("John Smith",), daemon=True).start()
time.sleep(0.2)
os.kill(os.getpid(), signal.SIGUSR1)
print("alive")
""", timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "alive"
    assert "waiting_in_a_helper_thread" in done.stderr and "Current thread" in done.stderr
    assert "John Smith" not in done.stderr


def test_a_second_loop_takes_the_signal_over_and_a_closed_one_ignores_it(tmp_path: Path):
    done = _run(tmp_path, """
import asyncio, os, signal
from phiguard.common.stop_signals import on_stop_signal

async def stopped_by_sigterm():
    stopped = asyncio.Event()
    on_stop_signal(stopped.set)
    asyncio.get_running_loop().call_later(0.1, os.kill, os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(stopped.wait(), 10)

asyncio.run(stopped_by_sigterm())
asyncio.run(stopped_by_sigterm())  # a later loop (a restarted server in one process) is stopped too
os.kill(os.getpid(), signal.SIGTERM)  # after the last loop closed: nothing to stop, nothing raised
print("both stopped")
""", timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "both stopped", done.stderr[-2000:]
