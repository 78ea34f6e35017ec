"""The AI cover: a book brief with ``cover: ai`` gets the generated picture under its type.

Text from the fake provider answering as :class:`FakeAuthor` (and writing the picture's alt
text), the picture from the loopback OpenAI-compatible image server of ``tests/images``.
Without an image provider the book is still written, with the typographic cover and a note.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from presswright.books.brief import BookBrief
from presswright.books.formats import export_formats
from presswright.books.public import BookPublic
from presswright.books.service import get_book
from presswright.bootstrap import Instance
from presswright.files import open_file_store
from presswright.flows.runtime import Runtime
from presswright.images.service import list_images
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.books.epubcheck import epubcheck_many
from tests.books.flow_fakes import FakeAuthor
from tests.books.service_runs import BRIEF, settle
from tests.documents.conftest import make_workspace
from tests.images.image_servers import ImageServer, image_server

pytestmark = pytest.mark.timeout(240)

ALT = "A lighthouse on a rocky shore under a teal sky."
AI_BRIEF = BRIEF.model_copy(update={"cover": "ai", "chapters": 2, "target_words": 600})
TEAL, NAVY = (0, 128, 128), (0x1F, 0x2A, 0x44)  # the server's picture; the palette's background


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.fixture
def author() -> Iterator[FakeAuthor]:
    """FakeAuthor for the book; the alt text of the cover picture too."""
    fake = FakeAuthor()

    def answer(request: ProviderRequest) -> str:
        if request.json_schema is not None and request.json_schema.get("title") == "alt_text":
            return json.dumps({"alt_text": ALT})
        return fake(request)

    FakeProvider.scripts["fake"] = FakeScript().add(*[answer] * 5000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def write(
    instance: Instance, runtime: Runtime, brief: BookBrief, server: ImageServer | None
) -> tuple[uuid.UUID, BookPublic, str]:
    """A book written in a new workspace (with the image server as its provider, if given)."""
    from presswright.books.service import start_book

    tenant, user = make_workspace(instance)
    if server is not None:
        with instance.database.tenant_session(tenant) as session:
            create_provider_config(
                session,
                data=ProviderConfigCreate(
                    name="work",
                    kind="openai-compatible",
                    base_url=server.base_url + "/v1",
                    api_key="sk-local-images",
                    models=["sd-local"],
                ),
                box=instance.secretbox,
            )
    started, status = settle(
        instance,
        tenant,
        start_book(
            instance,
            tenant_id=tenant,
            user_id=user,
            brief=brief,
            model="fake:test",
            runtime=runtime,
        ),
    )
    assert status.status == "completed", status.error
    book = get_book(instance, tenant_id=tenant, document_id=started.document_id)
    return tenant, book, started.execution_id


def stored(instance: Instance, tenant: uuid.UUID, book: BookPublic, name: str) -> bytes:
    found = next(f for f in book.formats if f.format == name)
    assert found.file_id is not None, f"the run made no {name}"
    with instance.database.tenant_session(tenant) as session:
        return bytes(open_file_store(instance.settings).read_file(session, file_id=found.file_id))


def pictures_of(instance: Instance, tenant: uuid.UUID, execution_id: str) -> tuple[int, int]:
    [picture] = list_images(instance, tenant_id=tenant, execution_id=execution_id).items
    return picture.image.width, picture.image.height


def epub_cover(epub: bytes) -> tuple[Image.Image, str]:
    """The EPUB's cover image (the manifest's ``cover-image``) and its cover page's alt text."""
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        opf_name = next(n for n in archive.namelist() if n.endswith(".opf"))
        opf = archive.read(opf_name).decode()
        item = next(m for m in re.findall(r"<item [^>]*>", opf) if 'properties="cover-image"' in m)
        href = re.search(r'href="([^"]+)"', item)
        assert href is not None
        folder = opf_name.rpartition("/")[0]
        image = Image.open(io.BytesIO(archive.read(f"{folder}/{href.group(1)}"))).convert("RGB")
        page = next(n for n in archive.namelist() if n.endswith("cover.xhtml"))
        alt = re.search(r'alt="([^"]*)"', archive.read(page).decode())
        assert alt is not None
    return image, alt.group(1)


def near(pixel: object, colour: tuple[int, int, int], slack: int = 24) -> bool:
    assert isinstance(pixel, tuple), pixel
    return all(abs(a - b) <= slack for a, b in zip(pixel, colour, strict=False))


@pytest.mark.timeout(240)
def test_an_ai_cover_is_the_generated_picture_with_the_title_set_below_it(
    instance: Instance, runtime: Runtime, author: FakeAuthor, server: ImageServer, tmp_path: Path
) -> None:
    tenant, book, execution_id = write(instance, runtime, AI_BRIEF, server)

    assert (book.cover, book.cover_note, book.export_error) == ("ai", None, None)
    calls = [r for r in server.requests if r.path == "/v1/images/generations"]
    assert len(calls) == 1
    asked = calls[0].body
    # 768x1024 (portrait) is cut from the 1024x1024 this model makes.
    assert asked["size"] == "1024x1024" and asked["model"] == "sd-local"
    assert (pictures_of(instance, tenant, execution_id)) == (768, 1024)
    prompt = asked["prompt"]
    assert book.title in prompt and "a sea adventure" in prompt and "#1f2a44" in prompt
    assert "No text, letters" in prompt
    # The picture is in the library, made by the book's run.
    pictures = list_images(instance, tenant_id=tenant, execution_id=execution_id).items
    assert len(pictures) == 1 and pictures[0].image.alt_text == ALT

    # The EPUB's cover image is the picture (upper panel) with the palette's band below.
    epub = stored(instance, tenant, book, "epub")
    cover, alt = epub_cover(epub)
    assert cover.size == (1600, 2560)
    assert near(cover.getpixel((40, 60)), TEAL), cover.getpixel((40, 60))
    assert near(cover.getpixel((40, 2500)), NAVY), cover.getpixel((40, 2500))
    assert "Ada Writer" in alt and ALT in alt
    # The book's cover format is the same picture cover.
    png = Image.open(io.BytesIO(stored(instance, tenant, book, "cover"))).convert("RGB")
    assert png.size == (1600, 2560) and near(png.getpixel((40, 60)), TEAL)
    # The PDF draws the same cover on its first page: the picture is embedded in it.
    pdf = stored(instance, tenant, book, "pdf")
    assert pdf.startswith(b"%PDF") and b"/DCTDecode" in pdf

    # Exporting the version again (a re-export, not the run) draws the same picture cover.
    again = export_formats(instance, tenant_id=tenant, document_id=book.id, formats=["cover"])
    assert [item.format for item in again] == ["cover"] and again[0].exported
    redone = Image.open(
        io.BytesIO(
            stored(
                instance, tenant, get_book(instance, tenant_id=tenant, document_id=book.id), "cover"
            )
        )
    ).convert("RGB")
    assert near(redone.getpixel((40, 60)), TEAL) and near(redone.getpixel((40, 2500)), NAVY)

    path = tmp_path / "book.epub"
    path.write_bytes(epub)
    [report] = epubcheck_many([path])
    assert (report.fatal, report.errors, report.warnings) == (0, 0, 0), report.messages


@pytest.mark.timeout(240)
def test_without_an_image_provider_an_ai_cover_falls_back_to_typographic_with_a_note(
    instance: Instance, runtime: Runtime, author: FakeAuthor
) -> None:
    tenant, book, execution_id = write(instance, runtime, AI_BRIEF, None)

    assert book.cover == "typographic" and book.export_error is None
    assert book.cover_note is not None
    assert "typographic" in book.cover_note and "providers add" in book.cover_note
    assert list_images(instance, tenant_id=tenant, execution_id=execution_id).items == []
    cover, _ = epub_cover(stored(instance, tenant, book, "epub"))
    assert near(cover.getpixel((40, 60)), NAVY)  # no picture, never a stand-in


def test_a_cover_other_than_typographic_or_ai_is_refused() -> None:
    with pytest.raises(ValueError, match="'typographic' or 'ai'"):
        BookBrief(subject="a sea adventure", cover="watercolour")
    assert BookBrief(subject="a sea adventure").cover == "typographic"
