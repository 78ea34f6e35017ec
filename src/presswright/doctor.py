"""`presswright doctor`: every precondition of a working installation, checked and explained.

Each check reports ``ok``, a one-line ``detail`` and, when it fails, a ``hint`` with the fix.
Checks never create or change anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presswright import __version__
from presswright.bootstrap import Instance
from presswright.errors import PresswrightError
from presswright.home import ensure_home
from presswright.instance_secret import load_instance_secret
from presswright.llm.factory import stored_connections
from presswright.llm.local_model import probe_local_model
from presswright.llm.provider import Connection
from presswright.llm.registry import ProviderRegistry
from presswright.secretbox import SecretBox
from presswright.settings import Settings, load_settings, setting_sources
from presswright.store import Database, current_revision, head_revision
from presswright.store.tenancy import list_tenants

__all__ = ["Check", "DoctorReport", "run_doctor"]


@dataclass
class Check:
    """One doctor check: its outcome, a one-line detail, the fix and machine-readable facts."""

    name: str
    ok: bool
    detail: str
    hint: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"ok": self.ok, "detail": self.detail, "hint": self.hint, **self.data}


@dataclass
class DoctorReport:
    """All checks, in the order they ran."""

    checks: list[Check]

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return all(check.ok for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"ok", "version", "checks": {name: {...}}}``."""
        return {
            "ok": self.ok,
            "version": __version__,
            "checks": {check.name: check.as_dict() for check in self.checks},
        }


def _failed(name: str, error: PresswrightError, **data: Any) -> Check:
    return Check(name, False, error.message, error.hint, data)


def _guard(name: str, body: Callable[[], Check]) -> Check:
    try:
        return body()
    except PresswrightError as error:
        return _failed(name, error)


def _check_database(settings: Settings) -> Check:
    database = Database.from_settings(settings)
    data: dict[str, Any] = {"url": database.display_url, "backend": database.url.get_backend_name()}
    try:
        if database.is_sqlite and not settings.sqlite_path.exists():
            return Check(
                "database",
                False,
                f"no database at {settings.sqlite_path}",
                "run `presswright init`",
                {**data, "revision": None, "head": head_revision(), "at_head": False},
            )
        revision, head = current_revision(database), head_revision()
    except PresswrightError as error:
        return _failed("database", error, **data)
    finally:
        database.dispose()
    data |= {"revision": revision, "head": head, "at_head": revision == head}
    if revision != head:
        return Check(
            "database",
            False,
            f"{database.display_url} is at migration {revision or 'none'}, not {head}",
            "run `presswright db upgrade`",
            data,
        )
    return Check(
        "database", True, f"{database.display_url} reachable, at migration {head}", None, data
    )


def _check_providers(settings: Settings) -> Check:
    """Which providers are ready: from the environment, and stored in each workspace."""
    stored: list[Connection] = []
    database = Database.from_settings(settings)
    try:
        if not database.is_sqlite or settings.sqlite_path.exists():
            secret = load_instance_secret(settings)
            instance = Instance(settings, database, SecretBox(secret))
            with database.system_session() as session:
                tenants = [tenant.id for tenant in list_tenants(session)]
            for tenant_id in tenants:
                stored.extend(stored_connections(instance, tenant_id))
    except PresswrightError:
        pass  # the database and secret checks report it; the environment still counts
    finally:
        database.dispose()
    registry = ProviderRegistry(settings)
    ready = sorted(
        {
            name
            for name in registry.connections
            if registry.provider(name).unavailable_reason() is None
        }
    )
    detail = ", ".join(ready) if ready else "none"
    if stored:
        detail += f"; {len(stored)} stored connection(s) in workspaces"
    hint = None if ready or stored else "install 'presswright[local]' or set OPENAI_API_KEY"
    return Check(
        "providers",
        bool(ready or stored),
        detail,
        hint,
        {"ready": ready, "stored": len(stored)},
    )


def _check_local_model(settings: Settings) -> Check:
    probe = probe_local_model(settings)
    return Check(
        "local_model",
        True,
        f"{probe.path.name} ({probe.size_bytes / 1e6:.0f} MB) loads in {probe.load_seconds:.2f} s",
        None,
        {
            "available": True,
            "path": str(probe.path),
            "load_seconds": probe.load_seconds,
            "vocab_size": probe.vocab_size,
            "context_length": probe.n_ctx_train,
        },
    )


def run_doctor() -> DoctorReport:
    """Run every check; a failing check never stops the others unless they depend on it."""
    try:
        settings = load_settings()
    except PresswrightError as error:
        return DoctorReport([_failed("settings", error)])
    sources = setting_sources(settings)
    changed = sorted(name for name, source in sources.items() if source != "default")
    checks = [
        Check(
            "settings",
            True,
            "all defaults"
            if not changed
            else "set: " + ", ".join(f"{n} ({sources[n]})" for n in changed),
            None,
            {"sources": sources, "home": str(settings.home)},
        )
    ]

    def home() -> Check:
        if not settings.home.exists():
            return Check("home", False, f"{settings.home} does not exist", "run `presswright init`")
        ensure_home(settings.home)
        return Check(
            "home", True, f"{settings.home} is writable", None, {"path": str(settings.home)}
        )

    def secret() -> Check:
        load_instance_secret(settings)
        source = "PRESSWRIGHT_SECRET_KEY" if settings.secret_key else str(settings.secret_path)
        return Check("instance_secret", True, f"from {source}")

    checks.append(_guard("home", home))
    checks.append(_guard("instance_secret", secret))
    checks.append(_guard("database", lambda: _check_database(settings)))
    checks.append(_guard("providers", lambda: _check_providers(settings)))
    local = _guard("local_model", lambda: _check_local_model(settings))
    local.data.setdefault("available", False)
    checks.append(local)
    return DoctorReport(checks)
