"""Manual edits: new content for a document, checked by its contract, as a new version.

An edit names the version it was made on (``base_version``). The first edit of a version
wins and becomes the next version; any later edit of the same version is not lost: it is
kept as a draft of the document (``GET /api/v1/documents/{id}/drafts``) and answered with
:class:`EditConflictError`, which names the current version and the draft, so its author can
compare and apply it again on the current version.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError

from presswright.bootstrap import Instance
from presswright.content.blocks import render_pattern
from presswright.content.models import ContentData, ProductCopy
from presswright.content.pattern_quality import check_pattern
from presswright.content.rules import check_article_json, check_product_json
from presswright.content.violations import Violation
from presswright.documents.outcome import store_version
from presswright.errors import ConflictError, ContentContractError, UserInputError
from presswright.store.documents import add_draft, claim_version, get_document

__all__ = ["EditConflictError", "checked_body", "edit_document"]


class EditConflictError(ConflictError):
    """An edit of a version that is no longer current; the edit was kept as a draft."""

    def __init__(
        self, document_id: uuid.UUID, *, base_version: int, current: int, draft_id: uuid.UUID
    ) -> None:
        super().__init__(
            f"document {document_id} is at version {current}, not {base_version}: another edit"
            f" came first; yours is kept as draft {draft_id}",
            hint=f"read version {current}, apply your edit to it (GET /api/v1/documents/"
            f"{document_id}/drafts has it) and send it with base_version {current}",
        )
        self.current_version = current
        self.draft_id = draft_id


def _refuse(kind: str, violations: list[Violation]) -> ContentContractError:
    return ContentContractError(
        f"edited {kind}",
        [str(violation) for violation in violations],
        hint="fix each listed field and send the edit again",
    )


def checked_body(kind: str, content: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The body an edit stores, once its content meets the contract of ``kind``.

    A pattern edit gives its ``spec``; the block markup is rendered from it here.
    ContentContractError lists every violation otherwise.
    """
    if kind == "article":
        problems = check_article_json(content)
        if problems:
            raise _refuse(kind, problems)
        return ContentData.model_validate(content).model_dump(mode="json", exclude_none=True)
    if kind == "product":
        problems = check_product_json(content)
        if problems:
            raise _refuse(kind, problems)
        return ProductCopy.model_validate(content).model_dump(mode="json", exclude_none=True)
    if kind == "pattern":
        spec = content.get("spec")
        problems = check_pattern(spec, language)
        if problems:
            raise _refuse(kind, problems)
        assert isinstance(spec, dict)
        try:
            markup = render_pattern(spec)
        except (ValueError, ValidationError) as error:
            raise UserInputError(f"the pattern spec does not render: {error}") from None
        asks = content.get("asks") if isinstance(content.get("asks"), dict) else {}
        return {"spec": spec, "markup": markup, "asks": asks}
    raise UserInputError(
        f"documents of kind {kind!r} cannot be edited here",
        hint="edit an article, product or pattern",
    )


def edit_document(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    base_version: int,
    content: dict[str, Any],
    author: uuid.UUID | None,
) -> int:
    """Store an edit of ``base_version`` as the next version; the new version number.

    ContentContractError lists violations (nothing is stored); EditConflictError when
    ``base_version`` is no longer current (the edit is kept as a draft); ConflictError when
    the document has no version to edit yet.
    """
    with instance.database.tenant_session(tenant_id) as session:
        document = get_document(session, document_id)
        kind, language, current = document.kind, document.language, document.current_version
    if current == 0:
        raise ConflictError(
            f"document {document_id} has no version to edit yet (it is {document.status})",
            hint="wait for its run to complete",
        )
    body = checked_body(kind, content, language)
    conflict: EditConflictError | None = None
    with instance.database.tenant_session(tenant_id) as session:
        document = get_document(session, document_id)
        if claim_version(session, document_id=document_id, base_version=base_version):
            version = base_version + 1
            store_version(
                session,
                document,
                version,
                body,
                source="edited",
                execution_id=None,
                generation=None,
                author=author,
            )
            return version
        draft = add_draft(
            session, document_id=document_id, base_version=base_version, body=body, author=author
        )
        session.refresh(document)
        conflict = EditConflictError(
            document_id,
            base_version=base_version,
            current=document.current_version,
            draft_id=draft.id,
        )
    # Raised once the draft is committed: the losing edit is kept.
    raise conflict
