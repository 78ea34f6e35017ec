"""In-process change signals: whoever writes an execution wakes whoever follows it here.

The executor (a node attempt closed, the run's status moved) and the operations (stop,
resume, a review decided) call :func:`announce_change` after their transaction commits.
A live progress reader in the same process (:mod:`presswright.flows.progress_feed`)
listens with :func:`on_change` and reads the execution's change stamp at once instead of
at its next interval. Writes made by another process (a worker) announce nothing here;
readers keep their interval for those.

A signal carries no data and promises nothing: it only says "look now". Announcing is a
lock, a dict lookup and, per listener, a callback that must not wait (a
``call_soon_threadsafe``); with nobody listening it is the lookup alone. It never raises:
a run must not fail because somebody was watching it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

__all__ = ["announce_change", "on_change"]

log = logging.getLogger(__name__)

_Key = tuple[uuid.UUID, str]
_lock = threading.Lock()  # writers announce from any thread (DBOS runs workflows on its own)
_listeners: dict[_Key, list[Callable[[], None]]] = {}


def announce_change(*, tenant_id: uuid.UUID, execution_id: str) -> None:
    """Wake this process's listeners of an execution (call after the write commits)."""
    with _lock:
        listeners = tuple(_listeners.get((tenant_id, execution_id), ()))
    for listener in listeners:
        try:
            listener()
        except Exception as error:  # a reader's trouble is never the run's
            log.debug("waking a reader of execution %s failed: %s", execution_id, error)


def on_change(
    *, tenant_id: uuid.UUID, execution_id: str, listener: Callable[[], None]
) -> Callable[[], None]:
    """Call ``listener`` on every change announced for the execution; returns the undo.

    ``listener`` runs in the announcing thread, inside the writer's code path: it must
    return at once and never wait.
    """
    key = (tenant_id, execution_id)
    with _lock:
        _listeners.setdefault(key, []).append(listener)

    def stop() -> None:
        with _lock:
            listeners = _listeners.get(key, [])
            if listener in listeners:
                listeners.remove(listener)
            if not listeners:
                _listeners.pop(key, None)

    return stop
