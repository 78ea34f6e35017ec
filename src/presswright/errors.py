"""Every error Presswright raises on purpose, in one tree.

Each message says what was wrong; ``hint`` says how to fix it. Front doors print
``str(error)`` (both parts on one line) and never a stack trace.

    PresswrightError
    ├── UserInputError            bad input from a person or a file
    │   ├── SettingsError         an invalid setting or environment variable
    │   ├── NotFoundError         no such row in this tenant
    │   ├── AlreadyExistsError    a name or email that is already taken
    │   │   └── DuplicateValueError   a write the database refused: a unique field's value is taken
    │   ├── ConflictError         the thing is in a state that does not allow the action
    │   ├── InvalidPatternError   a block pattern spec with unknown blocks or invalid nesting
    │   ├── FileTooLargeError     a file (upload or export) over the file store's size limit
    │   └── InvalidImageError     image bytes that do not decode, break a limit, or an unsafe SVG
    ├── AuthenticationError       missing, wrong, expired or revoked credentials
    ├── PermissionDeniedError     valid credentials whose role does not allow the action
    ├── MissingExtraError         an optional dependency is not installed
    ├── PluginConflictError       two plugins register the same provider kind, node type or schema
    ├── HomeError                 PRESSWRIGHT_HOME cannot be created or written
    ├── SecretError               unusable instance secret, or a stored secret that will not decrypt
    ├── ContentContractError      generated content still breaks a contract rule after repairs
    ├── ProviderError             an LLM call failed (names provider, model, status, the fix)
    │   ├── ProviderUnavailableError  not configured: no key, no extra, unknown model
    │   ├── ProviderHTTPError         the provider answered with an error status
    │   ├── ProviderTimeoutError      no answer in time
    │   ├── ProviderResponseError     an answer that cannot be read (malformed, cut off)
    │   ├── ProviderBudgetTooSmallError  one call needs more than a provider's whole local budget
    │   └── StructuredOutputError     output still invalid after the repair re-asks
    └── StorageError              the database or the file store cannot be used
        ├── DatabaseUnavailableError
        ├── DatabaseCorruptError
        ├── SchemaOutdatedError   the database is behind (or ahead of) this version's migrations
        ├── TenantScopeError      a query on tenant data without a tenant (a bug, never user input)
        └── FileStoreUnavailableError  the file store (folder or S3 bucket) cannot be used
"""

from __future__ import annotations

__all__ = [
    "AlreadyExistsError",
    "AuthenticationError",
    "ConflictError",
    "ContentContractError",
    "DatabaseCorruptError",
    "DatabaseUnavailableError",
    "DuplicateValueError",
    "FileStoreUnavailableError",
    "FileTooLargeError",
    "HomeError",
    "InvalidImageError",
    "InvalidPatternError",
    "MissingExtraError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginConflictError",
    "PresswrightError",
    "ProviderBudgetTooSmallError",
    "ProviderError",
    "ProviderHTTPError",
    "ProviderResponseError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "SchemaOutdatedError",
    "SecretError",
    "SettingsError",
    "StorageError",
    "StructuredOutputError",
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
    """A unique name or email is already taken.

    ``fields`` names the taken field(s) as a request names them (``("name",)``), so the
    API's 409 locates them in ``errors`` the way a 422 locates an invalid field; empty
    when no single field is to blame.
    """

    def __init__(
        self, message: str, *, hint: str | None = None, fields: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message, hint=hint)
        self.fields = fields


class DuplicateValueError(AlreadyExistsError):
    """The database refused a write: another row of ``table`` already has these ``fields``.

    Raised by the store for any unique constraint (two requests racing past the same
    "is it free?" check), so a race is a 409 naming the field, never a 500.
    """

    def __init__(self, *, table: str, fields: tuple[str, ...], what: str) -> None:
        named = " and ".join(fields) if fields else "value"
        super().__init__(
            f"another {what} already has this {named}",
            hint=f"choose another {named}; if two requests raced, retry this one",
            fields=fields,
        )
        self.table = table


class ConflictError(UserInputError):
    """The thing exists, but its current state does not allow the action (stop a finished run)."""


class InvalidPatternError(UserInputError):
    """A block pattern spec that cannot become valid block markup."""


class InvalidImageError(UserInputError):
    """Image bytes that are not a decodable picture, exceed a size or pixel limit, or an SVG
    that cannot be made safe; nothing was stored. ``reason`` is a stable id of what was wrong.
    """

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reason = reason


class FileTooLargeError(UserInputError):
    """A file grew past the file store's size limit while it was written; nothing was stored."""

    def __init__(self, *, limit: int, what: str = "file") -> None:
        super().__init__(
            f"the {what} is larger than the limit of {limit} bytes ({_mebibytes(limit)})",
            hint="send a smaller file, or raise PRESSWRIGHT_MAX_FILE_BYTES on the server",
        )
        self.limit = limit


def _mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):.4g} MiB"


class AuthenticationError(PresswrightError):
    """Credentials are missing, wrong, expired or revoked; the message never says which secret."""


class PermissionDeniedError(PresswrightError):
    """The caller is known, but their role in this workspace does not allow the action."""


class ContentContractError(PresswrightError):
    """Generated content that breaks its contract even after repair re-asks and fixes.

    ``violations`` holds one line per broken rule; nothing that breaks the contract is
    ever returned as a success.
    """

    def __init__(self, what: str, violations: list[str], *, hint: str | None = None) -> None:
        listed = "; ".join(violations[:20])
        more = f" (and {len(violations) - 20} more)" if len(violations) > 20 else ""
        super().__init__(
            f"the {what} still breaks {len(violations)} rule(s) after repairs: {listed}{more}",
            hint=hint or "use a larger model, loosen the brief (fewer keywords), or retry",
        )
        self.violations = violations


class MissingExtraError(PresswrightError):
    """An optional dependency group is not installed."""

    def __init__(self, *, feature: str, module: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the Python package '{module}', which is not installed",
            hint=f"install it with: pip install 'presswright[{extra}]'",
        )
        self.extra = extra


class PluginConflictError(PresswrightError):
    """Two plugins (or one, twice) register the same name for a provider kind, node type or schema.

    Neither silently wins: the message names the thing and both plugins.
    """

    def __init__(self, *, what: str, name: str, first: str, second: str) -> None:
        who = f"plugin {first!r} twice" if first == second else f"plugins {first!r} and {second!r}"
        super().__init__(
            f"{what} {name!r} is registered by {who}",
            hint="uninstall one of the two plugins, or ask its author to rename theirs",
        )
        self.what = what
        self.name = name
        self.plugins = (first, second)


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


class FileStoreUnavailableError(StorageError):
    """The file store's folder or S3 bucket cannot be reached, read or written."""


class ProviderError(PresswrightError):
    """An LLM call failed; says which provider and model, the status if any, and what to do."""

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        model: str,
        status: int | None = None,
        hint: str | None = None,
    ) -> None:
        where = f"{provider}:{model}" + (f" (HTTP {status})" if status is not None else "")
        super().__init__(f"{where}: {message}", hint=hint)
        self.provider = provider
        self.model = model
        self.status = status


class ProviderUnavailableError(ProviderError):
    """The provider or model cannot be used here: no key, extra not installed, unknown name."""


class ProviderHTTPError(ProviderError):
    """The provider answered with an error status; 408, 409, 429 and 5xx are worth retrying."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        model: str,
        status: int,
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, provider=provider, model=model, status=status, hint=hint)
        self.retry_after = retry_after
        self.retryable = status in (408, 409, 429) or status >= 500


class ProviderTimeoutError(ProviderError):
    """No complete answer within the timeout, or the connection failed."""

    retryable = True


class ProviderResponseError(ProviderError):
    """The provider's answer could not be read: malformed JSON, a cut-off stream."""

    retryable = True


class ProviderBudgetTooSmallError(ProviderError):
    """One provider call needs more tokens than the provider's configured per-minute budget.

    Not the API's own request limit (``presswright.api.problems.ApiRequestLimitError``):
    this call could never run, however long it waited.
    """


class StructuredOutputError(ProviderError):
    """The model's output did not validate against the schema, even after repair re-asks."""

    def __init__(self, *, provider: str, model: str, violations: list[str], attempts: int) -> None:
        listed = "; ".join(violations[:20])
        super().__init__(
            f"output did not match the schema after {attempts} attempt(s): {listed}",
            provider=provider,
            model=model,
            hint="simplify the schema, raise max_tokens, or use a larger model",
        )
        self.violations = violations
