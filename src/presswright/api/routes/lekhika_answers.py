"""What the worker API answers: Presswright's documents with Lekhika's members, and
Lekhika's own shapes (``/health``, ``/logs``).

Field names are each design's own (``executionId`` beside ``execution_id``), so a client of
either reads the answer it knows.
"""

from __future__ import annotations

import os
import resource
import sys
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from presswright.flows.operations import RunStatus

__all__ = [
    "ExecutionAccepted",
    "ExecutionCounts",
    "ExecutionLogEntry",
    "ExecutionLogs",
    "LekhikaExecuteAccepted",
    "LekhikaHealth",
    "LekhikaRegenerated",
    "LekhikaResumed",
    "LekhikaRunStatus",
    "LekhikaStopped",
    "MemoryUsage",
    "WorkerState",
    "memory_usage",
]


class ExecutionAccepted(BaseModel):
    """A started execution: its id and its status now."""

    execution_id: str
    status: str


class LekhikaExecuteAccepted(BaseModel):
    """Lekhika's ``/execute`` answer; ``result`` is the status document when it was sent."""

    success: Literal[True] = True
    executionId: str
    result: RunStatus = Field(
        description="The execution's status document now (it runs on: poll /status/{id});"
        " its outputs are in result.outputs once status is completed."
    )


class LekhikaRunStatus(RunStatus):
    """The status document of an execution, with Lekhika's ``success`` and ``executionId``."""

    success: Literal[True] = True
    executionId: str


class LekhikaStopped(LekhikaRunStatus):
    """The stopped execution's status document, with Lekhika's ``message``."""

    message: str


class LekhikaResumed(BaseModel):
    """Lekhika's ``/resume`` answer: the execution and its status document."""

    success: Literal[True] = True
    executionId: str
    message: str
    result: RunStatus


class LekhikaRegenerated(BaseModel):
    """Lekhika's ``/regenerate`` answer; ``attempt`` counts the execution's runs since it began."""

    success: Literal[True] = True
    executionId: str
    attempt: int = Field(description="1 for the first regenerate or resume, then 2, ...")
    message: str


class MemoryUsage(BaseModel):
    """This process's memory in bytes: resident now, and the most it has held."""

    rss: int
    maxRss: int


class LekhikaHealth(BaseModel):
    """Lekhika's ``/health``, plus Presswright's database check."""

    status: Literal["healthy", "degraded"]
    timestamp: datetime
    workerId: str | None = Field(description="This process's executor id; null without one.")
    uptime: float = Field(description="Seconds since the app started.")
    memory: MemoryUsage
    version: str
    database: Literal["ok", "unreachable"]


def memory_usage() -> dict[str, int]:
    """This process's memory in bytes: resident now (``rss``) and at most (``maxRss``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak if sys.platform == "darwin" else peak * 1024  # kilobytes on Linux
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        resident = peak
    return {"rss": resident, "maxRss": peak}


class ExecutionCounts(BaseModel):
    """How many of the workspace's executions wait, run and pause for a review."""

    queued: int
    running: int
    paused: int


class WorkerState(BaseModel):
    """This server's worker (Presswright's fields), with Lekhika's worker status beside them."""

    executor_id: str | None = Field(
        description="The executor id of the in-process runtime; null when another process's"
        " worker runs the executions."
    )
    runtime_running: bool = Field(description="Whether a runtime runs in this process.")
    version: str
    uptime_seconds: float
    executions: ExecutionCounts
    success: Literal[True] = True
    status: Literal["healthy", "overloaded"]
    activeExecutions: int = Field(description="The workspace's running executions.")
    maxConcurrent: int | None = Field(
        description="Executions this process's worker runs at once; null when it has no cap"
        " (an embedded runtime) or another process runs them."
    )
    capacity: str = Field(examples=["1/4"], description="activeExecutions/maxConcurrent.")
    uptime: float
    memoryUsage: MemoryUsage


class ExecutionLogEntry(BaseModel):
    """One event of an execution: a node attempt (with its node id), or the execution's state."""

    at: datetime
    execution_id: str
    flow: str
    node_id: str | None
    attempt: int | None
    status: str
    latency_ms: float | None
    error: str | None
    timestamp: datetime = Field(description="Lekhika's name for ``at``.")
    level: Literal["info", "error"]
    message: str


class ExecutionLogs(BaseModel):
    """Lekhika's ``/logs`` answer: the newest events first."""

    success: Literal[True] = True
    logs: list[ExecutionLogEntry]
    count: int
    timestamp: datetime
