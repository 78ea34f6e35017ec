"""Manual edits: new content for a document, checked by its contract, as a new version.

Before an edit is sent, a client can check it without storing anything
(:func:`check_content`: the rules ``presswright check`` and the publishers apply) and read
the limits those rules use as data (:func:`content_contract`), so a form counts against
the contract's own numbers.

An edit names the version it was made on (``base_version``). The first edit of a version
wins and becomes the next version; any later edit of the same version is not lost: it is
kept as a draft of the document (``GET /api/v1/documents/{id}/drafts``) and answered with
:class:`EditConflictError`, which names the current version and the draft, so its author can
compare and apply it again on the current version.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel, Field, ValidationError

from presswright.bootstrap import Instance
from presswright.content.blocks import render_pattern
from presswright.content.field_rules import language_problems
from presswright.content.models import (
    LANGUAGES,
    META_DESC_MAX,
    META_DESC_MIN,
    RTL_LANGUAGES,
    SEO_TITLE_MAX,
    SHORT_DESCRIPTION_MAX_WORDS,
    ContentData,
    ContentRequest,
    ProductCopy,
    ProductFacts,
)
from presswright.content.pattern_quality import check_pattern
from presswright.content.rules import (
    EXCERPT_MAX,
    IMAGE_ALT_MAX,
    IMAGE_ALT_MIN,
    TAGS_MAX,
    TITLE_MAX,
    check_article,
    check_article_json,
    check_product,
    check_product_json,
)
from presswright.content.slugs import LATIN_LANGUAGES, SLUG_MAX_BYTES
from presswright.content.violations import Violation, summarize_violations
from presswright.documents.outcome import store_version
from presswright.errors import (
    ConflictError,
    ContentContractError,
    PresswrightError,
    UserInputError,
)
from presswright.store.documents import add_draft, claim_version, get_document

__all__ = [
    "CheckedKind",
    "ContentContract",
    "ContractCheck",
    "EditConflictError",
    "MalformedContentError",
    "RefusedEditError",
    "check_content",
    "checked_body",
    "content_contract",
    "edit_document",
]

CheckedKind = Literal["article", "product", "pattern"]


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


class _ListedViolationsError(ContentContractError):
    """Content given as is that breaks its contract; ``problems`` holds each broken rule.

    ``violations`` holds one ``field: message`` line per rule, as for any
    ContentContractError; the API lists ``problems`` as the problem's ``errors``.
    """

    def __init__(self, message: str, problems: list[Violation], *, hint: str) -> None:
        # Not ContentContractError's wording: that one speaks of repairs, and given content
        # had none.
        PresswrightError.__init__(self, message, hint=hint)
        self.violations = [str(problem) for problem in problems]
        self.problems = problems


class RefusedEditError(_ListedViolationsError):
    """An edit that breaks its contract; nothing was stored."""

    def __init__(self, kind: str, problems: list[Violation]) -> None:
        super().__init__(
            f"the edited {kind} breaks {len(problems)} rule(s) of its contract and was not"
            f" stored: {summarize_violations(problems)}",
            problems,
            hint="fix each listed field and send the edit again",
        )


class MalformedContentError(_ListedViolationsError):
    """Content to check that is not a document of its kind at all (a field missing, of the
    wrong type, or unknown); its rules cannot be judged."""

    def __init__(self, kind: str, problems: list[Violation]) -> None:
        super().__init__(
            f"the {kind} is not of the {kind} shape, so its rules cannot be checked:"
            f" {summarize_violations(problems)}",
            problems,
            hint=f"send the JSON a document's version holds for a {kind}",
        )


def _refuse(kind: str, violations: list[Violation]) -> RefusedEditError:
    return RefusedEditError(kind, violations)


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


class ContractCheck(BaseModel):
    """The verdict of a dry-run check: every rule the content breaks; none means it passes."""

    ok: bool = Field(description="True when the content meets every rule of its contract.")
    errors: list[Violation] = Field(
        description="Each broken rule: the content's own field path, the rule id, and what is"
        " wrong and what would be right."
    )


def check_content(
    kind: CheckedKind,
    document: dict[str, Any],
    *,
    keywords: list[str] | None = None,
    language: str | None = None,
) -> ContractCheck:
    """Check ``document`` (the JSON a version of ``kind`` holds) by its contract; store nothing.

    The rules are the ones ``presswright check`` and the publishers apply. ``keywords``
    replaces the document's own for the placement rules; ``language`` is the language the
    content was asked in (a pattern's text is judged in it, as ``check pattern --language``
    does). MalformedContentError when the document is not of the kind's shape.
    """
    problems: list[Violation]
    if kind == "pattern":
        spec = document.get("spec")
        if not isinstance(spec, dict):
            shape = Violation(
                field="spec",
                rule="shape",
                message="spec is missing or not an object; send the pattern's spec as its"
                " version holds it",
            )
            raise MalformedContentError(kind, [shape])
        problems = check_pattern(spec, language)
    elif kind == "article":
        try:
            article = ContentData.model_validate(document)
        except ValidationError:
            raise MalformedContentError(kind, check_article_json(document)) from None
        if keywords is not None:
            article = article.model_copy(update={"keywords": keywords})
        problems = check_article(article) + _asked_language(article.language, language)
    else:
        try:
            copy = ProductCopy.model_validate(document)
        except ValidationError:
            raise MalformedContentError(kind, check_product_json(document)) from None
        if keywords is not None:
            copy = copy.model_copy(update={"keywords": keywords})
        problems = check_product(copy) + _asked_language(copy.language, language)
    return ContractCheck(ok=not problems, errors=problems)


def _asked_language(declared: str, asked: str | None) -> list[Violation]:
    """The language rule when the content declares another language than the one asked."""
    if asked is None or asked == declared:
        return []
    # No text: the body was judged in its declared language already; only the mismatch is new.
    return language_problems(declared, asked, "", "language")


class LengthLimit(BaseModel):
    """How long a field may be, as the rule named ``rule`` counts it."""

    field: str = Field(examples=["meta.meta_desc"])
    rule: str = Field(examples=["meta_desc_length"])
    min: int
    max: int
    unit: Literal["characters", "words", "items"] = Field(
        description="characters: of the text without surrounding spaces; words: as a"
        " reader counts them; items: entries of a list."
    )


class KeywordPlacement(BaseModel):
    """Each keyword must occur in at least one of ``fields`` (the rule named ``rule``)."""

    rule: str = Field(examples=["keyword_in_title_or_meta_desc"])
    fields: list[str]
    reported_on: str = Field(description="The field a broken placement is reported on.")


class KindContract(BaseModel):
    """The limits and keyword placement rules of one kind of content."""

    limits: list[LengthLimit]
    keyword_placement: list[KeywordPlacement]


class SlugRules(BaseModel):
    """What a valid slug is (rule ``slug``)."""

    rule: str = "slug"
    max_bytes: int = Field(description="Its length percent-encoded, as WordPress stores it.")
    ascii_languages: list[str] = Field(
        description="Languages whose slugs are lowercase ASCII letters and digits; the others"
        " keep their own script (lowercase)."
    )
    pattern: str = Field(
        description="Words of letters and digits joined by single hyphens: no spaces,"
        " underscores, uppercase, or hyphen at either end."
    )


class LanguageInfo(BaseModel):
    """One language content can be written in."""

    code: str = Field(examples=["fa"])
    name: str = Field(examples=["Persian"])
    direction: Literal["ltr", "rtl"]


class BriefLimits(BaseModel):
    """Limits of what is asked for: the article brief and the product facts."""

    topic_min: int
    topic_max: int
    keywords_max: int
    features_max: int
    attributes_max: int


class ContentContract(BaseModel):
    """The limits the content contract's rules use, read from the rules themselves."""

    languages: list[LanguageInfo]
    keyword_matching: str = Field(
        description="How a keyword is found in a text: case-insensitively after Unicode NFKC;"
        " whole words when it starts or ends with a Latin letter or digit, else as a substring."
    )
    slug: SlugRules
    brief: BriefLimits
    article: KindContract
    product: KindContract


def _bound(model: type[BaseModel], name: str, kind: type[MinLen] | type[MaxLen]) -> int:
    """A field's min_length or max_length, as the model declares it."""
    for item in model.model_fields[name].metadata:
        if isinstance(item, MinLen) and kind is MinLen:
            return item.min_length
        if isinstance(item, MaxLen) and kind is MaxLen:
            return item.max_length
    raise LookupError(f"{model.__name__}.{name} declares no {kind.__name__}")


def _keyword_placement(lead_field: str, lead_rule: str) -> list[KeywordPlacement]:
    # The places presswright.content.field_rules.keyword_problems looks in.
    heads = ["title", "meta.seo_title", "meta.meta_desc"]
    return [
        KeywordPlacement(
            rule="keyword_in_title_or_meta_desc", fields=heads, reported_on="meta.meta_desc"
        ),
        KeywordPlacement(rule=lead_rule, fields=[lead_field], reported_on=lead_field),
    ]


def content_contract() -> ContentContract:
    """The contract's limits as data: what a form counts against before anything is sent."""
    meta = [
        LengthLimit(
            field="meta.seo_title",
            rule="seo_title_length",
            min=1,
            max=SEO_TITLE_MAX,
            unit="characters",
        ),
        LengthLimit(
            field="meta.meta_desc",
            rule="meta_desc_length",
            min=META_DESC_MIN,
            max=META_DESC_MAX,
            unit="characters",
        ),
    ]
    title = LengthLimit(field="title", rule="title_length", min=1, max=TITLE_MAX, unit="characters")
    return ContentContract(
        languages=[
            LanguageInfo(code=code, name=name, direction="rtl" if code in RTL_LANGUAGES else "ltr")
            for code, name in LANGUAGES.items()
        ],
        keyword_matching=(
            "case-insensitive after Unicode NFKC, with single spaces and one spelling of Arabic"
            " yeh and kaf; whole words when the keyword starts or ends with a Latin letter or"
            " digit, a plain substring otherwise (Arabic script, CJK)"
        ),
        slug=SlugRules(
            max_bytes=SLUG_MAX_BYTES,
            ascii_languages=[code for code in LANGUAGES if code in LATIN_LANGUAGES],
            pattern="lowercase words of letters and digits joined by single hyphens",
        ),
        brief=BriefLimits(
            topic_min=_bound(ContentRequest, "topic", MinLen),
            topic_max=_bound(ContentRequest, "topic", MaxLen),
            keywords_max=_bound(ContentRequest, "keywords", MaxLen),
            features_max=_bound(ProductFacts, "features", MaxLen),
            attributes_max=_bound(ProductFacts, "attributes", MaxLen),
        ),
        article=KindContract(
            limits=[
                title,
                LengthLimit(
                    field="excerpt",
                    rule="excerpt_length",
                    min=1,
                    max=EXCERPT_MAX,
                    unit="characters",
                ),
                *meta,
            ],
            keyword_placement=_keyword_placement("body_html", "keyword_in_first_paragraph"),
        ),
        product=KindContract(
            limits=[
                title,
                LengthLimit(
                    field="short_description",
                    rule="short_description_length",
                    min=1,
                    max=SHORT_DESCRIPTION_MAX_WORDS,
                    unit="words",
                ),
                LengthLimit(
                    field="tags",
                    rule="tags_count",
                    min=_bound(ProductCopy, "tags", MinLen),
                    max=TAGS_MAX,
                    unit="items",
                ),
                LengthLimit(
                    field="image_alt_text",
                    rule="image_alt_text_length",
                    min=IMAGE_ALT_MIN,
                    max=IMAGE_ALT_MAX,
                    unit="characters",
                ),
                *meta,
            ],
            keyword_placement=_keyword_placement(
                "short_description", "keyword_in_short_description"
            ),
        ),
    )
