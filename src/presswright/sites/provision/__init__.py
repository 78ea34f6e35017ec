"""Provisioners: a WordPress to deploy a generated site to, made here (``local``), reached
over SSH (``ssh``) or on a new DigitalOcean droplet (``digitalocean``), behind one interface
(:class:`Provisioner`).
"""

from __future__ import annotations

from presswright.sites.provision.base import (
    Provisioner,
    ProvisionError,
    ProvisionInputError,
    ProvisionState,
    WordPressLogin,
)
from presswright.sites.provision.records import HostedSitePublic
from presswright.sites.provision.service import (
    ProvisionRequest,
    hosted_status,
    list_hosted,
    provision_site,
    start_hosted_sites,
    start_record,
    teardown_site,
)

__all__ = [
    "HostedSitePublic",
    "ProvisionError",
    "ProvisionInputError",
    "ProvisionRequest",
    "ProvisionState",
    "Provisioner",
    "WordPressLogin",
    "hosted_status",
    "list_hosted",
    "provision_site",
    "start_hosted_sites",
    "start_record",
    "teardown_site",
]
