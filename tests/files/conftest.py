"""File tests run on SQLite and PostgreSQL, each with the local and the S3 blob backend."""

from __future__ import annotations

import pytest

from presswright.settings import Settings
from tests.files.backends import file_backend, file_settings, s3_bucket, s3_endpoint

__all__ = ["file_backend", "s3_bucket", "s3_endpoint", "settings"]


@pytest.fixture
def settings(
    backend: str, file_backend: str, settings: Settings, request: pytest.FixtureRequest
) -> Settings:
    """The storage test settings (on ``backend``), on a blob backend, with a 100 kB limit."""
    return file_settings(request, settings, file_backend, max_file_bytes=100_000)
