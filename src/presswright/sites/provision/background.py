"""Provisions running in the background of this process (the API answers 202 at once).

One task per provisioned site: asking again while one runs joins it. Its progress and any
failure are in the ``hosted_sites`` row (``GET /api/v1/hosting/provision/{id}``); a process
that stops midway leaves the row ``provisioning`` and asking again resumes it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from presswright.bootstrap import Instance
from presswright.sites.provision.service import provision_site

__all__ = ["provision_in_background", "running_provision"]

_log = logging.getLogger("presswright.sites.provision")
_tasks: dict[uuid.UUID, asyncio.Task[None]] = {}


async def _provision(instance: Instance, tenant_id: uuid.UUID, hosted_id: uuid.UUID) -> None:
    try:
        await provision_site(instance, tenant_id=tenant_id, ref=hosted_id)
    except Exception:  # recorded in the row by provision_site; the task must not die loud
        _log.warning("provisioning %s failed", hosted_id, exc_info=True)
    finally:
        _tasks.pop(hosted_id, None)


def provision_in_background(
    instance: Instance, *, tenant_id: uuid.UUID, hosted_id: uuid.UUID
) -> asyncio.Task[None]:
    """Start (or join) the provision of a recorded site on the running event loop."""
    task = _tasks.get(hosted_id)
    if task is None or task.done():
        task = asyncio.get_running_loop().create_task(_provision(instance, tenant_id, hosted_id))
        _tasks[hosted_id] = task
    return task


def running_provision(hosted_id: uuid.UUID) -> asyncio.Task[None] | None:
    """The task provisioning that site in this process, if one runs."""
    return _tasks.get(hosted_id)
