"""What the executor needs from the durable runtime (DBOS, in presswright.flows.runtime)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

__all__ = ["Durable", "Reservation"]


class Reservation(Protocol):
    """A step position drawn in advance, so concurrent steps replay in the same order."""

    async def run(self, name: str, work: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``work`` as the reserved step; after a crash its recorded result comes back."""


class Durable(Protocol):
    """What the executor needs from the durable runtime."""

    async def step(self, name: str, work: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``work`` once; after a crash its recorded result is returned instead."""

    def reserve(self) -> Reservation:
        """Draw the next step position now (only from the workflow, never inside a step)."""
