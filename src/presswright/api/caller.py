"""The caller of a request once authenticated: who, in which workspace, with which role.

A plain value, apart from how it is found (:mod:`presswright.api.principals` checks the
credentials) and from where it is cached (the app's :class:`~presswright.api.context.ApiContext`),
so both of those can depend on it without depending on each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from presswright.store.models import Role

__all__ = ["ROLE_RANK", "Principal"]

# Higher may do everything lower may.
ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2, Role.OWNER: 3}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller acting in one workspace."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: Role
    via: Literal["token", "api_key"]
    api_key_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None

    @property
    def rate_key(self) -> str:
        """Whose budget a request counts against: the API key, else the user."""
        return f"key:{self.api_key_id}" if self.api_key_id else f"user:{self.user_id}"

    def can(self, role: Role) -> bool:
        """Whether this principal's role is at least ``role``."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]
