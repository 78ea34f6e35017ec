"""The one interface every provisioner implements, and what a provision starts from.

A provisioner makes (or reaches) a WordPress, installs a theme ZIP on it, hands back the
address and an administrator's application password for the REST deploy, and tears down
what it made. Every step reads and writes the :class:`ProvisionState` (non-secret settings
and sealed secrets, kept in the ``hosted_sites`` row after each step), so a provision that
died midway is resumed by provisioning again and nothing is made twice.

Errors: :class:`ProvisionError` (a step failed: what and how to fix it) and its
:class:`ProvisionInputError` (bad input, a 4xx), both under ``PresswrightError``.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from presswright.errors import PresswrightError, UserInputError

__all__ = [
    "SLUG_PATTERN",
    "ProvisionError",
    "ProvisionInputError",
    "ProvisionState",
    "Provisioner",
    "WordPressLogin",
]

# A safe name: lower-case letters, digits and single hyphens; it names system resources.
SLUG_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

ProvisionerKind = Literal["local", "ssh", "digitalocean"]


class ProvisionError(PresswrightError):
    """A provisioning step failed; the message says which, and how to fix it."""


class ProvisionInputError(ProvisionError, UserInputError):
    """What was asked cannot be provisioned (a name, a port, a server address).

    ``field`` names the request field at fault, when one is (the API answers 422 on it).
    """

    def __init__(self, message: str, *, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field


@dataclass(frozen=True)
class WordPressLogin:
    """Where the provisioned WordPress answers and who the REST deploy signs in as."""

    url: str
    username: str
    app_password: str = field(repr=False)


@dataclass
class ProvisionState:
    """What one provision knows about itself; ``save`` stores it (after every step)."""

    id: uuid.UUID
    name: str
    settings: dict[str, Any]
    secrets: dict[str, str]
    save: Callable[[ProvisionState, str], None]

    def step(self, name: str) -> None:
        """Record that ``name`` is done (or about to start), with the state as it is now."""
        self.save(self, name)


class Provisioner(ABC):
    """One way of getting a WordPress to deploy a site to."""

    kind: ClassVar[str]

    @abstractmethod
    def provision(self, state: ProvisionState) -> WordPressLogin:
        """Make or reach the WordPress (resuming after what ``state`` says is done)."""

    @abstractmethod
    def install_theme(self, state: ProvisionState, zip_data: bytes, slug: str) -> None:
        """Install the block theme ZIP (replacing an older copy) and activate it."""

    @abstractmethod
    def teardown(self, state: ProvisionState) -> None:
        """Remove everything this provisioner made (nothing for a server it only deployed to)."""

    def start(self, state: ProvisionState) -> bool:
        """Start the site's own daemons again (after a reboot); False when it has none here.

        A server reached over SSH or a droplet runs its own services, started by its own boot.
        """
        return False
