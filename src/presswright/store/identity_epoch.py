"""A process-wide count of committed identity changes, for caches of verified credentials.

Who may do what rests on users, memberships, API keys and login sessions. Any commit in
this process that writes one of them moves the epoch on; a cache that stored a principal
under an older epoch knows it may be stale and checks the database again. Changes made by
another process (the CLI, another server) are not seen here: such caches also expire.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

__all__ = ["IDENTITY_TABLES", "identity_epoch", "watch_identity_changes"]

IDENTITY_TABLES = frozenset({"users", "memberships", "api_keys", "auth_sessions", "tenants"})
_CHANGED = "presswright_identity_changed"

_lock = threading.Lock()
_epoch = 0


def identity_epoch() -> int:
    """The number of identity-changing commits this process has made."""
    return _epoch


def _bump() -> None:
    global _epoch
    with _lock:
        _epoch += 1


def _after_flush(session: Session, _context: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "__tablename__", None) in IDENTITY_TABLES:
            session.info[_CHANGED] = True
            # Before the commit too: a lookup racing this transaction may cache what it
            # is about to replace, under the epoch it is about to leave.
            _bump()
            return


def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        _bump()


def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def watch_identity_changes(session_class: type[Session]) -> None:
    """Count identity-changing commits made through sessions of ``session_class``."""
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "after_commit", _after_commit)
    event.listen(session_class, "after_rollback", _after_rollback)
