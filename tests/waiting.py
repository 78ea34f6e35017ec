"""Waiting for a condition in tests, instead of sleeping and hoping it has happened.

``wait_until`` polls until a condition holds (and fails with a message at the deadline);
``holds_for`` checks that a condition keeps holding for a while, failing the moment it does
not: the honest way to test that something does *not* happen. Each has an ``async`` twin for
tests that run inside an event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["async_holds_for", "async_wait_until", "holds_for", "wait_until"]

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T], *, timeout: float, interval: float = 0.05, message: str = ""
) -> T:
    """The first truthy value of ``predicate()``, polled until ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(message or f"condition not met within {timeout} s")
        time.sleep(interval)
    return value


def holds_for(
    predicate: Callable[[], object], *, seconds: float, interval: float = 0.05, message: str = ""
) -> None:
    """Fail as soon as ``predicate()`` is falsy within the next ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        assert predicate(), message or "condition stopped holding"
        if time.monotonic() > deadline:
            return
        time.sleep(interval)


async def async_wait_until(
    predicate: Callable[[], T], *, timeout: float, interval: float = 0.05, message: str = ""
) -> T:
    """:func:`wait_until` for a test running in an event loop (the loop keeps running)."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(message or f"condition not met within {timeout} s")
        await asyncio.sleep(interval)
    return value


async def async_holds_for(
    predicate: Callable[[], object], *, seconds: float, interval: float = 0.05, message: str = ""
) -> None:
    """:func:`holds_for` for a test running in an event loop (the loop keeps running)."""
    deadline = time.monotonic() + seconds
    while True:
        assert predicate(), message or "condition stopped holding"
        if time.monotonic() > deadline:
            return
        await asyncio.sleep(interval)
