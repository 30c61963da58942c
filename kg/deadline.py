"""A time limit on work that cannot be interrupted: a function and seconds in, its value out
(or TimeoutError).

A socket read or a SPARQL evaluation in rdflib or Oxigraph cannot be stopped from outside,
so the work runs in a daemon thread and the caller stops waiting for it; the thread ends
with its own timeouts, or with the process.
"""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

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
