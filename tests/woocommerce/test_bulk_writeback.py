"""Bulk jobs of products that write each product's copy back to its WooCommerce product.

The rows come from ``wc export`` of the loopback shop (tests/woocommerce/woocommerce_server.py),
the copy from the bulk tests' fake writer (tests/bulk/fakes.py); every write is one PUT the
shop records in ``shop.writes``.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.bulk import (
    BulkInputError,
    BulkOptions,
    BulkProgress,
    job_page,
    job_report,
    read_source,
    report_csv,
    retry_job,
    submit_job,
)
from presswright.content.service import product_from_outputs
from presswright.errors import NotFoundError
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.publish.woocommerce.products import export_rows
from presswright.publish.woocommerce.stores import StoreConnect, connect_store
from presswright.publish.woocommerce.writeback import short_description_html
from presswright.store.bulk import set_item
from presswright.store.models import BulkItem, Execution
from tests.api.conftest import MakeMember, make_member  # noqa: F401 - the fixture
from tests.api.test_wordpress_routes import workspace
from tests.bulk.conftest import Bench
from tests.bulk.fakes import MODEL, FakeWriter, store_fake_provider
from tests.bulk.test_bulk_commands import bulk, bulk_with_writer, one_error_line
from tests.woocommerce.conftest import APRON_ID, READ_WRITE, Connect
from tests.woocommerce.test_wc_commands import Run, home, wc  # noqa: F401 - fixtures
from tests.woocommerce.woocommerce_server import RunningShop, Shop

MUGS = (1, 2, 3)
BULK = "/api/v1/bulk"
ONE_ROW = '{"name": "Mug 1", "category": "Kitchen", "woo_product_id": 1}\n'


@pytest.fixture
def mugs(shop: Shop) -> Shop:
    """The shop with three mugs only (no tags, so the fake writer's copy meets the contract)."""
    for product_id in [APRON_ID, *range(4, 25)]:
        del shop.products[product_id]
    return shop


@pytest.fixture
def bench(instance: Instance, tenant_id: uuid.UUID) -> Iterator[Bench]:
    """The WooCommerce tests' tenant, a runtime in this process and the product writer."""
    writer = FakeWriter()
    script = FakeProvider.scripts["fake"] = FakeScript()
    script.add(*[writer] * 1000)
    store_fake_provider(instance, tenant_id)
    runtime = Runtime(instance, executor_id=f"bulk-wc-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        yield Bench(instance, tenant_id, None, runtime, writer, script)
    finally:
        runtime.shutdown()
        FakeProvider.scripts.pop("fake", None)


def exported(bench: Bench, store: str) -> str:
    """The store's products as `presswright wc export` writes them (JSON Lines)."""
    rows = asyncio.run(export_rows(bench.instance, tenant_id=bench.tenant_id, store=store)).rows
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def submit(
    bench: Bench,
    text: str,
    *,
    name: str = "shop.jsonl",
    mapping: dict[str, str] | None = None,
    **options: Any,
) -> BulkProgress:
    """Submit a file's text as a job of products on the fake model."""
    return submit_job(
        bench.instance,
        tenant_id=bench.tenant_id,
        user_id=None,
        source=read_source(text.encode(), name=name),
        options=BulkOptions.model_validate({"kind": "product", "model": MODEL, **options}),
        mapping=mapping or {},
        list_separator="|",
    ).progress


def writes(shop: Shop) -> Counter[int]:
    """How many PUTs each product got."""
    return Counter(product_id for product_id, _ in shop.writes)


def generated_copy(bench: Bench, job_id: uuid.UUID) -> dict[int, str]:
    """Each item's product id and the long description its run generated."""
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        rows = session.execute(
            select(BulkItem.woo_product_id, Execution.outputs)
            .join(Execution, Execution.id == BulkItem.execution_id)
            .where(BulkItem.job_id == job_id)
        ).all()
    return {
        product_id: product_from_outputs(outputs).long_description_html
        for product_id, outputs in rows
    }


@pytest.mark.timeout(120)
def test_each_product_is_written_back_once_as_it_is_generated(
    bench: Bench, mugs: Shop, connect: Connect
) -> None:
    store = connect()
    source = exported(bench, store)
    assert [json.loads(line)["woo_product_id"] for line in source.splitlines()] == [3, 2, 1]

    done = bench.drive(submit(bench, source, publish_store=store).id)[-1]

    assert done.status == "completed" and done.succeeded == 3 and done.failed == 0
    assert done.publish_store == store and done.publish_site is None
    assert writes(mugs) == Counter({1: 1, 2: 1, 3: 1})  # every product exactly once
    assert bench.writer.calls == Counter({f"Mug {n}": 1 for n in MUGS})
    copies = generated_copy(bench, done.id)
    for product_id in MUGS:
        product = mugs.products[product_id]
        assert product["description"] == copies[product_id]
        assert f"The Mug {product_id} is built for daily use" in product["description"]
        assert f"<li>Mug {product_id}, easy to clean</li>" in product["short_description"]
    report = report_csv(job_report(bench.instance, tenant_id=bench.tenant_id, job_id=done.id))
    lines = list(csv.DictReader(io.StringIO(report)))
    assert [(line["product_id"], line["status"]) for line in lines] == [
        ("3", "succeeded"),
        ("2", "succeeded"),
        ("1", "succeeded"),
    ]
    assert [line["product_url"] for line in lines] == [
        f"https://shop.invalid/product/mug-{n}/" for n in (3, 2, 1)
    ]
    assert all(line["post_id"] == "" and line["post_url"] == "" for line in lines)

    # The same file again: the copy is reused, and written to the same products once more.
    again = bench.drive(submit(bench, source, publish_store=store).id)[-1]
    assert again.status == "completed" and again.reused == 3
    assert writes(mugs) == Counter({1: 2, 2: 2, 3: 2})
    assert sum(bench.writer.calls.values()) == 3


@pytest.mark.timeout(120)
def test_products_with_identical_facts_are_written_each_to_its_own_product(
    bench: Bench, mugs: Shop, connect: Connect
) -> None:
    store = connect()
    facts = {"name": "Mug 1", "category": "Kitchen"}
    source = "".join(json.dumps({**facts, "woo_product_id": n}) + "\n" for n in (1, 2))

    done = bench.drive(submit(bench, source, publish_store=store).id)[-1]

    assert done.status == "completed" and done.succeeded == 2 and done.reused == 0
    assert writes(mugs) == Counter({1: 1, 2: 1})
    assert mugs.products[2]["description"] == mugs.products[1]["description"]
    assert "The Mug 1 is built for daily use" in mugs.products[2]["description"]
    # Without a store the id is not part of the item: the same facts twice are one item.
    with pytest.raises(BulkInputError, match="row 2: the same product as row 1"):
        submit(bench, source)


@pytest.mark.timeout(60)
def test_rows_without_a_good_product_id_are_refused_before_anything_runs(
    bench: Bench, mugs: Shop, connect: Connect
) -> None:
    store = connect()
    text = (
        "Title,category,ID\n"
        "Mug 1,Kitchen,1\n"
        "Mug 2,Kitchen,\n"  # no id
        "Mug 3,Kitchen,three\n"  # not a number
        "Mug 4,Kitchen,0\n"  # not positive
        "Mug 5,Kitchen,1\n"  # the same product as row 1
        "Mug 6,,6\n"  # a fact missing, besides
    )
    mapping = {"name": "Title", "woo_product_id": "ID"}
    with pytest.raises(BulkInputError) as refused:
        submit(bench, text, name="shop.csv", publish_store=store, mapping=mapping)

    assert [str(problem) for problem in refused.value.problems] == [
        "row 2: woo_product_id: missing: give the product's id, a positive whole number, e.g."
        " 42 (`presswright wc export STORE` writes the ids)",
        "row 3: woo_product_id: 'three' is not a product id: give a positive whole number,"
        " e.g. 42 (`presswright wc export STORE` writes the ids)",
        "row 4: woo_product_id: '0' is not a product id: give a positive whole number, e.g. 42"
        " (`presswright wc export STORE` writes the ids)",
        "row 5: woo_product_id: the same WooCommerce product (1) as row 1; remove one of them",
        "row 6: category: Field required",
    ]
    assert "5 of 6 rows are invalid, nothing was started" in str(refused.value)

    # A file without the column at all is refused as a whole, naming the mapping to give.
    with pytest.raises(BulkInputError, match="names no WooCommerce products") as missing:
        submit(bench, "name,category\nMug 1,Kitchen\n", name="shop.csv", publish_store=store)
    assert "woo_product_id=Column" in (missing.value.hint or "")

    # Without a store the column is ignored, as before; mapping it is a mistake, named.
    with pytest.raises(BulkInputError, match="mapping woo_product_id: read only when"):
        submit(bench, text, name="shop.csv", mapping=mapping)
    ignored = submit_job(
        bench.instance,
        tenant_id=bench.tenant_id,
        user_id=None,
        source=read_source(ONE_ROW.encode(), name="one.jsonl"),
        options=BulkOptions(kind="product", model=MODEL),
        mapping={},
        list_separator="|",
    )
    assert ignored.ignored_columns == ["woo_product_id"]

    jobs, total = job_page(bench.instance, tenant_id=bench.tenant_id, limit=10, offset=0)
    assert total == 1 and jobs[0].id == ignored.progress.id  # only the job without a store
    assert mugs.writes == [] and sum(bench.writer.calls.values()) == 0


def test_options_that_cannot_go_together_are_refused(bench: Bench, connect: Connect) -> None:
    store = connect()
    with pytest.raises(ValidationError, match="only products are written back to WooCommerce"):
        BulkOptions.model_validate({"kind": "article", "publish_store": store})
    with pytest.raises(ValidationError, match=r"give publish_site \(articles, WordPress\) or"):
        BulkOptions.model_validate({"kind": "product", "publish_store": store, "publish_site": "b"})
    with pytest.raises(ValidationError, match="publish_status is the status of WordPress posts"):
        BulkOptions.model_validate(
            {"kind": "product", "publish_store": store, "publish_status": "publish"}
        )
    with pytest.raises(NotFoundError, match="no WooCommerce store 'elsewhere'"):
        submit(bench, ONE_ROW, publish_store="elsewhere")
    assert job_page(bench.instance, tenant_id=bench.tenant_id, limit=10, offset=0)[1] == 0


@pytest.mark.timeout(120)
def test_a_failed_write_is_reported_and_retry_only_writes_again(
    bench: Bench, mugs: Shop, connect: Connect
) -> None:
    store = connect()
    source = exported(bench, store)
    job = submit(bench, source, publish_store=store)
    deleted = mugs.products.pop(2)  # removed in the shop after the export

    failed = bench.drive(job.id)[-1]

    assert failed.status == "failed" and failed.succeeded == 2 and failed.failed == 1
    lines = {line.product_id: line for line in job_report(
        bench.instance, tenant_id=bench.tenant_id, job_id=job.id
    )}  # fmt: skip
    assert lines[2].status == "failed" and lines[2].product_url is None
    assert lines[2].error is not None and lines[2].error.startswith("writing back failed: ")
    assert "404" in lines[2].error and "Invalid ID" in lines[2].error
    assert lines[2].title == "Mug 2 for everyday use"  # the copy exists
    assert writes(mugs) == Counter({1: 1, 3: 1})

    mugs.add_product(deleted)
    retried = retry_job(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)
    assert retried.remaining == 1
    done = bench.drive(job.id)[-1]

    assert done.status == "completed" and done.succeeded == 3
    assert writes(mugs) == Counter({1: 1, 2: 1, 3: 1})
    assert bench.writer.calls == Counter({f"Mug {n}": 1 for n in MUGS})  # not generated again
    assert "The Mug 2 is built for daily use" in mugs.products[2]["description"]
    assert mugs.products[2]["short_description"] == short_description_html(
        product_from_outputs(_outputs(bench, job.id, 2))
    )


def _outputs(bench: Bench, job_id: uuid.UUID, product_id: int) -> dict[str, Any]:
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        item = session.query(BulkItem).filter_by(job_id=job_id, woo_product_id=product_id).one()
        execution = session.get(Execution, item.execution_id)
        assert execution is not None and execution.outputs is not None
        return execution.outputs


@pytest.mark.timeout(120)
def test_an_item_left_writing_by_a_killed_driver_is_written_by_the_next(
    bench: Bench, mugs: Shop, connect: Connect
) -> None:
    store = connect()
    done = bench.drive(submit(bench, exported(bench, store), publish_store=store).id)[-1]
    assert writes(mugs) == Counter({1: 1, 2: 1, 3: 1})
    # What a driver killed between taking the item and recording the write leaves behind.
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        item = session.query(BulkItem).filter_by(job_id=done.id, woo_product_id=3).one()
        set_item(session, item.id, state="publishing", remote_id=None, remote_url=None)

    again = bench.drive(done.id)[-1]

    assert again.status == "completed" and again.succeeded == 3
    assert writes(mugs) == Counter({1: 1, 2: 1, 3: 2})  # the PUT again: harmless
    report = job_report(bench.instance, tenant_id=bench.tenant_id, job_id=done.id)
    first = report[0]
    assert (first.product_id, first.status) == (3, "succeeded")
    assert first.product_url == "https://shop.invalid/product/mug-3/"
    assert sum(bench.writer.calls.values()) == 3


@pytest.mark.timeout(240)
def test_wc_export_then_bulk_run_with_a_store_on_the_command_line(
    wc: Run,  # noqa: F811
    home: Path,  # noqa: F811
    served: RunningShop,
    mugs: Shop,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = READ_WRITE
    store = "shop"
    added = wc(
        "connect", served.url, "--key", key.consumer_key, "--secret", key.consumer_secret,
        "--name", store,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    export = tmp_path / "products.jsonl"
    assert wc("export", store, "-o", str(export)).returncode == 0
    run = ("run", str(export), "--kind", "product", "--model", MODEL)

    one_error_line(bulk(capsys, *run[:3], "article", *run[4:], "--store", store), "only products")
    one_error_line(
        bulk(capsys, *run, "--store", store, "--publish", "blog"), "not both", "--store STORE"
    )
    one_error_line(bulk(capsys, *run, "--store", "nowhere"), "no WooCommerce store 'nowhere'")
    assert mugs.writes == []

    done = bulk_with_writer(home, *run, "--store", store, "--json")

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["status"], summary["succeeded"], summary["failed"]) == ("completed", 3, 0)
    assert writes(mugs) == Counter({1: 1, 2: 1, 3: 1})
    code, out, _ = bulk(capsys, "status", summary["id"])
    assert code == 0 and f"writing each product back to WooCommerce store {store}" in out
    code, out, err = bulk(capsys, "report", summary["id"])
    assert code == 0 and "WooCommerce store" in err
    lines = list(csv.DictReader(io.StringIO(out)))
    assert [(line["product_id"], line["status"]) for line in lines] == [
        ("3", "succeeded"),
        ("2", "succeeded"),
        ("1", "succeeded"),
    ]


@pytest.fixture
def api(instance: Instance) -> Iterator[TestClient]:
    """The API with a flow runtime in this process (as under `serve`), the writer scripted."""
    FakeProvider.scripts["fake"] = FakeScript().add(*[FakeWriter()] * 1000)
    runtime = Runtime(instance, executor_id=f"bulk-wc-api-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        with TestClient(create_app(instance, runtime=runtime)) as client:
            yield client
    finally:
        runtime.shutdown()
        FakeProvider.scripts.pop("fake", None)


@pytest.mark.timeout(120)
def test_the_api_takes_publish_store_and_writes_back_in_the_background(
    api: TestClient,
    instance: Instance,
    make_member: MakeMember,  # noqa: F811
    served: RunningShop,
    mugs: Shop,
) -> None:
    space = workspace(instance, make_member)
    store_fake_provider(instance, space.tenant_id)
    key = READ_WRITE
    data = StoreConnect(
        url=served.url, consumer_key=key.consumer_key, consumer_secret=key.consumer_secret
    )
    store = asyncio.run(connect_store(instance, tenant_id=space.tenant_id, data=data)).name
    rows = [{"Product": f"Mug {n}", "category": "Kitchen", "ID": n} for n in MUGS]
    body = {
        "kind": "product",
        "model": MODEL,
        "rows": rows,
        "mapping": {"name": "Product", "woo_product_id": "ID"},
        "publish_store": store,
    }

    refused = api.post(BULK, json={**body, "publish_store": "nowhere"}, headers=space.editor)
    assert refused.status_code == 404 and "no WooCommerce store 'nowhere'" in refused.text
    refused = api.post(BULK, json={**body, "kind": "article"}, headers=space.editor)
    assert refused.status_code == 422 and "only products are written back" in refused.text
    bad_rows = [*rows, {**rows[0], "ID": "x"}]
    bad = api.post(BULK, json={**body, "rows": bad_rows}, headers=space.editor)
    assert bad.status_code == 422
    assert [(e["field"], e["message"][:40]) for e in bad.json()["errors"]] == [
        ("body.rows.3.woo_product_id", "row 4: 'x' is not a product id: give a p")
    ]
    assert mugs.writes == []

    created = api.post(BULK, json=body, headers=space.editor)

    assert created.status_code == 202, created.text
    assert created.json()["publish_store"] == store
    deadline = time.monotonic() + 60
    while (progress := api.get(created.headers["Location"], headers=space.viewer).json())[
        "status"
    ] not in ("completed", "failed"):
        assert time.monotonic() < deadline, progress
        time.sleep(0.1)
    assert (progress["status"], progress["succeeded"]) == ("completed", 3)
    assert writes(mugs) == Counter({1: 1, 2: 1, 3: 1})
    report = api.get(f"{created.headers['Location']}/report", headers=space.viewer)
    lines = list(csv.DictReader(io.StringIO(report.text)))
    assert [line["product_id"] for line in lines] == ["1", "2", "3"]
