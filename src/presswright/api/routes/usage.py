"""``/api/v1/usage``: calls, tokens, cost, cache hits, errors and latency of the LLM calls.

Who sees what: admins and owners see every member's usage (and may narrow it to one with
``user_id``); editors and viewers see only their own calls, and asking for someone else's
answers 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from presswright.api.context import ContextDep
from presswright.api.principals import ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.llm.usage_report import UsageQuery, UsageReport, readable_user, usage_report
from presswright.store.models import Role

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/usage", tags=["usage"], responses=problem_responses(400, 401, 403, 422)
)


@router.get("")
def get_usage(
    query: Annotated[UsageQuery, Query()], principal: ViewerPrincipal, context: ContextDep
) -> UsageReport:
    """Usage in ``[since, until)`` (default: the last 30 days; at most 366 days), in total
    and grouped by ``group_by`` (``day``, ``user``, ``model``; e.g. ``group_by=day,model``).

    Days are UTC days; cost is in USD. Admins and owners see everyone's calls, other
    members only their own (403 when asking for another ``user_id``).
    """
    user_id = readable_user(
        caller=principal.user_id, may_read_all=principal.can(Role.ADMIN), requested=query.user_id
    )
    since, until = query.period
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return usage_report(
            session,
            since=since,
            until=until,
            group_by=query.dimensions,
            user_id=user_id,
            model=query.model,
        )
