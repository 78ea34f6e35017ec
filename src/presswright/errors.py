"""Every error Presswright raises on purpose, in one tree.

Each message says what was wrong; ``hint`` says how to fix it. Front doors print
``str(error)`` (both parts on one line) and never a stack trace.

    PresswrightError
    ├── UserInputError            bad input from a person or a file
    │   ├── SettingsError         an invalid setting or environment variable
    │   ├── NotFoundError         no such row in this tenant
    │   └── AlreadyExistsError    a name or email that is already taken
    ├── MissingExtraError         an optional dependency is not installed
    ├── HomeError                 PRESSWRIGHT_HOME cannot be created or written
    ├── SecretError               unusable instance secret, or a stored secret that will not decrypt
    └── StorageError              the database cannot be used
        ├── DatabaseUnavailableError
        ├── DatabaseCorruptError
        ├── SchemaOutdatedError   the database is behind (or ahead of) this version's migrations
        └── TenantScopeError      a query on tenant data without a tenant (a bug, never user input)
"""

from __future__ import annotations

__all__ = [
    "AlreadyExistsError",
    "DatabaseCorruptError",
    "DatabaseUnavailableError",
    "HomeError",
    "MissingExtraError",
    "NotFoundError",
    "PresswrightError",
    "SchemaOutdatedError",
    "SecretError",
    "SettingsError",
    "StorageError",
    "TenantScopeError",
    "UserInputError",
]


class PresswrightError(Exception):
    """Base of every deliberate Presswright error: a message plus a hint that says the fix."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class UserInputError(PresswrightError):
    """Input from a person, a file or a request is invalid."""


class SettingsError(UserInputError):
    """A setting (environment variable, .env entry or argument) is invalid."""


class NotFoundError(UserInputError):
    """The requested row does not exist in the caller's tenant."""


class AlreadyExistsError(UserInputError):
    """A unique name or email is already taken."""


class MissingExtraError(PresswrightError):
    """An optional dependency group is not installed."""

    def __init__(self, *, feature: str, module: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the Python package '{module}', which is not installed",
            hint=f"install it with: pip install 'presswright[{extra}]'",
        )
        self.extra = extra


class HomeError(PresswrightError):
    """The Presswright home directory cannot be created or written."""


class SecretError(PresswrightError):
    """The instance secret is missing, weak or unreadable, or a stored secret will not decrypt."""


class StorageError(PresswrightError):
    """The database cannot be used."""


class DatabaseUnavailableError(StorageError):
    """The database server cannot be reached or refuses the connection."""


class DatabaseCorruptError(StorageError):
    """The database file is damaged or is not a database at all."""


class SchemaOutdatedError(StorageError):
    """The database schema is not at the migration head of this Presswright version."""


class TenantScopeError(StorageError):
    """Tenant data was queried without a tenant, or written into another tenant."""
