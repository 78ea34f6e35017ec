"""Every error Presswright raises on purpose, in one tree.

Each message says what was wrong; ``hint`` says how to fix it. Front doors print
``str(error)`` (both parts on one line) and never a stack trace.

    PresswrightError
    ├── UserInputError            bad input from a person or a file
    │   ├── SettingsError         an invalid setting or environment variable
    │   ├── NotFoundError         no such row in this tenant
    │   ├── AlreadyExistsError    a name or email that is already taken
    │   ├── ConflictError         the thing is in a state that does not allow the action
    │   ├── InvalidPatternError   a block pattern spec with unknown blocks or invalid nesting
    │   └── FileTooLargeError     a file (upload or export) over the file store's size limit
    ├── AuthenticationError       missing, wrong, expired or revoked credentials
    ├── PermissionDeniedError     valid credentials whose role does not allow the action
    ├── MissingExtraError         an optional dependency is not installed
    ├── HomeError                 PRESSWRIGHT_HOME cannot be created or written
    ├── SecretError               unusable instance secret, or a stored secret that will not decrypt
    ├── ContentContractError      generated content still breaks a contract rule after repairs
    ├── ProviderError             an LLM call failed (names provider, model, status, the fix)
    │   ├── ProviderUnavailableError  not configured: no key, no extra, unknown model
    │   ├── ProviderHTTPError         the provider answered with an error status
    │   ├── ProviderTimeoutError      no answer in time
    │   ├── ProviderResponseError     an answer that cannot be read (malformed, cut off)
    │   ├── RateLimitExceededError    a local rate limit would be exceeded (budget too small)
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
    "FileStoreUnavailableError",
    "FileTooLargeError",
    "HomeError",
    "InvalidPatternError",
    "MissingExtraError",
    "NotFoundError",
    "PermissionDeniedError",
    "PresswrightError",
    "ProviderError",
    "ProviderHTTPError",
    "ProviderResponseError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitExceededError",
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
    """A unique name or email is already taken."""


class ConflictError(UserInputError):
    """The thing exists, but its current state does not allow the action (stop a finished run)."""


class InvalidPatternError(UserInputError):
    """A block pattern spec that cannot become valid block markup."""


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


class RateLimitExceededError(ProviderError):
    """A request can never fit the configured per-minute budget."""


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
