"""Request and response bodies of the auth, identity and API key routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from presswright.auth.passwords import MIN_PASSWORD_LENGTH
from presswright.errors import UserInputError
from presswright.store.models import Role, as_utc, utcnow
from presswright.store.tenancy import normalize_email

__all__ = [
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyPublic",
    "Health",
    "LoginRequest",
    "Me",
    "MembershipPublic",
    "RefreshIn",
    "RefreshRequest",
    "RegisterRequest",
    "Registered",
    "SwitchRequest",
    "TenantPublic",
    "TokenPair",
    "UserPublic",
]

_Strict = ConfigDict(extra="forbid", str_strip_whitespace=False)

# Where a login's refresh token travels: in the JSON answer ("body", for programs), or in an
# HttpOnly cookie scoped to /api/v1/auth with a CSRF cookie beside it ("cookie", for the web
# studio, whose script then never sees the refresh token). See api/routes/auth.py.
RefreshIn = Literal["body", "cookie"]
_REFRESH_IN_HELP = (
    "Where the refresh token goes: 'body' (refresh_token in the answer) or 'cookie' (an"
    " HttpOnly cookie presswright_refresh, Path=/api/v1/auth, and a CSRF cookie"
    " presswright_csrf to echo in the X-CSRF-Token header; refresh_token is then null)."
)


def _email(value: str) -> str:
    try:
        return normalize_email(value)
    except UserInputError as error:
        raise ValueError(error.message) from None


class LoginRequest(BaseModel):
    """Credentials, and optionally the workspace to log into (default: the first)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "ada@example.com", "password": "correct horse"}]},
    )
    email: str = Field(max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    tenant_id: uuid.UUID | None = None
    refresh_in: RefreshIn = Field(default="body", description=_REFRESH_IN_HELP)


class RegisterRequest(BaseModel):
    """A new user and the workspace they will own."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "email": "ada@example.com",
                    "password": "correct horse battery",
                    "workspace": "Ada's blog",
                }
            ]
        },
    )
    email: str = Field(max_length=320)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=256)
    workspace: str = Field(min_length=1, max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    refresh_in: RefreshIn = Field(default="body", description=_REFRESH_IN_HELP)

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        return _email(value)

    @field_validator("password")
    @classmethod
    def _strong_enough(cls, value: str) -> str:
        if len(set(value)) < 5:
            raise ValueError("use a password with at least 5 different characters")
        return value

    @field_validator("workspace")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a workspace needs a name")
        return value.strip()


class RefreshRequest(BaseModel):
    """A refresh token, to rotate (refresh) or to end its session (logout).

    Without ``refresh_token`` (an empty body or ``{}``) the token is the ``presswright_refresh``
    cookie, and the ``X-CSRF-Token`` header must repeat the ``presswright_csrf`` cookie.
    """

    model_config = _Strict
    refresh_token: str | None = Field(
        default=None,
        min_length=1,
        max_length=4096,
        description="The refresh token; leave it out to use the presswright_refresh cookie.",
    )


class SwitchRequest(BaseModel):
    """The workspace to continue in, and where the new session's refresh token goes."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"tenant_id": "3f2b8c1e-0d4a-4c6e-9b7a-1e2d3c4b5a69", "refresh_in": "cookie"}
            ]
        },
    )
    tenant_id: uuid.UUID = Field(description="A workspace the caller is a member of.")
    refresh_in: RefreshIn = Field(default="body", description=_REFRESH_IN_HELP)


class TokenPair(BaseModel):
    """Tokens of a login session; the refresh token may be used once."""

    access_token: str
    refresh_token: str | None = Field(
        description="The refresh token; null when it was set as the presswright_refresh cookie."
    )
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth type name
    expires_in: int = Field(description="Seconds the access token lives.")
    refresh_expires_in: int = Field(description="Seconds the refresh token lives.")
    tenant_id: uuid.UUID
    role: Role


class UserPublic(BaseModel):
    """A user as others may see them."""

    id: uuid.UUID
    email: str
    display_name: str | None


class TenantPublic(BaseModel):
    """A workspace."""

    id: uuid.UUID
    name: str
    slug: str


class MembershipPublic(BaseModel):
    """A workspace the caller belongs to, and their role there."""

    tenant: TenantPublic
    role: Role


class Registered(BaseModel):
    """A registered user, their new workspace, and a first login."""

    user: UserPublic
    tenant: TenantPublic
    tokens: TokenPair


class Me(BaseModel):
    """The caller: who, in which workspace, with which role, and how they authenticated."""

    user: UserPublic
    tenant: TenantPublic
    role: Role
    via: Literal["token", "api_key"]
    api_key_id: uuid.UUID | None = None
    memberships: list[MembershipPublic]


class ApiKeyCreate(BaseModel):
    """A name for the key, and optionally when it stops working."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "wordpress"}]}
    )
    name: str = Field(min_length=1, max_length=100)
    expires_at: datetime | None = None

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an API key needs a name")
        return value.strip()

    @field_validator("expires_at")
    @classmethod
    def _future(cls, value: datetime | None) -> datetime | None:
        if value is not None and as_utc(value) <= utcnow():
            raise ValueError("expires_at must be in the future")
        return as_utc(value) if value is not None else None


class ApiKeyPublic(BaseModel):
    """An API key as listed: its masked prefix, never the secret."""

    id: uuid.UUID
    name: str
    prefix: str = Field(examples=["pw_Ab3dEf9hIj2K…"])
    user_id: uuid.UUID
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    """A new API key: ``key`` is shown this once and cannot be read again."""

    key: str


class Health(BaseModel):
    """Liveness and the reachability of the database."""

    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unreachable"]
