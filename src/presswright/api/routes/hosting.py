"""``/api/v1/hosting/provision``: a WordPress for a generated site, made here or reached over SSH.

Thin over :mod:`presswright.sites.provision`. ``POST`` checks the request (a name that is a
safe slug, a free port, the site being the caller's; 422/400 naming what is wrong), records
it and answers 202 at once while the provision runs in the background; ``GET .../{id}``
shows how far it got (status, last step, log, error). Posting the same name again resumes a
provision that failed or stopped. ``DELETE`` tears it down. Administrators only: a local
provision makes system users, databases and daemons on the server.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool

from presswright.api.context import ContextDep
from presswright.api.principals import AdminPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.sites.provision import (
    HostedSitePublic,
    ProvisionInputError,
    ProvisionRequest,
    hosted_status,
    list_hosted,
    start_record,
    teardown_site,
)
from presswright.sites.provision.background import provision_in_background

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/hosting/provision",
    tags=["hosting"],
    responses=problem_responses(400, 401, 403, 422),
)

_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: the provision runs; follow it at Location."}
}


@router.post("", status_code=202, responses={**_ACCEPTED, **problem_responses(404)})
async def provision(
    body: ProvisionRequest, principal: AdminPrincipal, context: ContextDep, response: Response
) -> HostedSitePublic:
    """Start provisioning a WordPress for a site (or resume one of that name).

    A request that cannot be provisioned (a port in use, ssh without credentials) answers
    422 on the field at fault; the site must be the workspace's (404 otherwise).
    """
    try:
        started = await run_in_threadpool(
            start_record, context.instance, tenant_id=principal.tenant_id, request=body
        )
    except ProvisionInputError as error:
        if error.field is None:
            raise
        fix = f"; {error.hint}" if error.hint else ""
        raise RequestValidationError(
            [{"loc": ("body", error.field), "msg": f"{error}{fix}", "type": "provision"}]
        ) from None
    provision_in_background(context.instance, tenant_id=principal.tenant_id, hosted_id=started.id)
    response.headers["Location"] = f"{API_PREFIX}/hosting/provision/{started.id}"
    return started


@router.get("")
def list_provisioned(principal: AdminPrincipal, context: ContextDep) -> list[HostedSitePublic]:
    """The workspace's provisioned sites by name, with their status."""
    return list_hosted(context.instance, tenant_id=principal.tenant_id)


@router.get("/{hosted_id}", responses=problem_responses(404))
def provision_status(
    hosted_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep
) -> HostedSitePublic:
    """How far a provision got: status, last step, log lines, the error if it failed."""
    return hosted_status(context.instance, tenant_id=principal.tenant_id, ref=hosted_id)


@router.delete("/{hosted_id}", status_code=204, responses=problem_responses(404))
async def tear_down(hosted_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep) -> None:
    """Remove everything the provision made (database, user, pool, server block, files)."""
    await run_in_threadpool(
        teardown_site, context.instance, tenant_id=principal.tenant_id, ref=hosted_id
    )
