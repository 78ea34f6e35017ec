"""The document library's hooks: a document is filled when its execution settles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presswright.hookspecs import hookimpl

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presswright.store.models import Execution

__all__ = ["execution_status_changed"]


@hookimpl
def execution_status_changed(session: Session, execution: Execution) -> None:
    """Record what a run that fills a document did to it (see :mod:`.outcome`)."""
    # Imported here: the plugin manager loads this module before flows and content exist.
    from presswright.documents.outcome import record_run

    record_run(session, execution)
