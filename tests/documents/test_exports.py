"""Exports of documents live and die with their document, on either blob backend.

Run on SQLite and PostgreSQL, each with the local folder and with S3 on moto's server on
loopback, as the file store's own tests are.
"""

from __future__ import annotations

import pytest

from presswright.bootstrap import Instance
from presswright.content.models import ContentData
from presswright.documents import delete_document, export_document, get_document, list_documents
from presswright.errors import NotFoundError
from presswright.files import open_file_store
from presswright.flows.runtime import Runtime
from presswright.settings import Settings
from tests.documents.conftest import FakeStudio
from tests.documents.test_library import generated_article
from tests.files.backends import (
    blob_keys,
    file_backend,
    file_settings,
    s3_bucket,
    s3_endpoint,
)

__all__ = ["file_backend", "s3_bucket", "s3_endpoint", "settings"]


@pytest.fixture
def settings(
    backend: str, file_backend: str, settings: Settings, request: pytest.FixtureRequest
) -> Settings:
    """The document tests' settings (on ``backend``), on a blob backend."""
    return file_settings(request, settings, file_backend)


@pytest.mark.timeout(180)
def test_exports_are_files_of_the_document_and_go_with_it(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    tenant, user, generation = generated_article(instance, runtime)
    doc_id = generation.document_id
    assert isinstance(generation.content, ContentData)
    files = open_file_store(instance.settings)
    stored = {
        fmt: export_document(instance, tenant_id=tenant, document_id=doc_id, fmt=fmt, user_id=user)
        for fmt in ("json", "html", "gutenberg", "md")
    }
    assert stored["html"].content_type.startswith("text/html")
    assert stored["html"].owner == f"document:{doc_id}"
    with instance.database.tenant_session(tenant) as session:
        page = files.read_file(session, file_id=stored["html"].id).decode()
        markdown = files.read_file(session, file_id=stored["md"].id).decode()
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert generation.content.title in page and generation.content.title in markdown
    with pytest.raises(NotFoundError, match="no version 7"):
        export_document(instance, tenant_id=tenant, document_id=doc_id, fmt="md", version=7)

    blobs = {f"{tenant}/{info.id}" for info in stored.values()}
    assert blobs <= set(blob_keys(files))
    assert delete_document(instance, tenant_id=tenant, document_id=doc_id) == 4
    assert blobs.isdisjoint(blob_keys(files))  # the content itself is gone, not only its rows
    with instance.database.tenant_session(tenant) as session:
        for info in stored.values():
            with pytest.raises(NotFoundError):
                files.read_file(session, file_id=info.id)
    with pytest.raises(NotFoundError):
        get_document(instance, tenant_id=tenant, document_id=doc_id)
    assert list_documents(instance, tenant_id=tenant).total == 0
