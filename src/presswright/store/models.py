"""SQLAlchemy models of the app database.

Rows that hold a tenant's data inherit :class:`TenantScoped`; sessions opened by
:class:`presswright.store.Database` filter and guard them by tenant (see ``scoping``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "ApiKey",
    "AuthSession",
    "Base",
    "BrandProfile",
    "BulkItem",
    "BulkJob",
    "Document",
    "DocumentDraft",
    "DocumentVersion",
    "Execution",
    "ExecutionStatus",
    "Flow",
    "FlowVersion",
    "HostedSite",
    "LLMCacheEntry",
    "LLMCall",
    "Membership",
    "NodeRun",
    "PatternTemplate",
    "ProviderConfig",
    "PublishRecord",
    "RateLimitEvent",
    "RateLimitScope",
    "RefreshToken",
    "Role",
    "StoredFile",
    "Tenant",
    "TenantScoped",
    "User",
    "WooCommerceStore",
    "WooCommerceWrite",
    "WordPressLink",
    "WordPressMedia",
    "WordPressSite",
    "as_utc",
    "utcnow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A datetime taken as UTC when it carries no zone (columns are read back aware already)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on every backend: stored in UTC, always read back aware.

    PostgreSQL keeps the moment and answers in its session's zone; SQLite stores text
    without a zone. So values are turned to UTC on the way in, and on the way out marked
    UTC (SQLite) or turned to UTC (PostgreSQL, whatever its ``TimeZone``): every value read
    back has ``tzinfo`` ``UTC``, and API answers carry the offset on every backend.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None and value.tzinfo else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return as_utc(value).astimezone(UTC) if value is not None else None


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (Alembic needs them on SQLite)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Role(enum.StrEnum):
    """What a member may do in a tenant, from most to least powerful."""

    OWNER = "owner"
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"


class Tenant(Base):
    """A workspace: an agency, a shop, a blog. Every user-data row belongs to one."""

    __tablename__ = "tenants"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who can log in; belongs to tenants through memberships."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TenantScoped(Base):
    """Mixin for rows owned by one tenant; sessions filter and guard them by tenant."""

    __abstract__ = True
    # Identity lookups (an API key or a membership by user) may be read before the tenant
    # is known, in a system session; nothing else may.
    identity_lookup: ClassVar[bool] = False

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)


class Membership(TenantScoped):
    """A user's role in a tenant."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)
    identity_lookup = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(TenantScoped):
    """An API key: only a prefix (to find it) and a SHA-256 hash (to check it) are stored."""

    __tablename__ = "api_keys"
    identity_lookup = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(20), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class ProviderConfig(TenantScoped):
    """A tenant's connection to an LLM provider; the API key is stored encrypted."""

    __tablename__ = "provider_configs"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    base_url: Mapped[str | None] = mapped_column(String(500))
    api_key_encrypted: Mapped[str | None] = mapped_column(Text)
    models: Mapped[list[str]] = mapped_column(default=list)
    requests_per_minute: Mapped[int | None] = mapped_column(Integer)
    tokens_per_minute: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BrandProfile(TenantScoped):
    """A brand voice applied to every prompt of a run."""

    __tablename__ = "brand_profiles"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    tone: Mapped[str | None] = mapped_column(String(100))
    vocabulary_level: Mapped[str | None] = mapped_column(String(50))
    sentence_length: Mapped[str | None] = mapped_column(String(50))
    custom_instructions: Mapped[str | None] = mapped_column(Text)
    banned_words: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LLMCall(TenantScoped):
    """The usage log: one row per LLM call, answered by a provider or from the cache."""

    __tablename__ = "llm_calls"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    provider: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    cache_hit: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20))
    error_class: Mapped[str | None] = mapped_column(String(100))
    prompt_hash: Mapped[str] = mapped_column(String(64))
    prompt_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LLMCacheEntry(TenantScoped):
    """A cached LLM answer, keyed by a hash of everything that shaped it."""

    __tablename__ = "llm_cache"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    response: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ExecutionStatus(enum.StrEnum):
    """Where an execution stands."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Execution(TenantScoped):
    """One run of a flow over a snapshot of its spec; resumed and regenerated in place."""

    __tablename__ = "executions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    flow_name: Mapped[str] = mapped_column(String(100))
    flow_version: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, Any]] = mapped_column()
    inputs: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    outputs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    token_cap: Mapped[int | None] = mapped_column(Integer)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    workflow_id: Mapped[str] = mapped_column(String(80))
    forced_nodes: Mapped[list[str]] = mapped_column(default=list)
    overrides: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]


class NodeRun(TenantScoped):
    """One attempt of one node (or one map item, ``node[3]``) in an execution."""

    __tablename__ = "node_runs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    execution_id: Mapped[str] = mapped_column(
        ForeignKey("executions.id", ondelete="CASCADE"), index=True
    )
    node_id: Mapped[str] = mapped_column(String(100))
    generation: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    input_hash: Mapped[str] = mapped_column(String(64))
    # The config's templates as rendered for this attempt (the prompt the model was sent).
    inputs: Mapped[Any | None] = mapped_column(JSON)
    output: Mapped[Any | None] = mapped_column(JSON)
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class RateLimitScope(Base):
    """One provider account's shared budget; its row is the lock every process takes."""

    __tablename__ = "rate_limit_scopes"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    touched_at: Mapped[float] = mapped_column(Float, default=0.0)


class RateLimitEvent(Base):
    """A call booked against a shared budget: when, and how many tokens."""

    __tablename__ = "rate_limit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[float] = mapped_column(Float, index=True)
    tokens: Mapped[int] = mapped_column(Integer)


class PatternTemplate(TenantScoped):
    """A saved block pattern spec, checked before it is stored, reused to render patterns."""

    __tablename__ = "pattern_templates"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(100), index=True)
    spec: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flow(TenantScoped):
    """A tenant's saved flow: a name over an append-only list of spec versions."""

    __tablename__ = "flows"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    latest_version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FlowVersion(TenantScoped):
    """One immutable version of a saved flow's spec; executions snapshot it when they start."""

    __tablename__ = "flow_versions"
    __table_args__ = (UniqueConstraint("flow_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    flow_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("flows.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, Any]] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthSession(Base):
    """A login of a user into a tenant: the family its rotating refresh tokens belong to.

    Identity data, like users: read and written in a system session. Revoking it ends every
    access and refresh token issued under it.
    """

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(50))


class RefreshToken(Base):
    """One refresh token of a session, by its ``jti``; usable exactly once."""

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True
    )
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WordPressSite(TenantScoped):
    """A tenant's connection to a WordPress site; the application password is stored encrypted."""

    __tablename__ = "wordpress_sites"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name"),
        UniqueConstraint("tenant_id", "url", name="uq_wordpress_sites_tenant_id_url"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    api_root: Mapped[str] = mapped_column(String(600))
    username: Mapped[str] = mapped_column(String(100))
    app_password_encrypted: Mapped[str] = mapped_column(Text)
    remote_user_id: Mapped[int | None] = mapped_column(Integer)
    remote_user_name: Mapped[str | None] = mapped_column(String(250))
    remote_roles: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20))
    status_detail: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None]
    links_pulled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PublishRecord(TenantScoped):
    """Where a document went on a site: the remote post it became, found again on every publish."""

    __tablename__ = "publish_records"
    __table_args__ = (UniqueConstraint("site_id", "document_key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("wordpress_sites.id", ondelete="CASCADE"), index=True
    )
    document_key: Mapped[str] = mapped_column(String(200))
    marker: Mapped[str] = mapped_column(String(100))
    remote_id: Mapped[int] = mapped_column(Integer)
    remote_url: Mapped[str] = mapped_column(String(2000))
    remote_status: Mapped[str] = mapped_column(String(20))
    featured_media_id: Mapped[int | None] = mapped_column(Integer)
    featured_image_sha256: Mapped[str | None] = mapped_column(String(64))
    seo_title: Mapped[str | None] = mapped_column(Text)
    seo_description: Mapped[str | None] = mapped_column(Text)
    seo_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WordPressLink(TenantScoped):
    """One published post or page of a site, for the internal-link index articles draw on."""

    __tablename__ = "wordpress_links"
    __table_args__ = (UniqueConstraint("site_id", "kind", "remote_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("wordpress_sites.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    remote_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(2000))


class WordPressMedia(TenantScoped):
    """An image in a site's Media Library, by its content hash: the same bytes are uploaded once."""

    __tablename__ = "wordpress_media"
    __table_args__ = (UniqueConstraint("site_id", "sha256"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("wordpress_sites.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    media_id: Mapped[int] = mapped_column(Integer)
    source_url: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BulkJob(TenantScoped):
    """A bulk generation job: many items of one kind on one model, driven by one process at a time.

    ``driver`` and ``lease_until`` say which process drives the job now (see
    :mod:`presswright.bulk`); ``started_at`` is when the current pass began feeding items.
    A job publishes to a WordPress site (``publish_site_id``) or writes product copy back to
    a WooCommerce store (``publish_store_id``), or neither.
    """

    __tablename__ = "bulk_jobs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(300))
    concurrency: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    publish_site_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("wordpress_sites.id", ondelete="SET NULL")
    )
    publish_status: Mapped[str | None] = mapped_column(String(20))
    # No foreign key (see migration 0010): a removed store fails the writes by name.
    publish_store_id: Mapped[uuid.UUID | None]
    driver: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BulkItem(TenantScoped):
    """One item of a bulk job: its validated input, its key, and the execution that makes it.

    ``state`` is queued, running, publishing, succeeded, failed or cancelled. A ``reused``
    item took the finished execution of an earlier item with the same ``item_key``.
    ``woo_product_id`` is the WooCommerce product its copy is written back to, if any;
    ``remote_id`` and ``remote_url`` the post or product it went to, once it did.
    """

    __tablename__ = "bulk_items"
    __table_args__ = (UniqueConstraint("job_id", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bulk_jobs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    row: Mapped[int] = mapped_column(Integer)
    item_key: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column()
    state: Mapped[str] = mapped_column(String(20))
    reused: Mapped[bool] = mapped_column(default=False)
    execution_id: Mapped[str | None] = mapped_column(
        ForeignKey("executions.id", ondelete="SET NULL"), index=True
    )
    dispatched: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    remote_id: Mapped[int | None] = mapped_column(Integer)
    remote_url: Mapped[str | None] = mapped_column(String(2000))
    woo_product_id: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class WooCommerceStore(TenantScoped):
    """A tenant's connection to a WooCommerce store; key and secret are stored encrypted."""

    __tablename__ = "woocommerce_stores"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name"),
        UniqueConstraint("tenant_id", "url", name="uq_woocommerce_stores_tenant_id_url"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    api_root: Mapped[str] = mapped_column(String(600))
    consumer_key_encrypted: Mapped[str] = mapped_column(Text)
    consumer_secret_encrypted: Mapped[str] = mapped_column(Text)
    key_hint: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    status_detail: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WooCommerceWrite(TenantScoped):
    """One write of generated copy to a store's product: what was sent, from which run, when."""

    __tablename__ = "woocommerce_writes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    store_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("woocommerce_stores.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(Integer)
    product_name: Mapped[str] = mapped_column(String(300))
    product_url: Mapped[str | None] = mapped_column(String(2000))
    execution_id: Mapped[str | None] = mapped_column(
        ForeignKey("executions.id", ondelete="SET NULL")
    )
    fields: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    seo_title: Mapped[str] = mapped_column(Text)
    seo_description: Mapped[str] = mapped_column(Text)
    seo_note: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class StoredFile(TenantScoped):
    """One blob in the file store: where it is, what it is, and what it belongs to.

    ``key`` is the blob's name in the backend (``<tenant_id>/...``); ``sha256`` and ``size``
    were measured while it was written. ``owner`` names what the file belongs to
    (``document:<id>``) as plain text, not a foreign key, so any feature can own files and
    remove them with itself.
    """

    __tablename__ = "stored_files"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    key: Mapped[str] = mapped_column(String(600), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str | None] = mapped_column(String(200), index=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Document(TenantScoped):
    """One piece of work of a workspace (article, product copy, pattern...) and where it stands.

    ``execution_id`` is the run that made it, plain text rather than a foreign key: the
    document is created just before its execution, so the run always finds it when it
    settles. ``search_text`` is the case-folded plain text of the title and current body,
    searched with LIKE on every backend (see ``store/documents.py``).
    """

    __tablename__ = "documents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(500))
    language: Mapped[str | None] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    execution_id: Mapped[str | None] = mapped_column(String(36), index=True)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DocumentVersion(TenantScoped):
    """One version of a document's content; versions are only ever added, never changed."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column()
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(20))
    execution_id: Mapped[str | None] = mapped_column(String(36))
    generation: Mapped[int | None] = mapped_column(Integer)
    author: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentDraft(TenantScoped):
    """A manual edit that lost a race: made on a version that was no longer current, kept."""

    __tablename__ = "document_drafts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    base_version: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column()
    author: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HostedSite(TenantScoped):
    """A WordPress a provisioner made or deploys to (local or over SSH), step by step.

    ``settings`` holds what the provisioner needs to resume or tear down (no secret);
    ``secrets_encrypted`` holds its passwords and keys sealed with the instance's secret box.
    """

    __tablename__ = "hosted_sites"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    step: Mapped[str | None] = mapped_column(String(40))
    site_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    wordpress_site_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("wordpress_sites.id", ondelete="SET NULL")
    )
    url: Mapped[str | None] = mapped_column(String(500))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    secrets_encrypted: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    log: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
