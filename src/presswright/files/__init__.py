"""One file store for everything Presswright makes in binary: exports, images, archives.

Blobs live in one backend chosen by ``PRESSWRIGHT_FILE_STORE`` (a folder under the home by
default, or an S3-compatible bucket), under tenant-scoped keys; their rows (name, media
type, size, SHA-256, owner) live in the app database. Open it with :func:`open_file_store`
and pass a tenant session to each operation::

    store = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        info = store.store_file(session, filename="guide.pdf", content=data,
                                content_type="application/pdf", owner=f"document:{doc_id}")
"""

from presswright.files.blobs import BlobMissingError, BlobReader, BlobStore, WrittenBlob
from presswright.files.factory import open_file_store
from presswright.files.local import LocalBlobStore
from presswright.files.service import (
    DEFAULT_CONTENT_TYPE,
    FILENAME_PATTERN,
    OWNER_PATTERN,
    ContentSource,
    FileDownload,
    FileStore,
    StoredFilePublic,
    check_content_type,
    check_filename,
)

__all__ = [
    "DEFAULT_CONTENT_TYPE",
    "FILENAME_PATTERN",
    "OWNER_PATTERN",
    "BlobMissingError",
    "BlobReader",
    "BlobStore",
    "ContentSource",
    "FileDownload",
    "FileStore",
    "LocalBlobStore",
    "StoredFilePublic",
    "WrittenBlob",
    "check_content_type",
    "check_filename",
    "open_file_store",
]
