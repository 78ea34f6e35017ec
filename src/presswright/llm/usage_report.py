"""Usage reports: what the ``llm_calls`` log says about a period, in total and per group.

Groups are by UTC day, user and/or model, in SQL that means the same on SQLite and
PostgreSQL. Who may read whose usage is decided here too (:func:`readable_user`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)
from sqlalchemy import ColumnElement, String, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from presswright.errors import PermissionDeniedError
from presswright.llm.usage import usage_aggregates, usage_numbers
from presswright.store.models import LLMCall, utcnow

__all__ = [
    "DEFAULT_USAGE_SPAN",
    "MAX_USAGE_SPAN",
    "UsageDimension",
    "UsageFigures",
    "UsageGroup",
    "UsageQuery",
    "UsageReport",
    "readable_user",
    "usage_period",
    "usage_report",
]

UsageDimension = Literal["day", "user", "model"]
DEFAULT_USAGE_SPAN = timedelta(days=30)
MAX_USAGE_SPAN = timedelta(days=366)
_DIMENSION = "(?:day|user|model)"
_GroupBy = Annotated[
    str, StringConstraints(max_length=100, pattern=rf"^{_DIMENSION}(?:,{_DIMENSION})*$")
]
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})")


def _rfc3339(value: object) -> object:
    """Refuse text that is not an RFC 3339 date-time (pydantic alone also takes timestamps)."""
    if isinstance(value, str) and not _RFC3339.fullmatch(value):
        raise ValueError("use an RFC 3339 date-time with an offset, e.g. 2025-05-01T00:00:00Z")
    return value


_Moment = Annotated[datetime, BeforeValidator(_rfc3339)]


class _UtcDay(FunctionElement[str]):
    """``YYYY-MM-DD`` of a timestamp in UTC, compiled per dialect (see below)."""

    type = String()
    name = "utc_day"
    inherit_cache = True


@compiles(_UtcDay)
def _utc_day_sqlite(element: _UtcDay, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite (the default) keeps timestamps as UTC text: '2024-05-01 23:59:59.000000'.
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(_UtcDay, "postgresql")
def _utc_day_postgresql(element: _UtcDay, compiler: SQLCompiler, **kw: Any) -> str:
    # A timestamptz is read in the session's time zone unless told otherwise.
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def _to_utc(moment: datetime) -> datetime:
    """``moment`` in UTC (naive means UTC); ValueError when that leaves the calendar."""
    try:
        return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    except OverflowError:
        raise ValueError(f"{moment.isoformat()} is out of range") from None


def usage_period(
    since: datetime | None, until: datetime | None, *, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The UTC period ``[since, until)`` a report covers: ``until`` defaults to now and
    ``since`` to 30 days before it; ValueError unless ``until > since`` and the period
    spans at most 366 days."""
    end = _to_utc(until) if until is not None else (now or utcnow())
    try:
        start = _to_utc(since) if since is not None else end - DEFAULT_USAGE_SPAN
    except OverflowError:
        raise ValueError("until is too early to count 30 days back from it; pass since") from None
    if end <= start:
        raise ValueError("until (default: now) must be later than since")
    if end - start > MAX_USAGE_SPAN:
        raise ValueError(f"the period spans more than {MAX_USAGE_SPAN.days} days; narrow it")
    return start, end


class UsageQuery(BaseModel):
    """What a usage report covers and how it is grouped (the query of ``GET /usage``)."""

    model_config = ConfigDict(extra="forbid")

    since: _Moment | None = Field(
        default=None,
        description="Start of the period, inclusive, as an RFC 3339 date-time"
        " (2025-05-01T00:00:00Z). Default: 30 days before until.",
    )
    until: _Moment | None = Field(
        default=None,
        description="End of the period, exclusive; later than since and at most 366 days"
        " after it. Default: now.",
    )
    group_by: list[_GroupBy] = Field(
        default_factory=list,
        max_length=10,
        description="day, user and/or model: repeat the parameter or separate with commas.",
        examples=[["day,model"]],
    )
    user_id: uuid.UUID | None = Field(default=None, description="Only this user's calls.")
    model: str | None = Field(
        default=None,
        max_length=300,
        pattern=r"^[a-z][a-z0-9_-]{0,63}:[^\x00-\x20\x7f-\xa0]+$",
        description="Only calls of this model id (provider:model).",
        examples=["local:smollm2"],
    )
    _period: tuple[datetime, datetime] = PrivateAttr()

    @model_validator(mode="after")
    def _resolve_period(self) -> UsageQuery:
        self._period = usage_period(self.since, self.until)
        return self

    @property
    def period(self) -> tuple[datetime, datetime]:
        """The UTC ``(since, until)`` the report covers, defaults filled in."""
        return self._period

    @property
    def dimensions(self) -> list[UsageDimension]:
        """The grouping dimensions, in the order first named, each once."""
        named = (part for value in self.group_by for part in value.split(","))
        return list(dict.fromkeys(named))  # type: ignore[arg-type]  # the pattern allows only these


class UsageFigures(BaseModel):
    """Calls, tokens, cost (USD), cache hits, errors and mean latency of a set of LLM calls."""

    calls: int
    tokens_in: int
    tokens_out: int
    cost: float
    cache_hits: int
    cache_hit_rate: float = Field(description="Share of calls answered from the cache, 0 to 1.")
    errors: int
    mean_latency_ms: float


class UsageGroup(UsageFigures):
    """The figures of one group; the dimensions not grouped by are null (as is the user of
    calls made without one)."""

    day: date | None = Field(default=None, description="The UTC day.")
    user_id: uuid.UUID | None = None
    model: str | None = Field(default=None, examples=["local:smollm2"])


class UsageReport(BaseModel):
    """Usage over a period: the totals, and the same per group."""

    since: datetime
    until: datetime
    group_by: list[UsageDimension]
    totals: UsageFigures
    groups: list[UsageGroup]


def readable_user(
    *, caller: uuid.UUID, may_read_all: bool, requested: uuid.UUID | None
) -> uuid.UUID | None:
    """Whose usage a caller may read: anyone's (None: everyone's) when ``may_read_all``,
    else only their own; PermissionDeniedError for someone else's."""
    if may_read_all:
        return requested
    if requested is not None and requested != caller:
        raise PermissionDeniedError(
            "only admins and owners may read other members' usage",
            hint="drop user_id to see your own usage",
        )
    return caller


def _figures(values: Sequence[Any]) -> dict[str, Any]:
    numbers = usage_numbers(values)
    calls = numbers["calls"]
    numbers["cache_hit_rate"] = round(numbers["cache_hits"] / calls, 4) if calls else 0.0
    return numbers


_GROUP_COLUMNS: dict[
    UsageDimension, tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]
] = {
    "day": (_UtcDay(LLMCall.created_at),),
    "user": (LLMCall.user_id,),
    "model": (LLMCall.provider, LLMCall.model),
}


def _group(dimensions: Sequence[UsageDimension], row: Sequence[Any]) -> UsageGroup:
    """A result row (the group's key columns, then the aggregates) as a group."""
    values = list(row)
    labels: dict[str, Any] = {}
    for dimension in dimensions:
        if dimension == "day":
            labels["day"] = date.fromisoformat(values.pop(0))
        elif dimension == "user":
            labels["user_id"] = values.pop(0)
        else:
            labels["model"] = f"{values.pop(0)}:{values.pop(0)}"
    return UsageGroup(**labels, **_figures(values))


def _group_order(group: UsageGroup) -> tuple[date, str, str]:
    # In Python: SQLite and PostgreSQL disagree on where NULL sorts.
    return (group.day or date.min, str(group.user_id or ""), group.model or "")


def usage_report(
    session: Session,
    *,
    since: datetime,
    until: datetime,
    group_by: Sequence[UsageDimension] = (),
    user_id: uuid.UUID | None = None,
    model: str | None = None,
) -> UsageReport:
    """Usage of the session's tenant in ``[since, until)``, in total and per group.

    ``user_id`` and ``model`` (``provider:model``) narrow the calls counted; groups come
    sorted by day, then user, then model.
    """
    start, end = _to_utc(since), _to_utc(until)
    conditions: list[ColumnElement[bool]] = [LLMCall.created_at >= start, LLMCall.created_at < end]
    if user_id is not None:
        conditions.append(LLMCall.user_id == user_id)
    if model is not None:
        provider, _, name = model.partition(":")
        conditions += [LLMCall.provider == provider, LLMCall.model == name]
    totals = session.execute(select(*usage_aggregates()).where(*conditions)).one()
    dimensions = list(dict.fromkeys(group_by))
    keys = [column for dimension in dimensions for column in _GROUP_COLUMNS[dimension]]
    groups: list[UsageGroup] = []
    if keys:
        statement = select(*keys, *usage_aggregates()).where(*conditions).group_by(*keys)
        groups = sorted(
            (_group(dimensions, row) for row in session.execute(statement)), key=_group_order
        )
    return UsageReport(
        since=start,
        until=end,
        group_by=dimensions,
        totals=UsageFigures(**_figures(totals)),
        groups=groups,
    )
