"""Site pages on a model that declares itself small: more fresh draws, better text kept.

A small model's answers often break a rule, and its re-asks rarely mend them; the packaged
model declares ``small`` (``tests/books/test_model_profile.py``). ``site_page`` then draws
what fails afresh more times (:data:`SMALL_MODEL_SAMPLES`) where the flow leaves
``max_samples`` unset, and a fresh draw replaces a group's text only where it breaks fewer
rules (:func:`keep_better`). Checked here on the scripted site model behind a provider kind
declaring the small profile, against the same script under the default profile.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.content.pattern_archetypes import Slot, SlotGroup
from presswright.content.pattern_fill import faulty_parts, keep_better
from presswright.content.violations import Violation
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ModelProfile
from presswright.sites.page import SMALL_MODEL_SAMPLES, SitePageConfig, page_rounds
from presswright.store.models import NodeRun
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.documents.conftest import make_workspace
from tests.llm.declared_profile import declaring_plugin
from tests.sites.site_fakes import FakeSiteModel
from tests.sites.site_runs import BRIEF, generated_site

SMALL = ModelProfile(structured="grammar", small=True, words_per_answer=100, copies_context=True)
PLUGIN_NAME = "tests.sites.test_page_small_model"
KIND = "site-small"


# --- the rounds, unit by unit ---------------------------------------------------------------


def test_a_small_model_gets_more_fresh_draws_unless_the_flow_sets_them() -> None:
    assert page_rounds(SitePageConfig(), SMALL) == (2, SMALL_MODEL_SAMPLES)
    assert page_rounds(SitePageConfig(), None) == (2, 1)
    assert page_rounds(SitePageConfig(), ModelProfile()) == (2, 1)
    # A value the flow sets wins, even the default's.
    assert page_rounds(SitePageConfig.model_validate({"max_samples": 1}), SMALL) == (2, 1)
    assert page_rounds(SitePageConfig.model_validate({"max_repairs": 0}), SMALL) == (0, 5)


def _violation(field: str) -> Violation:
    return Violation(field=field, rule="quality_repeat", message=f"{field} broke a rule")


def test_each_part_of_a_fresh_draw_that_breaks_more_rules_is_put_back() -> None:
    faq = SlotGroup(
        "s1",
        "questions and answers",
        tuple(Slot(f"i{n}.{key}", key, key) for n in (1, 2) for key in ("question", "answer")),
    )
    old_text = {
        f"s1.i{n}.{key}": f"old {n} {key}" for n in (1, 2) for key in ("question", "answer")
    }
    values = {slot_id: text.replace("old", "new") for slot_id, text in old_text.items()}
    failed: dict[str, str] = {}
    old = [_violation("s1.i2.question")]  # the second question repeated the heading
    new = [_violation("s1.i1.answer")]  # the fresh draw mended it and broke the first answer
    restored = keep_better(
        [faq], values=values, failed=failed, before=(old_text, {}), old=old, new=new
    )
    # The first item (question and answer together) is put back; the second keeps its mend.
    assert restored == ["s1.i1"]
    assert values == {
        "s1.i1.question": "old 1 question",
        "s1.i1.answer": "old 1 answer",
        "s1.i2.question": "new 2 question",
        "s1.i2.answer": "new 2 answer",
    }


def test_only_the_parts_at_fault_are_drawn_again() -> None:
    faq = SlotGroup(
        "s1",
        "questions and answers",
        (
            Slot("heading", "heading", "title"),
            *(Slot(f"i{n}.{key}", key, key) for n in (1, 2) for key in ("question", "answer")),
        ),
    )
    hero = SlotGroup("s0", "hero banner", (Slot("heading", "heading", "title"),))
    parts = faulty_parts([hero, faq], [_violation("s1.i2.answer")])
    assert [(g.id, [s.key for s in g.slots]) for g in parts] == [
        ("s1", ["i2.question", "i2.answer"])
    ]
    # A group's own slot at fault: its own slots, not its items; a missed schema: all of it.
    parts = faulty_parts([hero, faq], [_violation("s1.heading"), _violation("s0.*")])
    assert [(g.id, [s.key for s in g.slots]) for g in parts] == [
        ("s0", ["heading"]),
        ("s1", ["heading"]),
    ]


def test_a_fresh_answer_that_misses_its_schema_leaves_the_text_before() -> None:
    hero = SlotGroup(
        "s0", "hero banner", (Slot("heading", "heading", "title"), Slot("intro", "intro", "lead"))
    )
    before = {"s0.heading": "Fresh bread daily", "s0.intro": "Warm loaves from our ovens."}
    values, failed = dict(before), {"s0": "not JSON"}
    old = [_violation("s0.intro")]
    new = [_violation("s0.*")]
    assert keep_better([hero], values=values, failed=failed, before=(before, {}), old=old, new=new)
    assert values == before and failed == {}
    # A group with no text before keeps whatever the fresh draw gave, worse or not.
    values, failed = {"s0.heading": "Worse", "s0.intro": "Worse"}, {}
    keep_better(
        [hero],
        values=values,
        failed=failed,
        before=({}, {"s0": "no answer"}),
        old=[_violation("s0.*")],
        new=[_violation("s0.intro"), _violation("s0.heading")],
    )
    assert values == {"s0.heading": "Worse", "s0.intro": "Worse"} and failed == {}


# --- the site flow --------------------------------------------------------------------------


@pytest.fixture
def small_kind(instance: Instance) -> Iterator[None]:
    from presswright.plugins import plugin_manager

    manager = plugin_manager()
    manager.register(declaring_plugin(KIND, SMALL), name=PLUGIN_NAME)
    try:
        yield
    finally:
        manager.unregister(name=PLUGIN_NAME)
        FakeProvider.scripts.pop(KIND, None)


def _run(
    instance: Instance, runtime: Runtime, *, kind: str, bland: int = 0, broken: int = 0
) -> tuple[Any, int, uuid.UUID]:
    """A site whose Home hero leaves out its key phrase ``bland`` times (answers no JSON
    ``broken`` times first); the run's status and how often the hero was asked."""
    fake = FakeSiteModel()
    fake.bland_heroes["Home"] = bland
    fake.broken_heroes["Home"] = broken
    script = FakeProvider.scripts[kind] = FakeScript(structured="grammar")
    script.add(*[fake] * 3000)
    tenant, user = make_workspace(instance)
    if kind == KIND:
        with instance.database.tenant_session(tenant) as session:
            create_provider_config(
                session, data=ProviderConfigCreate(name=KIND, kind=KIND), box=instance.secretbox
            )
    _, _, status = generated_site(
        instance,
        runtime,
        BRIEF.model_copy(update={"pages": ["Home", "About"]}),
        model=f"{kind}:test",
        workspace=(tenant, user),
    )
    return status, fake.hero_requests["Home"], tenant


@pytest.mark.timeout(180)
def test_a_small_model_draws_a_failing_hero_afresh_until_it_holds_the_key_phrase(
    instance: Instance, runtime: Runtime, small_kind: None
) -> None:
    # Under the default profile the run gives up after a draw, two re-asks, a fresh draw and
    # two more re-asks (the map runs the page once more): the key phrase is named.
    status, asked, _ = _run(instance, runtime, kind="fake", bland=10_000)
    assert status.status == "failed"
    assert status.error and "page 'Home'" in status.error and "s0.intro" in status.error
    default_prompts = [r.messages[-1].content for r in FakeProvider.scripts["fake"].requests]
    FakeProvider.scripts.pop("fake", None)
    # The small model gets more fresh draws: one more bland answer than the default allows
    # still ends with a page holding its key phrase.
    status, small_asked, _ = _run(instance, runtime, kind=KIND, bland=asked + 1)
    assert status.status == "completed", status.error
    assert small_asked > asked + 1
    home = next(p for p in status.outputs["site"]["pages"] if p["title"] == "Home")
    assert home["keyword"] in home["markup"]
    # A model that copies what it is shown is shown none of the page's other texts.
    prompts = [r.messages[-1].content for r in FakeProvider.scripts[KIND].requests]
    assert prompts and not any("Already written elsewhere" in p for p in prompts)
    assert any("Already written elsewhere" in p for p in default_prompts)
    assert uuid.UUID(str(status.execution_id))


@pytest.mark.timeout(120)
def test_a_group_that_missed_its_schema_and_is_then_answered_no_longer_fails(
    instance: Instance, runtime: Runtime
) -> None:
    # The first draw's three attempts answer no JSON; the fresh draw answers well. The
    # page completes on the default profile (the failure of the first draw is not kept).
    status, asked, tenant = _run(instance, runtime, kind="fake", broken=3)
    assert status.status == "completed", status.error
    assert asked > 3
    with instance.database.tenant_session(tenant) as session:
        runs = session.scalars(
            select(NodeRun.status).where(
                NodeRun.execution_id == status.execution_id, NodeRun.node_id == "pages[0]"
            )
        ).all()
    assert list(runs) == ["completed"]  # on its first run, not the map's retry
