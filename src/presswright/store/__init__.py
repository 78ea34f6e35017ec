"""Storage: the app database, its migrations and tenant-scoped data access."""

from presswright.store.database import Database
from presswright.store.migrate import current_revision, ensure_at_head, head_revision, upgrade
from presswright.store.models import Role

__all__ = ["Database", "Role", "current_revision", "ensure_at_head", "head_revision", "upgrade"]
