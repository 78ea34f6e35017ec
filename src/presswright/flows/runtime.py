"""The durable runtime: the only module that imports DBOS.

One execution generation = one DBOS workflow (id ``<execution>-g<generation>``); one node =
one DBOS step; human review waits on a DBOS message. Workflows are serialised as JSON
(never pickle) and carry an explicit application version. A process that launches the
runtime with an executor id recovers the pending workflows that executor owns.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import socket
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

from dbos import DBOS, DBOSClient, DBOSConfig, DBOSPortableJSONSerializer, SetWorkflowID
from dbos import error as dbos_error
from sqlalchemy.engine import make_url

from presswright import __version__
from presswright.bootstrap import Instance
from presswright.errors import StorageError
from presswright.flows.change_signals import announce_change
from presswright.flows.executor import Services, run_generation
from presswright.flows.records import get_execution
from presswright.settings import Settings
from presswright.store.database import create_database_engine, database_url
from presswright.store.models import utcnow

__all__ = [
    "APP_VERSION",
    "QUEUE",
    "ExecutorLock",
    "Runtime",
    "cancel_workflow",
    "default_executor_id",
    "enqueue_generation",
    "workflow_id",
]

APP_NAME = "presswright"
QUEUE = "presswright-executions"
# Explicit, so that upgrading Presswright never silently recovers workflows whose code changed.
APP_VERSION = f"presswright-{__version__}"
WORKFLOW_NAME = "presswright.execution"

_services: Services | None = None


def default_executor_id(settings: Settings) -> str:
    """This machine's stable executor id: PRESSWRIGHT_WORKER_ID, else the host name."""
    return settings.worker_id or re.sub(r"[^A-Za-z0-9_.-]", "-", socket.gethostname()) or "local"


class ExecutorLock:
    """One live process per executor id on a machine: two would both recover its workflows."""

    def __init__(self, home: Path, executor_id: str) -> None:
        self.path = home / f"executor-{executor_id}.lock"
        self._handle: TextIO | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False if another process holds it."""
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        """Let another process take over this executor id."""
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def workflow_id(execution_id: str, generation: int) -> str:
    """The DBOS workflow id of one generation of an execution."""
    return f"{execution_id}-g{generation}"


def system_database_url(settings: Settings) -> str:
    """DBOS's system database: PostgreSQL alongside the app tables, else a SQLite file."""
    url = database_url(settings)
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql").render_as_string(hide_password=False)
    return f"sqlite:///{settings.home / 'dbos.sqlite'}"


class _DBOSReservation:
    def __init__(self) -> None:
        self._reserved = DBOS.reserve_step()

    async def run(self, name: str, work: Callable[[], Awaitable[Any]]) -> Any:
        return await self._reserved.run_async({"name": name}, work)


class _DBOSDurable:
    """The executor's view of DBOS: checkpointed steps at fixed positions."""

    async def step(self, name: str, work: Callable[[], Awaitable[Any]]) -> Any:
        return await DBOS.run_step_async({"name": name}, work)

    def reserve(self) -> _DBOSReservation:
        return _DBOSReservation()


@DBOS.workflow(name=WORKFLOW_NAME)
async def _execution_workflow(execution_id: str, tenant_id: str, generation: int) -> str:
    services = _services
    if services is None:  # pragma: no cover - the runtime sets it before launching
        raise RuntimeError("the Presswright runtime is not configured in this process")
    durable = _DBOSDurable()
    tenant = uuid.UUID(tenant_id)
    try:
        await run_generation(execution_id, tenant, generation, durable=durable, services=services)
    except dbos_error.DBOSWorkflowCancelledError:
        raise
    except Exception as error:  # an infrastructure failure: the run fails with its reason
        # Written directly, not as a step: it is safe to repeat, and a step position here
        # could collide with one the failed replay already recorded.
        with services.instance.database.tenant_session(tenant) as session:
            execution = get_execution(session, execution_id)
            if execution.status != "cancelled":
                execution.status = "failed"
                execution.error = f"{type(error).__name__}: {error}"
                execution.finished_at = utcnow()
        announce_change(tenant_id=tenant, execution_id=execution_id)
    return "done"


class StoppedRunsAreNotErrors(logging.Filter):
    """DBOS logs a workflow it finds cancelled as an ERROR with a traceback.

    Here a cancelled workflow is a run somebody stopped (or a generation a resume or
    regenerate replaced), which the run's own events already record: the record becomes
    one INFO line, below DBOS's WARNING level, so operators see errors only for errors.
    """

    _STOPPED = (
        dbos_error.DBOSWorkflowCancelledError,
        dbos_error.DBOSAwaitedWorkflowCancelledError,
    )

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, self._STOPPED):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "workflow stopped: %s", (error,)
            record.exc_info = record.exc_text = None
        return True


def _quiet_stopped_runs() -> None:
    dbos_logger = logging.getLogger("dbos")
    if not any(isinstance(f, StoppedRunsAreNotErrors) for f in dbos_logger.filters):
        dbos_logger.addFilter(StoppedRunsAreNotErrors())


class Runtime:
    """DBOS launched in this process, with an executor id, optionally serving the queue."""

    def __init__(
        self, instance: Instance, *, executor_id: str, worker_concurrency: int | None = None
    ) -> None:
        self.instance = instance
        self.executor_id = executor_id
        self.worker_concurrency = worker_concurrency
        self.launched = False

    def launch(self) -> None:
        """Start DBOS; recovers this executor's pending workflows; serves the queue if a worker."""
        global _services
        _services = Services(self.instance)
        settings = self.instance.settings
        config: DBOSConfig = {
            "name": APP_NAME,
            "system_database_url": system_database_url(settings),
            "application_version": APP_VERSION,
            "executor_id": self.executor_id,
            "serializer": DBOSPortableJSONSerializer(),
            "log_level": "WARNING",
            "notification_listener_polling_interval_sec": 0.1,
        }
        if not system_database_url(settings).startswith("postgresql"):
            # The same pragmas as the app database (WAL, synchronous=NORMAL): a commit is
            # not fsynced, which survives any process crash and costs a third of the time.
            config["system_database_engine"] = create_database_engine(
                make_url(system_database_url(settings))
            )
        try:
            DBOS(config=config)
            # Only workers take queued executions; an embedded runtime runs just its own.
            DBOS.listen_queues([QUEUE] if self.worker_concurrency is not None else [])
            DBOS.launch()
            _quiet_stopped_runs()
            if self.worker_concurrency is not None:
                # Queues live in the system database, so they are registered once it is up.
                DBOS.register_queue(
                    QUEUE, worker_concurrency=self.worker_concurrency, polling_interval_sec=0.2
                )
        except Exception as error:
            DBOS.destroy()
            raise StorageError(
                f"the workflow runtime could not start: {error}",
                hint="check PRESSWRIGHT_DATABASE_URL and that the database is reachable",
            ) from error
        self.launched = True

    async def start(self, execution_id: str, tenant_id: uuid.UUID, generation: int) -> None:
        """Run a generation in this process (it returns at once; the work goes on)."""
        with SetWorkflowID(workflow_id(execution_id, generation)):
            await DBOS.start_workflow_async(
                _execution_workflow, execution_id, str(tenant_id), generation
            )

    def shutdown(self) -> None:
        """Stop DBOS in this process; unfinished workflows stay pending for recovery."""
        global _services
        if self.launched:
            # A moment for the last step to be recorded, so it is not replayed next launch.
            DBOS.destroy(workflow_completion_timeout_sec=2)
            self.launched = False
        for client in _services._clients.values() if _services else []:
            if client.usage is not None:
                client.usage.close()
        _services = None


def _client(settings: Settings) -> DBOSClient:
    url = system_database_url(settings)
    DBOS.migrate(url)  # a client never creates the schema itself
    return DBOSClient(system_database_url=url, serializer=DBOSPortableJSONSerializer())


def enqueue_generation(
    settings: Settings, execution_id: str, tenant_id: uuid.UUID, generation: int
) -> None:
    """Put a generation on the queue for any running worker."""
    client = _client(settings)
    try:
        client.enqueue(
            {
                "queue_name": QUEUE,
                "workflow_name": WORKFLOW_NAME,
                "workflow_id": workflow_id(execution_id, generation),
                "app_version": APP_VERSION,
                "application_name": APP_NAME,
            },
            execution_id,
            str(tenant_id),
            generation,
        )
    finally:
        client.destroy()


def cancel_workflow(settings: Settings, execution_id: str, generation: int) -> None:
    """Cancel a generation wherever it runs; it stops at its next step."""
    client = _client(settings)
    try:
        client.cancel_workflow(workflow_id(execution_id, generation))
    finally:
        client.destroy()
