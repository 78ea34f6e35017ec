"""Alt text from a model that cannot see (the packaged-model path), on the shipped fake provider."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from presswright.errors import InvalidImageError, UserInputError
from presswright.images.alt_text import AltText, AltTextError, reads_images, write_alt_text
from presswright.images.describe import describe
from presswright.llm.client import LLMClient
from presswright.llm.provider import Connection
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.registry import ProviderRegistry
from presswright.llm.retry import RetryPolicy
from presswright.llm.types import ImagePart
from presswright.settings import Settings

PROMPT = "photorealistic photo of a baker lifting sourdough loaves from a wood-fired oven"
CONTEXT = "Every morning at five our bakers fire the oven for the first sourdough batch."
GOOD = "A baker lifts golden sourdough loaves out of a wood-fired oven."


def answer(text: str) -> str:
    return json.dumps({"alt_text": text}, ensure_ascii=False)


@pytest.fixture
def script() -> Iterator[FakeScript]:
    FakeProvider.scripts.clear()
    fresh = FakeScript()
    FakeProvider.scripts["fake"] = fresh
    yield fresh
    FakeProvider.scripts.clear()


@pytest.fixture
def client(tmp_path: Path, script: FakeScript) -> Iterator[LLMClient]:
    settings = Settings(home=tmp_path, default_model="fake:test", fallback_models=[])
    made = LLMClient(
        settings=settings,
        registry=ProviderRegistry(settings, [Connection(name="fake", kind="fake")]),
        retry=RetryPolicy(max_retries=0),
    )
    yield made
    asyncio.run(made.aclose())


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 150, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def write(client: LLMClient, **arguments: object) -> AltText:
    return asyncio.run(write_alt_text(client, **arguments))  # type: ignore[arg-type]


def test_a_blind_model_writes_from_the_prompt_and_says_so(
    client: LLMClient, script: FakeScript
) -> None:
    script.add(answer(GOOD))
    assert not reads_images(client, None)
    result = write(
        client,
        language="en",
        context=CONTEXT,
        prompt=PROMPT,
        image=ImagePart.from_bytes(png(), "image/png"),
    )
    assert (result.text, result.source, result.language) == (GOOD, "prompt", "en")
    assert result.model == "fake:test" and result.attempts == 1
    (request,) = script.requests
    # The picture is not sent to a model that cannot see it.
    assert all(message.images == () for message in request.messages)
    system, user = request.messages
    assert "WCAG" in system.content and "English (en)" in system.content
    assert PROMPT in user.content and CONTEXT in user.content
    assert "cannot see" in user.content
    assert request.params.language == "en"
    assert request.json_schema is not None
    assert request.json_schema["properties"]["alt_text"]["maxLength"] == 125


def test_a_failing_answer_is_re_asked_once_with_every_reason(
    client: LLMClient, script: FakeScript
) -> None:
    script.add(answer("Image of a baker, IMG_0042.jpg..."), answer(GOOD))
    result = write(client, language="en", context=CONTEXT, prompt=PROMPT)
    assert result.text == GOOD and result.attempts == 2
    first, second = script.requests
    assert second.params.sample == 1 and first.params.sample == 0
    *_, previous, reask = second.messages
    assert previous.role == "assistant" and "IMG_0042" in previous.content
    assert reask.role == "user"
    assert "announces the medium" in reask.content
    assert "file name" in reask.content
    assert "cut off" in reask.content


def test_still_bad_after_the_re_ask_fails_clearly(client: LLMClient, script: FakeScript) -> None:
    script.add(answer("Image of a baker."), answer("Picture of a baker at the oven."))
    with pytest.raises(AltTextError) as caught:
        write(client, language="en", context=CONTEXT, prompt=PROMPT)
    error = caught.value
    assert error.source == "prompt"
    assert error.text == "Picture of a baker at the oven."
    assert [p.rule for p in error.problems] == ["alt_text_image_of"]
    assert error.problems[0].field == "alt_text"
    assert "still breaks 1 rule(s)" in str(error)
    assert "vision-capable model" in str(error)
    assert len(script.requests) == 2


CASES = {
    "ja": (
        "パン職人が窯からパンを取り出している写真",
        "パン職人が薪窯から焼きたてのパンを取り出している。",
    ),
    "fa": (
        "تصویری از نانوایی که نان را از تنور بیرون می‌آورد.",
        "نانوایی یک سینی نان خمیرترش طلایی را از تنور هیزمی بیرون می‌آورد.",
    ),
    "de": (
        "Bild von einer Bäckerin am Ofen.",
        "Eine Bäckerin hebt goldbraune Sauerteigbrote aus dem Holzofen.",
    ),
}


@pytest.mark.parametrize("language", list(CASES))
def test_other_languages_follow_the_same_contract(
    client: LLMClient, script: FakeScript, language: str
) -> None:
    bad, good = CASES[language]
    script.add(answer(bad), answer(good))
    result = write(client, language=language, context=CONTEXT, prompt=PROMPT)
    assert (result.text, result.attempts, result.language) == (good, 2, language)
    limit = script.requests[0].json_schema["properties"]["alt_text"]["maxLength"]  # type: ignore[index]
    assert limit == (62 if language == "ja" else 125)


def test_surrounding_html_is_read_as_text(client: LLMClient, script: FakeScript) -> None:
    script.add(answer(GOOD))
    html = "<p>Every morning at <strong>five</strong> our bakers fire the oven &amp; bake.</p>"
    write(client, language="en", context=html, prompt=PROMPT)
    user = script.requests[0].messages[1].content
    assert "Every morning at five our bakers fire the oven & bake." in user
    assert "<" not in user


def test_nothing_to_write_from_is_refused_before_any_call(
    client: LLMClient, script: FakeScript
) -> None:
    with pytest.raises(UserInputError, match="cannot write alt text"):
        write(client, language="en", image=ImagePart.from_bytes(png(), "image/png"))
    with pytest.raises(UserInputError, match="cannot write alt text"):
        write(client, language="en", context="<p> </p>")
    with pytest.raises(UserInputError, match="not supported"):
        write(client, language="pt", context=CONTEXT)
    assert script.requests == []


def test_describe_checks_the_bytes_first(client: LLMClient, script: FakeScript) -> None:
    with pytest.raises(InvalidImageError) as caught:
        asyncio.run(describe(png()[:40], CONTEXT, "en", client=client, prompt=PROMPT))
    assert caught.value.reason in ("truncated", "undecodable")
    assert script.requests == []
    script.add(answer(GOOD))
    result = asyncio.run(describe(png(), CONTEXT, "en", client=client, prompt=PROMPT))
    assert result.source == "prompt" and result.text == GOOD
