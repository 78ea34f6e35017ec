"""The client on the shipped fake provider: cache, usage, repair, retries, fallback."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from pydantic import BaseModel, Field
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import (
    ProviderError,
    ProviderHTTPError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    StructuredOutputError,
    UserInputError,
)
from presswright.llm.client import LLMClient
from presswright.llm.provider import Connection
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import GenerationParams
from presswright.llm.usage import summarize_usage
from presswright.store.models import LLMCall
from tests.llm.conftest import make_client


class Author(BaseModel):
    name: str = Field(min_length=2)
    born: int


class Book(BaseModel):
    title: str
    tags: list[str] = Field(max_length=3)
    author: Author


GOOD_BOOK = {"title": "Bread", "tags": ["baking"], "author": {"name": "Ada", "born": 1990}}


def calls(instance: Instance, tenant_id) -> list[LLMCall]:
    with instance.database.tenant_session(tenant_id) as session:
        return list(session.scalars(select(LLMCall).order_by(LLMCall.created_at)))


def test_text_completion_and_usage_row(
    client: LLMClient, script: FakeScript, instance, tenant_id
) -> None:
    script.add("Bonjour le monde")
    result = asyncio.run(client.complete("Say hello in French"))
    assert (result.text, result.provider, result.model) == ("Bonjour le monde", "fake", "test")
    assert (result.tokens_in, result.tokens_out, result.cached) == (4, 3, False)
    client.usage.flush()
    [row] = calls(instance, tenant_id)
    assert (row.provider, row.model, row.status, row.cache_hit) == ("fake", "test", "ok", False)
    assert (row.tokens_in, row.tokens_out) == (4, 3)
    assert row.prompt_text is None and len(row.prompt_hash) == 64
    assert row.latency_ms >= 0


def test_identical_request_is_answered_from_cache(client, script, instance, tenant_id) -> None:
    script.add("first answer", "second answer")
    first = asyncio.run(client.complete("Same prompt"))
    second = asyncio.run(client.complete("Same prompt"))
    assert second.text == "first answer" and second.cached and second.cost == 0
    uncached = asyncio.run(client.complete("Same prompt", cache=False))
    assert uncached.text == "second answer" and not uncached.cached
    other_params = asyncio.run(
        client.complete("Same prompt", params=GenerationParams(temperature=1))
    )
    assert not other_params.cached  # parameters are part of the key
    assert len(script.requests) == 3
    client.usage.flush()
    rows = calls(instance, tenant_id)
    assert [row.cache_hit for row in rows] == [False, True, False, False]
    assert rows[1].tokens_in == 0 and rows[1].cost == 0
    assert first.text == "first answer"


def test_cache_expires(instance, tenant_id, script) -> None:
    client = make_client(instance, tenant_id, llm_cache_ttl=0)
    script.add("one", "two")
    assert asyncio.run(client.complete("p")).text == "one"
    assert asyncio.run(client.complete("p")).text == "two"
    asyncio.run(client.aclose())


def test_structured_output_valid_first_time(client, script) -> None:
    script.add(json.dumps(GOOD_BOOK))
    result = asyncio.run(client.complete("A book", schema=Book))
    assert isinstance(result.parsed, Book) and result.parsed.author.name == "Ada"
    assert script.requests[0].json_schema == Book.model_json_schema()


def test_structured_output_repaired_with_violations_quoted(client, script) -> None:
    bad = {**GOOD_BOOK, "tags": ["a", "b", "c", "d"], "author": {"name": "A"}}
    script.add("not json at all", json.dumps(bad), "```json\n" + json.dumps(GOOD_BOOK) + "\n```")
    result = asyncio.run(client.complete("A book", schema=Book))
    assert result.parsed == Book.model_validate(GOOD_BOOK)
    assert result.attempts == 3
    second_ask = script.requests[1].messages[-1].content
    assert "not valid JSON" in second_ask
    third_ask = script.requests[2].messages[-1].content
    assert "$.tags" in third_ask and "$.author.name" in third_ask and "$.author.born" in third_ask


def test_structured_output_gives_up_after_two_repairs(client, script) -> None:
    script.add('{"title": 1}', '{"title": 2}', '{"title": 3}', json.dumps(GOOD_BOOK))
    with pytest.raises(StructuredOutputError) as caught:
        asyncio.run(client.complete("A book", schema=Book))
    assert len(script.requests) == 3
    assert any("$.author" in v for v in caught.value.violations)
    assert "fake:test" in str(caught.value)


def test_raw_json_schema(client, script) -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer", "minimum": 1}},
        "required": ["n"],
    }
    script.add('{"n": 0}', '{"n": 3}')
    result = asyncio.run(client.complete("number", schema=schema))
    assert result.parsed == {"n": 3}
    assert "$.n: 0 is less than the minimum of 1" in script.requests[1].messages[-1].content


def test_invalid_schema_is_user_error(client, script) -> None:
    with pytest.raises(UserInputError, match="JSON Schema is invalid"):
        asyncio.run(client.complete("x", schema={"type": "nonsense"}))


def test_prompt_mode_providers_get_schema_instructions(client, script) -> None:
    script.structured = "prompt"
    script.add(json.dumps(GOOD_BOOK))
    asyncio.run(client.complete("A book", schema=Book))
    assert script.requests[0].messages[0].role == "system"
    assert "JSON Schema" in script.requests[0].messages[0].content


def test_retries_honour_retry_after(client, script, instance, tenant_id) -> None:
    limited = ProviderHTTPError(
        "slow down", provider="fake", model="test", status=429, retry_after=0.3
    )
    script.add(limited, "ok now")
    started = time.monotonic()
    result = asyncio.run(client.complete("hi"))
    waited = time.monotonic() - started
    assert result.text == "ok now" and result.attempts == 2
    assert waited >= 0.3
    client.usage.flush()
    assert [(r.status, r.error_class) for r in calls(instance, tenant_id)] == [
        ("error", "ProviderHTTPError"),
        ("ok", None),
    ]


def test_non_retryable_errors_fail_at_once(client, script) -> None:
    script.add(ProviderHTTPError("bad key", provider="fake", model="test", status=401), "never")
    with pytest.raises(ProviderHTTPError, match="401"):
        asyncio.run(client.complete("hi"))
    assert len(script.requests) == 1


def test_retries_are_bounded(client, script) -> None:
    boom = ProviderHTTPError("down", provider="fake", model="test", status=503)
    script.add(boom, boom, boom, "too late")
    with pytest.raises(ProviderHTTPError, match="503"):
        asyncio.run(client.complete("hi"))
    assert len(script.requests) == 3  # 1 + max_retries=2


def test_hard_timeout_when_a_provider_ignores_it(instance, tenant_id, script) -> None:
    client = make_client(instance, tenant_id, llm_timeout=0.2)
    client.retry = type(client.retry)(max_retries=0)
    script.delay = 30
    import presswright.llm.client as client_module

    original = client_module._HARD_STOP_MARGIN
    client_module._HARD_STOP_MARGIN = 0.1
    try:
        with pytest.raises(ProviderTimeoutError):
            asyncio.run(client.complete("hi"))
    finally:
        client_module._HARD_STOP_MARGIN = original


def test_fallback_chain(instance, tenant_id) -> None:
    FakeProvider.scripts.clear()
    FakeProvider.scripts["primary"] = FakeScript().add(
        ProviderHTTPError("down", provider="primary", model="big", status=500),
        ProviderHTTPError("down", provider="primary", model="big", status=500),
        ProviderHTTPError("down", provider="primary", model="big", status=500),
    )
    FakeProvider.scripts["backup"] = FakeScript().add("from the backup")
    client = make_client(
        instance,
        tenant_id,
        Connection(name="primary", kind="fake"),
        Connection(name="backup", kind="fake"),
        fallback_models=["backup:small"],
    )
    result = asyncio.run(client.complete("hi", model="primary:big"))
    assert result.model_id == "backup:small" and result.text == "from the backup"
    FakeProvider.scripts["backup"].add(
        ProviderHTTPError("no", provider="backup", model="small", status=400)
    )
    FakeProvider.scripts["primary"].add(
        ProviderHTTPError("no", provider="primary", model="big", status=400)
    )
    with pytest.raises(ProviderError, match="every model in the fallback chain failed") as caught:
        asyncio.run(client.complete("again", model="primary:big"))
    assert "primary:big" in str(caught.value) and "backup:small" in str(caught.value)
    FakeProvider.scripts.clear()


def test_unconfigured_and_unknown_models(client) -> None:
    with pytest.raises(ProviderUnavailableError, match="OPENAI_API_KEY"):
        asyncio.run(client.complete("hi", model="openai:gpt-4o-mini", fallbacks=[]))
    with pytest.raises(UserInputError, match="provider:model"):
        asyncio.run(client.complete("hi", model="gpt-4o-mini", fallbacks=[]))
    with pytest.raises(ProviderUnavailableError, match="nosuch"):
        asyncio.run(client.complete("hi", model="nosuch:model", fallbacks=[]))


def test_streaming_logs_usage_and_retries_before_first_text(
    client, script, instance, tenant_id
) -> None:
    script.add(
        ProviderHTTPError("busy", provider="fake", model="test", status=503), "one two three"
    )

    async def collect() -> list:
        return [chunk async for chunk in client.stream("count")]

    chunks = asyncio.run(collect())
    assert "".join(c.text for c in chunks) == "one two three"
    assert chunks[-1].tokens_out == 3
    client.usage.flush()
    assert [r.status for r in calls(instance, tenant_id)] == ["error", "ok"]


def test_stream_cut_mid_way_is_a_clean_error(client, script) -> None:
    script.add("partial answer <cut>")

    async def collect() -> list:
        return [chunk async for chunk in client.stream("count")]

    with pytest.raises(ProviderError, match="ended early"):
        asyncio.run(collect())


def test_usage_summary(client, script, instance, tenant_id) -> None:
    client.settings = client.settings.model_copy(update={"prices": {"fake:test": (1000.0, 2000.0)}})
    script.add("a b", "c d e")
    asyncio.run(client.complete("one"))
    asyncio.run(client.complete("two"))
    asyncio.run(client.complete("one"))  # cached
    client.usage.flush()
    with instance.database.tenant_session(tenant_id) as session:
        summary = summarize_usage(session)
    assert (summary.calls, summary.cache_hits, summary.errors) == (3, 1, 0)
    assert (summary.tokens_in, summary.tokens_out) == (2, 5)
    assert summary.cost == pytest.approx((2 * 1000 + 5 * 2000) / 1_000_000)
    assert [m.model for m in summary.by_model] == ["fake:test"]


def test_prompt_text_stored_only_when_enabled(instance, tenant_id, script) -> None:
    client = make_client(instance, tenant_id, log_prompts=True)
    script.add("x")
    asyncio.run(client.complete("remember me"))
    client.usage.flush()
    assert calls(instance, tenant_id)[0].prompt_text == "remember me"


def test_pictures_are_refused_before_a_model_that_cannot_read_them(
    client: LLMClient, script: FakeScript
) -> None:
    import io

    from PIL import Image

    from presswright.llm.types import ImagePart, Message

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    picture = ImagePart.from_bytes(buffer.getvalue(), "image/png")
    shown = [Message(role="user", content="Describe this picture.", images=(picture,))]
    script.add("never sent")
    with pytest.raises(ProviderUnavailableError, match="does not read pictures") as raised:
        asyncio.run(client.complete(shown))
    assert raised.value.hint is not None and "vision model" in raised.value.hint
    with pytest.raises(ProviderUnavailableError, match="does not read pictures"):
        asyncio.run(_first_chunk(client, shown))
    assert script.requests == []  # nothing reached the provider
    # without the picture the same model answers
    assert asyncio.run(client.complete("Describe a red square.")).text == "never sent"


async def _first_chunk(client: LLMClient, prompt):  # type: ignore[no-untyped-def]
    async for chunk in client.stream(prompt):
        return chunk
    return None
