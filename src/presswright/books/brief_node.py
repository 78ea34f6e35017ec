"""``book_brief``: the requirements step of the book flow.

It checks the brief against the limits (:class:`~presswright.books.brief.BookBrief`) and
turns it into what the later steps share: the system prompt, each chapter's length target,
and the schemas the architect and the outline answer (the outline with exactly the chapters
asked for, so no model can return more or fewer).
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from presswright.books.brief import BookBrief, chapter_targets
from presswright.books.drafts import FictionBible, KnowledgeMap, outline_schema
from presswright.books.plan import DEFAULT_POINT_OF_VIEW
from presswright.books.prompts import system_prompt
from presswright.content.models import LANGUAGES
from presswright.errors import UserInputError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType

__all__ = ["BookBriefNode", "brief_error"]


def brief_error(error: ValidationError) -> UserInputError:
    """A refused brief as one error listing every field and the limit it breaks."""
    reasons = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "brief"
        message = str(item["msg"]).removeprefix("Value error, ")
        reasons.append(f"{where}: {message}")
    return UserInputError(
        "the book brief is refused: " + "; ".join(reasons),
        hint="change the brief to fit the limits named",
    )


class BookBriefNode(NodeType):
    """Checks a book brief and outputs the guidance, targets and schemas the steps share."""

    name = "book_brief"
    Config = NoConfig
    description = "Check a book brief against its limits; output targets, schemas and guidance."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        fields = set(BookBrief.model_fields)
        try:
            brief = BookBrief.model_validate(
                {k: v for k, v in context.inputs.items() if k in fields and v is not None}
            )
        except ValidationError as error:
            raise brief_error(error) from None
        return NodeOutcome(
            output={
                "request": brief.model_dump(mode="json"),
                "language": brief.language,
                "language_name": LANGUAGES[brief.language],
                "unit": brief.unit,
                "fiction": brief.fiction,
                "point_of_view": brief.point_of_view or DEFAULT_POINT_OF_VIEW,
                "goals": "; ".join(brief.learning_goals),
                "system": system_prompt(
                    language=brief.language,
                    fiction=brief.fiction,
                    audience=brief.audience,
                    tone=brief.tone,
                ),
                "chapter_targets": chapter_targets(brief.target_words, brief.chapters),
                "words_per_chapter": brief.target_words // brief.chapters,
                "bible_schema": (
                    FictionBible if brief.fiction else KnowledgeMap
                ).model_json_schema(),
                "outline_schema": outline_schema(brief.chapters, fiction=brief.fiction),
                "verbatim": [brief.title] if brief.title else [],
            }
        )
