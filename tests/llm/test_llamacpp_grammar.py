"""The llamacpp provider kind sends our GBNF grammar to a real llama.cpp server on loopback.

The server is llama-cpp-python's (``python -m llama_cpp.server``, started by the fixture in
``test_openai_provider``); its chat completions accept a ``grammar`` field, which the
official SDK sends through ``extra_body``.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from presswright.llm.provider import Connection
from presswright.llm.providers.openai_compat import OpenAICompatibleProvider
from presswright.llm.types import GenerationParams, Message, ProviderRequest
from presswright.settings import Settings
from tests.llm.test_openai_provider import llama_server  # noqa: F401 - the server fixture

pytestmark = pytest.mark.local_model


def _ask(base_url: str, schema: dict, prompt: str, **params: object) -> object:
    provider = OpenAICompatibleProvider(
        Connection(name="llamacpp", kind="llamacpp", base_url=base_url), Settings()
    )
    request = ProviderRequest(
        model="smollm2",
        messages=(Message(role="user", content=prompt),),
        params=GenerationParams(max_tokens=80, temperature=0.9, **params),  # type: ignore[arg-type]
        json_schema=schema,
    )

    async def run() -> str:
        try:
            return (await provider.request(request, timeout=120)).text
        finally:
            await provider.aclose()

    return json.loads(asyncio.run(run()))


def test_the_request_carries_the_grammar_not_a_response_format() -> None:
    provider = OpenAICompatibleProvider(Connection(name="llamacpp", kind="llamacpp"), Settings())
    request = ProviderRequest(
        model="m",
        messages=(Message(role="user", content="x"),),
        json_schema={"type": "integer", "minimum": 1, "maximum": 4},
    )
    arguments = provider._arguments(request)
    assert "response_format" not in arguments
    assert "[1-4]" in arguments["extra_body"]["grammar"]


def test_a_schema_the_grammar_cannot_express_falls_back_to_json_object() -> None:
    provider = OpenAICompatibleProvider(Connection(name="llamacpp", kind="llamacpp"), Settings())
    schema = {"type": "string", "pattern": "^(?=a)a$"}
    request = ProviderRequest(
        model="m", messages=(Message(role="user", content="x"),), json_schema=schema
    )
    arguments = provider._arguments(request)
    assert arguments["response_format"] == {"type": "json_object", "schema": schema}


def test_server_decodes_under_integer_and_length_bounds(llama_server: str) -> None:  # noqa: F811
    schema = {
        "type": "object",
        "properties": {
            "servings": {"type": "integer", "minimum": 1, "maximum": 4},
            "heading": {"type": "string", "minLength": 2, "maxLength": 24},
        },
        "required": ["servings", "heading"],
    }
    answer = _ask(
        llama_server,
        schema,
        "A recipe for ten people: say servings 10 and write a 200-character heading.",
        language="en",
    )
    assert isinstance(answer, dict)
    assert 1 <= answer["servings"] <= 4
    assert 2 <= len(answer["heading"]) <= 24
