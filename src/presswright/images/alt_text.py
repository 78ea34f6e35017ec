"""Alt text written by a model, held to the alt text contract, re-asked once, or refused.

A vision-capable model (OpenAI, Anthropic, Gemini: :attr:`ModelProfile.images`) is shown
the picture and describes what it actually shows for its purpose, the text around it
(``source="vision"``). A model that cannot see (the packaged local model) writes from the
image's prompt and the surrounding text, and the result says so (``source="prompt"``): it
describes what the picture was asked to show, which a person may want to check.

Either way the answer is checked with :func:`presswright.images.alt_text_rules.
alt_text_problems`; a failing answer is re-asked once, quoting every broken rule, with a
fresh sample; if that one fails too, :class:`AltTextError` lists what is still wrong.
Nothing that breaks the contract is returned.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from typing import Any, Literal

from pydantic import BaseModel

from presswright.content.language import describe_language
from presswright.content.models import LANGUAGES
from presswright.content.violations import Violation
from presswright.errors import ContentContractError, ProviderError, UserInputError
from presswright.images.alt_text_rules import ALT_TEXT_MAX, alt_text_problems
from presswright.llm.client import LLMClient
from presswright.llm.types import Completion, GenerationParams, ImagePart, Message

__all__ = ["AltText", "AltTextError", "AltTextSource", "reads_images", "write_alt_text"]

AltTextSource = Literal["vision", "prompt"]
_WIDE_LANGUAGES = frozenset({"ja", "ko", "zh"})  # a character counts as two (see the rules)
_FIELD = "alt_text"
REASKS = 1
_TAG = re.compile(r"<[^>]*>")

SYSTEM = (
    "You write alt text for pictures on web pages, following WCAG. The alt text tells a"
    " person who cannot see the picture what it shows, as far as it matters where the"
    " picture is used. Rules: one short plain sentence; at most {limit} characters; written"
    " in {language}; start with the subject itself, never with 'image of', 'picture of',"
    " 'photo of' or 'this image'; no file names, no quotes, no markup, no '...'; do not"
    " repeat the caption or the text around the picture; give the alt text itself, with no"
    " preamble."
)


class AltText(BaseModel):
    """Alt text that meets the contract, and how it was written."""

    text: str
    language: str
    source: AltTextSource  # "vision": the model saw the picture; "prompt": it did not
    model: str  # provider:model that wrote it
    attempts: int
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0


class AltTextError(ContentContractError):
    """The model's alt text still breaks the contract after the re-ask; nothing is returned.

    ``problems`` holds the last answer's violations; ``source`` says whether it saw the
    picture.
    """

    def __init__(self, problems: list[Violation], *, source: AltTextSource, text: str) -> None:
        hint = (
            "retry, or describe it with a stronger vision model (--model)"
            if source == "vision"
            else "add a vision-capable model (OpenAI, Anthropic or Gemini: `presswright"
            " providers add`) so the picture itself is described, or give a fuller prompt"
        )
        super().__init__("alt text", [str(problem) for problem in problems], hint=hint)
        self.problems = problems
        self.source = source
        self.text = text


def reads_images(client: LLMClient, model: str | None) -> bool:
    """Whether ``model`` (or the default model) is declared to read input pictures."""
    provider, name = client.registry.resolve(model or client.settings.default_model)
    return provider.profile(name).images


def _limit(language: str) -> int:
    return ALT_TEXT_MAX // 2 if language in _WIDE_LANGUAGES else ALT_TEXT_MAX


def _schema(language: str) -> dict[str, Any]:
    return {
        "title": "alt_text",
        "type": "object",
        "properties": {
            "alt_text": {"type": "string", "minLength": 3, "maxLength": _limit(language)}
        },
        "required": ["alt_text"],
        "additionalProperties": False,
    }


def _ask(language: str, context: str, prompt: str | None, caption: str | None, image: bool) -> str:
    name = describe_language(language)
    lines = [
        f"Write the alt text, in {name}, for "
        + ("this picture." if image else "a picture you cannot see.")
    ]
    if prompt and prompt.strip():
        note = " (describe what you see, not what was asked)" if image else ""
        lines.append(f"It was made from this prompt{note}: {prompt.strip()[:1500]}")
    if context:
        lines.append(f"It appears with this text (its purpose): {context[:1500]}")
    if caption:
        lines.append(f"Its caption, which the alt text must not repeat: {caption.strip()}")
    if not image:
        lines.append("Describe what the prompt says the picture shows.")
    return "\n".join(lines)


async def write_alt_text(
    client: LLMClient,
    *,
    language: str,
    context: str = "",
    image: ImagePart | None = None,
    prompt: str | None = None,
    model: str | None = None,
    caption: str | None = None,
    file_names: Collection[str] = (),
) -> AltText:
    """Alt text for a picture in ``language`` that meets the contract, or AltTextError.

    With ``image`` and a model that reads pictures, the model describes the picture itself;
    otherwise it writes from ``prompt`` (what the picture was made from) and ``context``
    (the text around it, plain or HTML), and the result is marked ``source="prompt"``.
    """
    if language not in LANGUAGES:
        raise UserInputError(
            f"language {language!r} is not supported",
            hint=f"use one of: {', '.join(LANGUAGES)}",
        )
    context = _plain(context)
    vision = image is not None and reads_images(client, model)
    if not vision and not (prompt or "").strip() and not context:
        raise UserInputError(
            "cannot write alt text: the model cannot see pictures and neither a prompt nor"
            " the surrounding text says what this one shows",
            hint="use a vision-capable model (OpenAI, Anthropic or Gemini), or pass the"
            " image's prompt or its surrounding text",
        )
    source: AltTextSource = "vision" if vision else "prompt"
    system = SYSTEM.format(limit=_limit(language), language=describe_language(language))
    first = Message(
        role="user",
        content=_ask(language, context, prompt, caption, vision),
        images=(image,) if vision and image is not None else (),
    )
    messages: tuple[Message, ...] = (Message(role="system", content=system), first)
    brief = " ".join(part for part in (prompt or "", context, caption or "") if part)
    fallbacks = _vision_fallbacks(client) if vision else None
    spent: list[Completion] = []
    problems: list[Violation] = []
    text = ""
    for attempt in range(REASKS + 1):
        completion = await client.complete(
            messages,
            model=model,
            schema=_schema(language),
            params=GenerationParams(max_tokens=160, language=language, sample=attempt),
            fallbacks=fallbacks,
        )
        spent.append(completion)
        text = _answer(completion)
        problems = alt_text_problems(
            text,
            language=language,
            field=_FIELD,
            file_names=file_names,
            caption=caption,
            context=context,
            brief=brief,
        )
        if not problems:
            return AltText(
                text=text,
                language=language,
                source=source,
                model=completion.model_id,
                attempts=attempt + 1,
                tokens_in=sum(c.tokens_in for c in spent),
                tokens_out=sum(c.tokens_out for c in spent),
                cost=sum(c.cost for c in spent),
            )
        messages = (*messages, *_reask(completion.text, problems))
    raise AltTextError(problems, source=source, text=text)


def _plain(text: str) -> str:
    """Surrounding text as the model should read it: without tags, on one line."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _answer(completion: Completion) -> str:
    parsed = completion.parsed
    value = parsed.get("alt_text") if isinstance(parsed, dict) else None
    return " ".join(str(value or "").split())


def _reask(previous: str, problems: list[Violation]) -> tuple[Message, Message]:
    listed = "\n".join(f"- {problem.message}" for problem in problems[:10])
    return (
        Message(role="assistant", content=previous[:2000]),
        Message(
            role="user",
            content="That alt text breaks these rules:\n"
            f"{listed}\nWrite a new alt text that follows every rule.",
        ),
    )


def _vision_fallbacks(client: LLMClient) -> list[str]:
    """The fallback models that can see too: a blind one would describe a picture unseen."""
    seeing: list[str] = []
    for model_id in client.settings.fallback_models:
        try:
            if reads_images(client, model_id):
                seeing.append(model_id)
        except ProviderError:
            continue  # an unusable fallback is simply not one
    return seeing
