"""`presswright image generate|edit|vary|list|describe|push`: pictures of the library
(Media Forge).

Thin over :mod:`presswright.images.service` and :mod:`presswright.images.editing`. A request
the model cannot make is one line naming the option and exit 1, before anything is paid
for; `generate` runs the shipped image flow here with progress on stderr, then prints each
picture (``--json`` for scripts; ``--output-dir`` saves the files).
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from presswright.cli.console import err, out
from presswright.errors import UserInputError

if TYPE_CHECKING:
    from presswright.flows.runtime import Runtime
    from presswright.images.service import ImagePublic

__all__ = ["register"]

image_app = typer.Typer(
    help="Pictures: generate with an image model, alt text, send to WordPress.",
    no_args_is_help=True,
)

_OPTIONS = {"negative_prompt": "--negative", "alt_context": "--context", "alt_model": "--alt-model"}


def _image_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise UserInputError(
            f"{value!r} is not an image id", hint="list them: `presswright image list`"
        ) from None


def _line(image: ImagePublic) -> str:
    body = image.image
    alt = body.alt_text or f"(no alt text: {body.alt_error or 'not written'})"
    return (
        f"{image.id}  {body.width}x{body.height} {body.format:<4} {body.model}"
        f"  alt [{body.alt_source or '-'}]: {alt}"
    )


@image_app.command("generate")
def image_generate(
    prompt: str = typer.Argument(..., help="What the picture shows."),
    size: str | None = typer.Option(None, help="WxH (1024x1024) or a ratio (16:9)."),
    count: int = typer.Option(1, help="Pictures to make, 1 to 8."),
    style: str | None = typer.Option(None, help="A style the model takes (vivid, natural...)."),
    quality: str | None = typer.Option(None, help="A quality the model takes."),
    negative: str | None = typer.Option(None, "--negative", help="What it must not show."),
    model: str | None = typer.Option(None, help="provider:model; default: the first one."),
    fmt: str = typer.Option("webp", "--format", help="webp, avif, jpeg or png."),
    title: str | None = typer.Option(None, help="The pictures' title; default: the prompt."),
    context: str | None = typer.Option(None, "--context", help="Text they go with (alt text)."),
    language: str = typer.Option("en", help="The alt text's language."),
    alt_model: str | None = typer.Option(None, "--alt-model", help="Text model for alt text."),
    output_dir: Path | None = typer.Option(None, help="Save each picture's main file here."),
    detach: bool = typer.Option(False, help="Only queue the run; a worker makes the pictures."),
    as_json: bool = typer.Option(False, "--json", help="Print the pictures as JSON."),
) -> None:
    """Make pictures and store them in the library, each with its alt text."""
    from pydantic import ValidationError

    from presswright.cli.run_commands import execute, open_workspace
    from presswright.images.checks import ImageFieldError
    from presswright.images.service import ImageGenerate, list_images, start_images

    try:
        body = ImageGenerate(
            prompt=prompt,
            negative_prompt=negative,
            size=size,
            count=count,
            style=style,
            quality=quality,
            model=model,
            format=fmt,
            title=title,
            alt_context=context,
            language=language,
            alt_model=alt_model,
        )
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "prompt"
        raise UserInputError(
            f"{_OPTIONS.get(name, '--' + name)}: {first['msg']}", hint="see --help"
        ) from None
    instance, workspace = open_workspace()

    async def operation(runtime: Runtime | None) -> str:
        try:
            started = await start_images(
                instance,
                tenant_id=workspace.tenant_id,
                user_id=workspace.user_id,
                body=body,
                runtime=runtime,
            )
        except ImageFieldError as error:
            option = _OPTIONS.get(error.field, "--" + error.field.replace("_", "-"))
            if error.field == "prompt":
                option = "PROMPT"
            raise UserInputError(f"{option}: {error.reason}", hint=error.hint) from None
        return started.execution_id

    final = execute(instance, workspace, operation, detach=detach, as_json=False, progress=err)
    if final is None:
        return
    page = list_images(instance, tenant_id=workspace.tenant_id, execution_id=final.execution_id)
    _print(page.items, as_json=as_json)
    if output_dir is not None:
        _save(instance, workspace.tenant_id, page.items, output_dir)


def _print(images: list[ImagePublic], *, as_json: bool) -> None:
    if as_json:
        typer.echo("[" + ",".join(image.model_dump_json() for image in images) + "]")
        return
    for image in images:
        out.print(_line(image), markup=False)
    if not images:
        out.print("no images")


def _save(instance: Any, tenant_id: uuid.UUID, images: list[ImagePublic], folder: Path) -> None:
    from presswright.images.service import open_image

    folder.mkdir(parents=True, exist_ok=True)
    for image in images:
        download = open_image(instance, tenant_id=tenant_id, document_id=image.id)
        path = folder / download.filename
        path.write_bytes(download.content)
        err.print(f"saved {path}", markup=False)


@image_app.command("list")
def image_list(
    query: str | None = typer.Option(None, "--query", "-q", help="Words of prompt or alt text."),
    execution: str | None = typer.Option(None, help="Only the pictures of this run."),
    limit: int = typer.Option(50, min=1, max=200),
    as_json: bool = typer.Option(False, "--json", help="Print the pictures as JSON."),
) -> None:
    """List the workspace's pictures, newest first."""
    from presswright.cli.run_commands import open_workspace
    from presswright.images.service import list_images

    instance, workspace = open_workspace()
    page = list_images(
        instance, tenant_id=workspace.tenant_id, execution_id=execution, q=query, limit=limit
    )
    _print(page.items, as_json=as_json)


@image_app.command("describe")
def image_describe(
    target: str = typer.Argument(..., help="An image id of the library, or a picture file."),
    context: str = typer.Option("", "--context", help="Text the picture goes with."),
    language: str | None = typer.Option(None, help="Default: the picture's (or en)."),
    model: str | None = typer.Option(None, help="Text model; a vision model sees the picture."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Write alt text: for a stored picture (a new version) or a file (printed only)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.images.editing import describe_image, describe_upload

    instance, workspace = open_workspace()
    path = Path(target)
    if path.is_file():
        alt = asyncio.run(
            describe_upload(
                instance,
                tenant_id=workspace.tenant_id,
                user_id=workspace.user_id,
                data=path.read_bytes(),
                context=context,
                language=language or "en",
                model=model,
            )
        )
        if as_json:
            typer.echo(alt.model_dump_json(indent=2))
        else:
            out.print(f"[{alt.source}] {alt.text}", markup=False)
        return
    image = asyncio.run(
        describe_image(
            instance,
            tenant_id=workspace.tenant_id,
            user_id=workspace.user_id,
            document_id=_image_id(target),
            context=context,
            language=language,
            model=model,
        )
    )
    _print([image], as_json=as_json)


@image_app.command("push")
def image_push(
    image_id: str = typer.Argument(..., help="An image id (`presswright image list`)."),
    site: str = typer.Option(..., help="A connected WordPress site (`presswright wp list`)."),
    caption: str = typer.Option("", help="The caption in the Media Library."),
    fmt: str | None = typer.Option(None, "--format", help="A stored format; default: main."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Send a picture to a WordPress site's Media Library (reused when already there)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.images.checks import OUTPUT_FORMATS
    from presswright.images.editing import push_image_document

    if fmt is not None and fmt not in OUTPUT_FORMATS:
        raise UserInputError(f"--format: use one of {', '.join(OUTPUT_FORMATS)}, not {fmt!r}")
    instance, workspace = open_workspace()
    result = asyncio.run(
        push_image_document(
            instance,
            tenant_id=workspace.tenant_id,
            document_id=_image_id(image_id),
            site=site,
            caption=caption,
            format=fmt,  # type: ignore[arg-type]  # checked above
        )
    )
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    out.print(
        f"{result.action} media {result.media_id} on {result.site}: {result.url}", markup=False
    )


def _derive(instance: Any, workspace: Any, start: Any, detach: bool, as_json: bool) -> None:
    """Run an edit or variations here (or only queue it), then print the pictures."""
    from presswright.cli.run_commands import execute
    from presswright.images.checks import ImageFieldError
    from presswright.images.service import list_images

    async def operation(runtime: Runtime | None) -> str:
        try:
            started = await start(runtime)
        except ImageFieldError as error:
            option = "--" + error.field.replace("_", "-")
            raise UserInputError(f"{option}: {error.reason}", hint=error.hint) from None
        return str(started.execution_id)

    final = execute(instance, workspace, operation, detach=detach, as_json=False, progress=err)
    if final is not None:
        page = list_images(instance, tenant_id=workspace.tenant_id, execution_id=final.execution_id)
        _print(page.items, as_json=as_json)


@image_app.command("edit")
def image_edit(
    image_id: str = typer.Argument(..., help="The picture to edit (`presswright image list`)."),
    prompt: str = typer.Argument(..., help="What to change."),
    mask: Path | None = typer.Option(
        None, help="A PNG of the picture's size, transparent where it should change."
    ),
    count: int = typer.Option(1, help="Pictures to make, 1 to 8."),
    size: str | None = typer.Option(None, help="WxH; default: the model's."),
    model: str | None = typer.Option(None, help="provider:model; default: the first that can."),
    fmt: str = typer.Option("webp", "--format", help="webp, avif, jpeg or png."),
    alt_model: str | None = typer.Option(None, "--alt-model", help="Text model for alt text."),
    detach: bool = typer.Option(False, help="Only queue the run; a worker makes the pictures."),
    as_json: bool = typer.Option(False, "--json", help="Print the pictures as JSON."),
) -> None:
    """Edit a library picture as the prompt says (inside the mask, with one): new pictures."""
    from pydantic import ValidationError

    from presswright.cli.run_commands import open_workspace
    from presswright.images.derive import ImageEdit, start_edit

    try:
        body = ImageEdit(
            prompt=prompt, count=count, size=size, model=model, format=fmt, alt_model=alt_model
        )
    except ValidationError as error:
        first = error.errors()[0]
        raise UserInputError(f"--{first['loc'][0]}: {first['msg']}", hint="see --help") from None
    if mask is not None and not mask.is_file():
        raise UserInputError(f"--mask: {mask} is not a file", hint="give a PNG mask's path")
    data = mask.read_bytes() if mask is not None else None
    source = _image_id(image_id)
    instance, workspace = open_workspace()

    def start(runtime: Runtime | None) -> Any:
        return start_edit(
            instance,
            tenant_id=workspace.tenant_id,
            user_id=workspace.user_id,
            source_id=source,
            body=body,
            mask=data,
            runtime=runtime,
        )

    _derive(instance, workspace, start, detach, as_json)


@image_app.command("vary")
def image_vary(
    image_id: str = typer.Argument(..., help="The picture to vary (`presswright image list`)."),
    count: int = typer.Option(2, help="Pictures to make, 1 to 8."),
    size: str | None = typer.Option(None, help="WxH; default: the model's."),
    model: str | None = typer.Option(None, help="provider:model; default: the first that can."),
    fmt: str = typer.Option("webp", "--format", help="webp, avif, jpeg or png."),
    alt_model: str | None = typer.Option(None, "--alt-model", help="Text model for alt text."),
    detach: bool = typer.Option(False, help="Only queue the run; a worker makes the pictures."),
    as_json: bool = typer.Option(False, "--json", help="Print the pictures as JSON."),
) -> None:
    """More pictures like a library picture ("more like this")."""
    from pydantic import ValidationError

    from presswright.cli.run_commands import open_workspace
    from presswright.images.derive import ImageVariations, start_variations

    try:
        body = ImageVariations(count=count, size=size, model=model, format=fmt, alt_model=alt_model)
    except ValidationError as error:
        first = error.errors()[0]
        raise UserInputError(f"--{first['loc'][0]}: {first['msg']}", hint="see --help") from None
    source = _image_id(image_id)
    instance, workspace = open_workspace()

    def start(runtime: Runtime | None) -> Any:
        return start_variations(
            instance,
            tenant_id=workspace.tenant_id,
            user_id=workspace.user_id,
            source_id=source,
            body=body,
            runtime=runtime,
        )

    _derive(instance, workspace, start, detach, as_json)


@image_app.command("product")
def image_product(
    image_ids: list[str] = typer.Argument(None, help="Library image ids; the first = image."),
    store: str = typer.Option(..., help="A connected WooCommerce store."),
    product: int = typer.Option(..., help="The product's id in the store."),
    site: str = typer.Option(..., help="The shop's WordPress site connection (Media Library)."),
    run_id: str | None = typer.Option(None, "--run", help="Or a product run's pictures."),
    replace: bool = typer.Option(False, help="Drop the product's earlier pictures."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Make library pictures a WooCommerce product's image and gallery, with their alt text."""
    from presswright.cli.run_commands import open_workspace
    from presswright.images.product_pictures import run_pictures, write_product_pictures

    pictures = [_image_id(value) for value in image_ids or []]
    instance, workspace = open_workspace()
    if run_id:
        pictures += run_pictures(instance, tenant_id=workspace.tenant_id, execution_id=run_id)
    result = asyncio.run(
        write_product_pictures(
            instance,
            tenant_id=workspace.tenant_id,
            store=store,
            product_id=product,
            site=site,
            pictures=pictures,
            replace=replace,
        )
    )
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    for picture in result.pictures:
        out.print(
            f"{picture.role:<7} media {picture.media_id} ({picture.upload}): {picture.alt}",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``presswright image`` to the root application."""
    app.add_typer(image_app, name="image")
