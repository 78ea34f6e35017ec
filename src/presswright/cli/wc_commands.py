"""`presswright wc ...`: connect WooCommerce stores, list products, write generated copy back."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.table import Table

from presswright.cli.connection_commands import (
    list_connections,
    parse_model,
    print_connections,
    remove_connection,
)
from presswright.cli.console import err, out, validation_message
from presswright.cli.content_commands import emit
from presswright.cli.run_commands import execute, open_workspace
from presswright.errors import UserInputError

__all__ = ["register"]

wc_app = typer.Typer(
    help="WooCommerce stores: connect, list products, generate copy and write it back, remove.",
    no_args_is_help=True,
)

STORE_ARGUMENT = typer.Argument(..., metavar="STORE", help="The store's name, id or address.")


def _split(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    return [part.strip() for part in raw.split(",") if part.strip()]


@wc_app.command("connect")
def connect(
    url: str = typer.Argument(..., help="The store's address, e.g. https://shop.example.com."),
    key: str = typer.Option(..., "--key", help="The consumer key (ck_...)."),
    secret: str | None = typer.Option(
        None, "--secret", help="The consumer secret (cs_...); asked for when not given."
    ),
    secret_stdin: bool = typer.Option(
        False, "--secret-stdin", help="Read the consumer secret from standard input."
    ),
    name: str | None = typer.Option(None, help="A short name for the store (default: its host)."),
) -> None:
    """Connect a store: the key is checked against WooCommerce, then stored encrypted."""
    from presswright.publish.woocommerce.stores import StoreConnect, connect_store

    if secret_stdin:
        secret = sys.stdin.read().strip()
    elif secret is None:
        secret = str(typer.prompt("Consumer secret", hide_input=True, err=True)).strip()
    data = parse_model(
        StoreConnect,
        "store connection",
        "give the address (http:// or https://), --key ck_..., --secret cs_..., and a name"
        " of a-z, 0-9, . _ -",
        url=url,
        consumer_key=key,
        consumer_secret=secret,
        name=name,
    )
    instance, workspace = open_workspace()
    try:
        store = asyncio.run(connect_store(instance, tenant_id=workspace.tenant_id, data=data))
    finally:
        instance.database.dispose()
    out.print(f"connected {store.name}: {store.url} (key {store.key_hint})")


@wc_app.command("stores")
def stores(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    check: bool = typer.Option(
        True, "--check/--no-check", help="Check each store now (default), or show the last status."
    ),
) -> None:
    """List the connected stores with their status: ok, unauthorized or unreachable."""
    from presswright.publish.woocommerce import STORE_CONNECTIONS

    print_connections(
        list_connections(STORE_CONNECTIONS, check=check),
        as_json=as_json,
        empty="no WooCommerce stores yet: `presswright wc connect URL --key ck_...`",
        credential=("key", lambda store: store.key_hint),
    )


@wc_app.command("products")
def products(
    store: str = STORE_ARGUMENT,
    search: str = typer.Option("", "--search", help="Only products whose name or text has this."),
    page: int = typer.Option(1, min=1, help="Which page."),
    per_page: int = typer.Option(20, "--per-page", min=1, max=100, help="Products per page."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List one page of the store's products (any status), newest first."""
    from presswright.publish.woocommerce.products import list_products

    instance, workspace = open_workspace()
    try:
        listed = asyncio.run(
            list_products(
                instance,
                tenant_id=workspace.tenant_id,
                store=store,
                page=page,
                per_page=per_page,
                search=search,
            )
        )
    finally:
        instance.database.dispose()
    if as_json:
        typer.echo(listed.model_dump_json(indent=2))
        return
    table = Table("id", "name", "sku", "status", "category", box=None, pad_edge=False)
    for product in listed.products:
        category = product.categories[0] if product.categories else "-"
        table.add_row(str(product.id), product.name, product.sku or "-", product.status, category)
    out.print(table)
    err.print(
        f"page {listed.page} of {listed.total_pages}, {listed.total} products"
        + (f" matching {search!r}" if search else "")
    )


def _show(copy: Any) -> None:
    out.print(f"title: {copy.title}")
    out.print(f"short description: {copy.short_description}")
    for bullet in copy.feature_bullets:
        out.print(f"  - {bullet}")
    out.print(f"tags: {', '.join(copy.tags)}")
    out.print(f"image alt text: {copy.image_alt_text}")
    out.print(f"seo title: {copy.meta.seo_title}")
    out.print(f"meta description: {copy.meta.meta_desc}")


@wc_app.command("generate")
def generate(
    store: str = STORE_ARGUMENT,
    product_id: int = typer.Argument(..., min=1, metavar="PRODUCT_ID", help="The product's id."),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    keywords: str | None = typer.Option(
        None, help="Comma-separated keywords (default: the product's tags)."
    ),
    language: str = typer.Option("en", help="en, fa, ar, de, es, fr, it, ja, ko or zh."),
    brand: str | None = typer.Option(None, help="A brand profile name (`presswright brand list`)."),
    write: bool = typer.Option(False, "--write", help="Write the copy back to the product."),
    title: bool = typer.Option(
        False, "--title", help="With --write, also replace the product name with the new title."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write copy for a product from what the store says about it; --write puts it back."""
    from presswright.content.service import builtin_flow, product_from_outputs, product_inputs
    from presswright.flows.operations import start
    from presswright.flows.runtime import Runtime
    from presswright.publish.woocommerce.products import product_facts, read_product
    from presswright.publish.woocommerce.writeback import write_copy

    if title and not write:
        raise UserInputError("--title goes with --write", hint="add --write, or drop --title")
    instance, workspace = open_workspace()
    try:
        product = asyncio.run(
            read_product(
                instance, tenant_id=workspace.tenant_id, store=store, product_id=product_id
            )
        )
        try:
            facts = product_facts(
                product, keywords=_split(keywords), language=language, brand_profile=brand
            )
        except ValidationError as error:
            raise UserInputError(
                validation_message(error, "product facts"),
                hint="check --keywords (at most 10, each up to 80 characters) and --language",
            ) from None
        inputs = product_inputs(instance, workspace.tenant_id, facts, model=model)

        async def operation(runtime: Runtime | None) -> str:
            return await start(
                instance,
                tenant_id=workspace.tenant_id,
                spec=builtin_flow("product"),
                inputs=inputs,
                user_id=workspace.user_id,
                runtime=runtime,
            )

        final = execute(instance, workspace, operation, detach=False, as_json=False, progress=err)
        assert final is not None  # not detached: execute exits 1 unless the run completed
        copy = product_from_outputs(final.outputs)
        result = None
        if write:
            result = asyncio.run(
                write_copy(
                    instance,
                    tenant_id=workspace.tenant_id,
                    store=store,
                    product_id=product_id,
                    copy=copy,
                    execution_id=final.execution_id,
                    title=title,
                )
            )
    finally:
        instance.database.dispose()
    if as_json:
        document = {
            "execution_id": final.execution_id,
            "facts": facts.model_dump(mode="json"),
            "copy": copy.model_dump(mode="json"),
            "write": result.model_dump(mode="json") if result else None,
        }
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    _show(copy)
    if result is None:
        err.print(f"not written (run {final.execution_id}); add --write to put it on the product")
        return
    out.print(
        f"wrote {', '.join(result.fields)} to product {result.product_id} on {result.store}:"
        f" {result.product_url}"
    )
    out.print(f"seo: {result.seo.note}")


@wc_app.command("writes")
def writes(
    store: str = STORE_ARGUMENT,
    product: int | None = typer.Option(None, "--product", help="Only this product id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What Presswright wrote to the store's products, newest first."""
    from presswright.publish.woocommerce.writeback import written

    instance, workspace = open_workspace()
    try:
        rows = written(instance, tenant_id=workspace.tenant_id, store=store, product_id=product)
    finally:
        instance.database.dispose()
    if as_json:
        typer.echo(json.dumps([row.model_dump(mode="json") for row in rows], indent=2))
        return
    if not rows:
        out.print("nothing written yet: `presswright wc generate STORE PRODUCT_ID --write`")
        return
    table = Table("when", "product", "name", "run", "fields", box=None, pad_edge=False)
    for row in rows:
        table.add_row(
            f"{row.written_at:%Y-%m-%d %H:%M:%S}",
            str(row.product_id),
            row.product_name,
            row.execution_id or "-",
            ", ".join(row.fields),
        )
    out.print(table)


@wc_app.command("export")
def export(
    store: str = STORE_ARGUMENT,
    output: Path = typer.Option(..., "-o", "--output", help="The JSON Lines file to write."),
    search: str = typer.Option("", "--search", help="Only products whose name or text has this."),
    language: str = typer.Option("en", help="The language of the copy to generate."),
) -> None:
    """Write the store's products as product facts, one JSON object a line, for bulk runs.

    The file suits `presswright bulk run FILE --kind product`; each line also has
    ``woo_product_id``, which `--store STORE` writes each product's copy back to.
    """
    from presswright.publish.woocommerce.products import export_rows

    if output.suffix.lower() not in (".jsonl", ".ndjson"):
        raise UserInputError(
            f"{output.name} does not end in .jsonl",
            hint="name the file FILE.jsonl so the bulk command reads it as JSON Lines",
        )
    instance, workspace = open_workspace()
    try:
        exported = asyncio.run(
            export_rows(
                instance,
                tenant_id=workspace.tenant_id,
                store=store,
                search=search,
                language=language,
            )
        )
    finally:
        instance.database.dispose()
    emit("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in exported.rows), output)
    err.print(f"exported {len(exported.rows)} products from {store}")
    for product_id, same_as in exported.duplicates:
        err.print(
            f"skipped product {product_id}: the same facts as product {same_as}"
            " (bulk would refuse the file)"
        )


@wc_app.command("remove")
def remove(store: str = STORE_ARGUMENT) -> None:
    """Forget a store and its write records (the store itself is untouched)."""
    from presswright.publish.woocommerce import STORE_CONNECTIONS

    out.print(f"removed WooCommerce store {remove_connection(STORE_CONNECTIONS, store)}")


def register(app: typer.Typer) -> None:
    """Add the WooCommerce commands to the root application."""
    app.add_typer(wc_app, name="wc")
