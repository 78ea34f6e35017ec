"""`presswright ask`, `models`, `providers ...` and `usage`."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.table import Table

from presswright.bootstrap import Instance, Workspace, cli_workspace, open_instance
from presswright.cli.console import out, validation_message
from presswright.errors import UserInputError
from presswright.llm.client import LLMClient
from presswright.llm.factory import client_for_tenant, models_for_tenant
from presswright.llm.registry import ensure_listed_kind
from presswright.llm.types import GenerationParams
from presswright.llm.usage import price_known, summarize_usage
from presswright.settings import load_settings
from presswright.store.provider_configs import (
    ProviderConfigCreate,
    create_provider_config,
    delete_provider_config,
    get_provider_config,
    list_provider_configs,
    to_public,
)

providers_app = typer.Typer(help="LLM provider connections of the workspace.", no_args_is_help=True)


def _open() -> tuple[Instance, Workspace]:
    instance = open_instance(load_settings())
    return instance, cli_workspace(instance)


def _client() -> tuple[Instance, LLMClient]:
    instance, workspace = _open()
    return instance, client_for_tenant(
        instance, tenant_id=workspace.tenant_id, user_id=workspace.user_id
    )


def _read_schema(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserInputError(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise UserInputError(
            f"{path} is not JSON: {error.msg} at line {error.lineno}", hint="fix the schema file"
        ) from None
    if not isinstance(data, dict):
        raise UserInputError(f"{path} must hold a JSON Schema object")
    return data


def ask(
    prompt: str = typer.Argument(..., help="The prompt; '-' reads it from standard input."),
    model: str | None = typer.Option(None, "--model", "-m", help="provider:model (see `models`)."),
    schema: Path | None = typer.Option(None, help="A JSON Schema file the answer must match."),
    stream: bool = typer.Option(False, "--stream", help="Print the answer as it is generated."),
    system: str | None = typer.Option(None, help="A system prompt."),
    max_tokens: int | None = typer.Option(None, min=1, help="Upper bound on generated tokens."),
    temperature: float | None = typer.Option(None, min=0.0, max=2.0),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not answer from the cache."),
    as_json: bool = typer.Option(
        False, "--json", help="Print the answer with its model, tokens and calls (re-asks) as JSON."
    ),
) -> None:
    """Ask a model; with --schema, print one JSON document valid against the schema."""
    text = sys.stdin.read() if prompt == "-" else prompt
    if not text.strip():
        raise UserInputError("the prompt is empty", hint="pass some text, or '-' with stdin")
    if stream and schema is not None:
        raise UserInputError("--stream and --schema cannot be combined", hint="drop one of them")
    json_schema = _read_schema(schema) if schema is not None else None
    params = GenerationParams(max_tokens=max_tokens, temperature=temperature)
    instance, client = _client()

    async def run() -> None:
        try:
            if stream:
                async for chunk in client.stream(text, model=model, system=system, params=params):
                    sys.stdout.write(chunk.text)
                    sys.stdout.flush()
                sys.stdout.write("\n")
                return
            result = await client.complete(
                text,
                model=model,
                system=system,
                schema=json_schema,
                params=params,
                cache=not no_cache,
            )
            if as_json:
                report = {
                    "answer": result.parsed if json_schema is not None else result.text,
                    "model": result.model_id,
                    "attempts": result.attempts,  # model calls: 1 + re-asks + retries
                    "tokens_in": result.tokens_in,
                    "tokens_out": result.tokens_out,
                    "latency_ms": result.latency_ms,
                    "cached": result.cached,
                }
                typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
            elif json_schema is not None:
                typer.echo(json.dumps(result.parsed, ensure_ascii=False, indent=2))
            else:
                typer.echo(result.text.strip())
        finally:
            await client.aclose()

    try:
        asyncio.run(run())
    finally:
        instance.database.dispose()


def models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the models you can use, and why each unavailable one is unavailable."""
    instance, workspace = _open()
    infos = models_for_tenant(instance, workspace.tenant_id)
    instance.database.dispose()
    if as_json:
        typer.echo(json.dumps([info.model_dump() for info in infos], indent=2))
        return
    table = Table("model", "ready", "structured output", "why not", box=None, pad_edge=False)
    for info in infos:
        table.add_row(
            info.id,
            "[green]yes[/]" if info.available else "[red]no[/]",
            info.profile.structured if info.available else "",
            info.reason or "",
        )
    out.print(table)


@providers_app.command("add")
def providers_add(
    name: str = typer.Argument(..., help="Name used in model ids, e.g. 'openai' or 'myvllm'."),
    kind: str = typer.Option(..., help="Provider kind (openai, anthropic, gemini, ollama, ...)."),
    base_url: str | None = typer.Option(None, help="Server URL for self-hosted kinds."),
    api_key_stdin: bool = typer.Option(
        False, "--api-key-stdin", help="Read the API key from standard input (never an argument)."
    ),
    models_: str | None = typer.Option(None, "--models", help="Comma-separated model names."),
    rpm: int | None = typer.Option(None, min=1, help="Requests per minute allowed."),
    tpm: int | None = typer.Option(None, min=1, help="Tokens per minute allowed."),
) -> None:
    """Store a provider connection; the key is encrypted at rest and never printed."""
    ensure_listed_kind(kind)
    key = sys.stdin.readline().strip() if api_key_stdin else None
    if api_key_stdin and not key:
        raise UserInputError(
            "no API key on standard input", hint="pipe the key in: echo $KEY | ..."
        )
    try:
        data = ProviderConfigCreate(
            name=name,
            kind=kind,
            base_url=base_url,
            api_key=key,
            models=[m.strip() for m in (models_ or "").split(",") if m.strip()],
            requests_per_minute=rpm,
            tokens_per_minute=tpm,
        )
    except ValidationError as error:  # the message names fields, never their values
        raise UserInputError(validation_message(error, "provider"), hint=None) from None
    instance, workspace = _open()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        public = to_public(
            create_provider_config(session, data=data, box=instance.secretbox), instance.secretbox
        )
    instance.database.dispose()
    out.print(f"added provider {public.name} ({public.kind}) key {public.api_key or 'none'}")


@providers_app.command("list")
def providers_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the workspace's stored provider connections (keys masked)."""
    instance, workspace = _open()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        rows = [to_public(c, instance.secretbox) for c in list_provider_configs(session)]
    instance.database.dispose()
    if as_json:
        typer.echo(json.dumps([row.model_dump(mode="json") for row in rows], indent=2))
        return
    if not rows:
        out.print("no stored providers; add one with `presswright providers add NAME --kind KIND`")
    for row in rows:
        limits = f" {row.requests_per_minute or '-'} req/min {row.tokens_per_minute or '-'} tok/min"
        out.print(
            f"{row.name}  {row.kind}  {row.base_url or ''}  key {row.api_key or 'none'}{limits}"
        )


@providers_app.command("remove")
def providers_remove(name: str = typer.Argument(..., help="The provider's name.")) -> None:
    """Remove a stored provider connection."""
    instance, workspace = _open()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        delete_provider_config(session, config_id=get_provider_config(session, name=name).id)
    instance.database.dispose()
    out.print(f"removed provider {name}")


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UserInputError(
            f"--since {value!r} is not a date", hint="use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def usage(
    since: str | None = typer.Option(None, help="Only calls from this date (YYYY-MM-DD) on."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Calls, tokens, cost, cache hits, errors and mean latency, per provider and model."""
    moment = _parse_since(since)
    instance, workspace = _open()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        summary = summarize_usage(session, since=moment)
    instance.database.dispose()
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    table = Table(
        "model",
        "calls",
        "tokens in",
        "tokens out",
        "cost $",
        "cache hits",
        "errors",
        "mean ms",
        box=None,
        pad_edge=False,
    )
    for row in [*summary.by_model]:
        table.add_row(
            row.model,
            str(row.calls),
            str(row.tokens_in),
            str(row.tokens_out),
            f"{row.cost:.6f}",
            str(row.cache_hits),
            str(row.errors),
            f"{row.mean_latency_ms:.0f}",
        )
    table.add_row(
        "[bold]total[/]",
        str(summary.calls),
        str(summary.tokens_in),
        str(summary.tokens_out),
        f"{summary.cost:.6f}",
        str(summary.cache_hits),
        str(summary.errors),
        f"{summary.mean_latency_ms:.0f}",
    )
    out.print(table)
    prices = instance.settings.prices
    unpriced = [row.model for row in summary.by_model if not price_known(row.model, prices)]
    if unpriced:
        out.print(
            f"[yellow]no price known for {', '.join(unpriced)}: their cost shows as 0;"
            " set PRESSWRIGHT_PRICES to count it[/]"
        )


def register(app: typer.Typer) -> None:
    """Add these commands to the root application."""
    app.command()(ask)
    app.command()(models)
    app.command()(usage)
    app.add_typer(providers_app, name="providers")
