"""Time limits: work and seconds in, its value out, or an exception once the time is up.

    within(seconds, work)      work that cannot be interrupted (a socket read, a SPARQL
                               evaluation in rdflib or Oxigraph) runs in a daemon thread and
                               the caller stops waiting for it: TimeoutError. The thread ends
                               with its own timeouts, or with the process.
    with time_limit(seconds):  Python code in the main thread is interrupted by SIGALRM:
                               Overtime. Elsewhere (another thread, no SIGALRM) no limit.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def within(seconds: float | None, work: Callable[[], T], name: str = "kg-work") -> T:
    """work(), or TimeoutError if it has not returned within seconds (None: no limit)."""
    if seconds is None:
        return work()
    done: dict = {}

    def run() -> None:
        try:
            done["value"] = work()
        except BaseException as e:  # handed to the caller's thread
            done["error"] = e

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError
    if "error" in done:
        raise done["error"]
    return done["value"]


class Overtime(BaseException):
    """The time of a time_limit block is up. A BaseException, so that no `except Exception`
    inside the block swallows it and runs on."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise Overtime in the block once it has run for seconds (None or 0: no limit). Only in
    the main thread where SIGALRM exists; elsewhere the block runs without a limit."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Overtime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
