"""Shared fixtures: an isolated environment, and the storage backends every storage test runs on.

PostgreSQL tests use the server on this machine (127.0.0.1:5432, user postgres, trust auth),
each test in a database of its own. They are mandatory in CI; elsewhere they can be skipped
with PW_TEST_SKIP_POSTGRES=1.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from presswright.bootstrap import Instance, open_instance
from presswright.settings import Settings
from tests.wordpress.wordpress_site import RunningWordPress, missing_requirements, running_wordpress

PG_SERVER_URL = os.environ.get("PW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PROVIDER_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_BASE_URL")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No PRESSWRIGHT_* or provider variable leaks in, and no stray .env is read."""
    for name in list(os.environ):
        if name.upper().startswith("PRESSWRIGHT_") or name.upper() in PROVIDER_VARS:
            monkeypatch.delenv(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)


def _admin_engine():  # type: ignore[no-untyped-def]
    url = make_url(PG_SERVER_URL).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


@pytest.fixture(scope="session")
def postgres_available() -> bool:
    """Whether the PostgreSQL server answers; fails the run in CI if it does not."""
    try:
        engine = _admin_engine()
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        if os.environ.get("PW_TEST_SKIP_POSTGRES") == "1" and not os.environ.get("CI"):
            return False
        pytest.fail(f"PostgreSQL at {PG_SERVER_URL} is required and unreachable: {error}")
    return True


@pytest.fixture
def postgres_url(postgres_available: bool) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if not postgres_available:
        pytest.skip("PostgreSQL skipped by PW_TEST_SKIP_POSTGRES=1")
    name = f"pw_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Each storage test runs once per backend."""
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for a new installation in a temporary home, on the test's backend."""
    database_url = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    return Settings(home=tmp_path / "home", database_url=database_url)


@pytest.fixture
def instance(settings: Settings) -> Iterator[Instance]:
    """An opened, migrated installation."""
    opened = open_instance(settings, create_secret=True)
    yield opened
    opened.database.dispose()


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningWordPress]:
    """A real WordPress on loopback, one for the whole session; fails (never skips) without PHP."""
    problem = missing_requirements()
    if problem is not None:
        pytest.fail(problem)
    with running_wordpress(tmp_path_factory.mktemp("wordpress")) as site:
        yield site
