"""The document library on SQLite and PostgreSQL: generation fills documents, versions only
grow, edits meet the contract and never get lost, exports live and die with their document.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, ContentRequest
from presswright.documents import (
    EditConflictError,
    Generation,
    delete_document,
    edit_document,
    export_document,
    generate,
    get_document,
    get_version,
    list_documents,
    list_drafts,
    list_versions,
    start_generation,
)
from presswright.documents.outcome import record_run, store_version
from presswright.errors import ContentContractError, NotFoundError, ProviderError
from presswright.flows.operations import regenerate, wait_until_settled
from presswright.flows.records import get_execution
from presswright.flows.runtime import Runtime
from presswright.store.documents import claim_version, create_document
from tests.documents.conftest import FakeStudio, make_workspace

BRIEF = ContentRequest(
    topic="Baking sourdough bread at home", keywords=["sourdough bread"], sections=2
)


async def _article(instance: Instance, tenant: uuid.UUID, user: uuid.UUID, rt: Runtime) -> Any:
    return await generate(
        instance,
        tenant_id=tenant,
        user_id=user,
        brief=BRIEF,
        model="fake:test",
        wait=90,
        runtime=rt,
    )


def generated_article(
    instance: Instance, runtime: Runtime
) -> tuple[uuid.UUID, uuid.UUID, Generation]:
    """A workspace and a completed article generation in it."""
    import asyncio

    tenant, user = make_workspace(instance)
    generation = asyncio.run(_article(instance, tenant, user, runtime))
    assert generation.completed, generation.status
    return tenant, user, generation


def edited(body: dict[str, Any], excerpt: str) -> dict[str, Any]:
    """An article body with another excerpt (a manual edit that meets the contract)."""
    return {**body, "excerpt": excerpt}


@pytest.mark.timeout(180)
def test_generate_gives_a_filled_document_found_by_search(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    tenant, user, generation = generated_article(instance, runtime)
    assert isinstance(generation.content, ContentData)
    document = get_document(instance, tenant_id=tenant, document_id=generation.document_id)
    assert (document.kind, document.status, document.current_version) == ("article", "ready", 1)
    assert document.execution_id == generation.execution_id
    assert document.title == generation.content.title
    assert document.language == "en" and document.created_by == user
    assert document.word_count > 50
    (version,) = list_versions(instance, tenant_id=tenant, document_id=document.id)
    assert (version.version, version.source, version.body) == (1, "generated", None)
    body = get_version(instance, tenant_id=tenant, document_id=document.id).body
    assert body == generation.content.model_dump(mode="json", exclude_none=True)

    def found(**filters: Any) -> list[uuid.UUID]:
        page = list_documents(instance, tenant_id=tenant, **filters)
        assert page.total == len(page.items)
        return [item.id for item in page.items]

    assert found(q="SOURDOUGH bread") == [document.id]
    assert found(q="sourdough nowhere-in-the-text") == []
    assert found(q="%") == []  # LIKE wildcards are literal
    assert found(kind="article", status="ready", language="en") == [document.id]
    assert found(kind="product") == [] and found(status="failed") == []
    assert found(execution_id=generation.execution_id) == [document.id]


@pytest.mark.timeout(180)
def test_the_run_fills_its_document_when_nobody_waits(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    import asyncio

    tenant, user = make_workspace(instance)

    def status(document_id: uuid.UUID) -> str:
        return get_document(instance, tenant_id=tenant, document_id=document_id).status

    async def start_then_watch() -> uuid.UUID:
        # The run lives on this event loop: it is kept running, but nothing waits for the
        # run; only the document is read until the run has filled it.
        started = await start_generation(
            instance, tenant_id=tenant, user_id=user, brief=BRIEF, model="fake:test",
            runtime=runtime,
        )  # fmt: skip
        document = get_document(instance, tenant_id=tenant, document_id=started.document_id)
        assert (document.status, document.execution_id) == ("generating", started.execution_id)
        deadline = time.monotonic() + 90
        while status(started.document_id) == "generating":
            assert time.monotonic() < deadline, "the document was never filled"
            await asyncio.sleep(0.05)
        return started.document_id

    document_id = asyncio.run(start_then_watch())
    assert status(document_id) == "ready"
    assert get_version(instance, tenant_id=tenant, document_id=document_id).version == 1


@pytest.mark.timeout(180)
def test_a_failed_run_fails_its_document_with_the_reason(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    import asyncio

    tenant, user = make_workspace(instance)
    with pytest.raises(ProviderError, match="not configured"):
        asyncio.run(
            generate(
                instance, tenant_id=tenant, user_id=user, brief=BRIEF, model="nope:x",
                wait=90, runtime=runtime,
            )
        )  # fmt: skip
    (document,) = list_documents(instance, tenant_id=tenant).items
    assert document.status == "failed" and document.current_version == 0
    assert document.error is not None and "not configured" in document.error


@pytest.mark.timeout(240)
def test_regenerating_a_node_adds_a_version_and_keeps_the_first(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    import asyncio

    tenant, _, generation = generated_article(instance, runtime)
    first = get_version(instance, tenant_id=tenant, document_id=generation.document_id, version=1)

    async def again() -> None:
        await regenerate(
            instance,
            tenant_id=tenant,
            execution_id=generation.execution_id,
            node_id="seo",
            runtime=runtime,
        )
        await wait_until_settled(
            instance, tenant_id=tenant, execution_id=generation.execution_id, timeout=90
        )

    asyncio.run(again())
    versions = list_versions(instance, tenant_id=tenant, document_id=generation.document_id)
    assert [(v.version, v.source) for v in versions] == [(1, "generated"), (2, "regenerated")]
    kept = get_version(instance, tenant_id=tenant, document_id=generation.document_id, version=1)
    assert kept.body == first.body
    # The finishing step may run again after a crash: it adds nothing the second time.
    with instance.database.tenant_session(tenant) as session:
        record_run(session, get_execution(session, generation.execution_id))
    assert len(list_versions(instance, tenant_id=tenant, document_id=generation.document_id)) == 2


@pytest.mark.timeout(180)
def test_edits_meet_the_contract_and_a_late_edit_is_kept_as_a_draft(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    tenant, user, generation = generated_article(instance, runtime)
    doc_id = generation.document_id
    body = get_version(instance, tenant_id=tenant, document_id=doc_id).body
    assert body is not None

    broken = {**body, "body_html": body["body_html"] + "<script>alert(1)</script>"}
    with pytest.raises(ContentContractError, match="body_html"):
        edit_document(
            instance, tenant_id=tenant, document_id=doc_id, base_version=1, content=broken,
            author=user,
        )  # fmt: skip
    assert get_document(instance, tenant_id=tenant, document_id=doc_id).current_version == 1

    first = edited(body, body["excerpt"].rstrip(".") + ", step by step.")
    second = edited(body, "Sourdough bread at home: a starter, flour, water and time.")
    version = edit_document(
        instance, tenant_id=tenant, document_id=doc_id, base_version=1, content=first, author=user
    )
    assert version == 2
    with pytest.raises(EditConflictError, match="is at version 2, not 1") as conflict:
        edit_document(
            instance, tenant_id=tenant, document_id=doc_id, base_version=1, content=second,
            author=user,
        )  # fmt: skip
    (draft,) = list_drafts(instance, tenant_id=tenant, document_id=doc_id)
    assert draft.id == conflict.value.draft_id and conflict.value.current_version == 2
    assert draft.body["excerpt"] == second["excerpt"] and draft.base_version == 1
    stored = get_version(instance, tenant_id=tenant, document_id=doc_id, version=2)
    assert stored.source == "edited" and stored.body is not None
    assert stored.body["excerpt"] == first["excerpt"]


@pytest.mark.timeout(180)
def test_concurrent_edits_of_one_version_one_wins_and_none_is_lost(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    tenant, user, generation = generated_article(instance, runtime)
    doc_id = generation.document_id
    body = get_version(instance, tenant_id=tenant, document_id=doc_id).body
    assert body is not None
    edits = [edited(body, f"Sourdough bread at home, edit number {n}.") for n in (1, 2)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, object] = {}

    def write(n: int) -> None:
        barrier.wait()
        try:
            outcomes[n] = edit_document(
                instance, tenant_id=tenant, document_id=doc_id, base_version=1,
                content=edits[n], author=user,
            )  # fmt: skip
        except EditConflictError as error:
            outcomes[n] = error

    threads = [threading.Thread(target=write, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [n for n, outcome in outcomes.items() if outcome == 2]
    losers = [n for n, outcome in outcomes.items() if isinstance(outcome, EditConflictError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    current = get_version(instance, tenant_id=tenant, document_id=doc_id)
    assert current.version == 2 and current.body is not None
    assert current.body["excerpt"] == edits[winners[0]]["excerpt"]
    (draft,) = list_drafts(instance, tenant_id=tenant, document_id=doc_id)
    assert draft.body["excerpt"] == edits[losers[0]]["excerpt"]


@pytest.mark.timeout(180)
def test_another_workspaces_document_does_not_exist(
    instance: Instance, runtime: Runtime, studio: FakeStudio
) -> None:
    _, _, generation = generated_article(instance, runtime)
    other, user = make_workspace(instance)
    doc_id = generation.document_id
    for attempt in (
        lambda: get_document(instance, tenant_id=other, document_id=doc_id),
        lambda: list_versions(instance, tenant_id=other, document_id=doc_id),
        lambda: get_version(instance, tenant_id=other, document_id=doc_id, version=1),
        lambda: export_document(instance, tenant_id=other, document_id=doc_id, fmt="md"),
        lambda: delete_document(instance, tenant_id=other, document_id=doc_id),
        lambda: edit_document(
            instance, tenant_id=other, document_id=doc_id, base_version=1, content={},
            author=user,
        ),
    ):  # fmt: skip
        with pytest.raises(NotFoundError, match="no document"):
            attempt()
    assert list_documents(instance, tenant_id=other).total == 0


@pytest.mark.parametrize(
    ("title", "text", "query"),
    [
        ("Brot", "<p>Frisches Brot für die Straße</p>", "STRASSE"),
        ("パン", "<p>毎日焼きたてのパンをお届けします</p>", "焼きたて"),
        ("面包", "<p>新鲜的面包每天出炉</p>", "每天"),
        ("빵", "<p>신선한 빵을 매일 굽습니다</p>", "매일"),
        ("خبز", "<p>خبز طازج كل يوم</p>", "طازج"),
        ("نان", "<p>نان تازه هر روز</p>", "تازه"),
        ("Pain", "<p>Le pain FRAIS de l'ÉTÉ</p>", "été frais"),
    ],
)
def test_search_finds_words_in_every_script(
    instance: Instance, title: str, text: str, query: str
) -> None:
    tenant, _ = make_workspace(instance)
    with instance.database.tenant_session(tenant) as session:
        for body_html in (text, "<p>Nothing else here</p>"):
            document = create_document(
                session, kind="article", title=title, language=None, execution_id=None,
                created_by=None, status="ready",
            )  # fmt: skip
            assert claim_version(session, document_id=document.id, base_version=0)
            store_version(
                session, document, 1, {"title": title, "body_html": body_html},
                source="edited", execution_id=None, generation=None, author=None,
            )  # fmt: skip
    page = list_documents(instance, tenant_id=tenant, q=query)
    assert [item.title for item in page.items] == [title], page
