"""`presswright image generate|edit|vary|list|describe`, run as a user runs them.

Pictures come from the loopback OpenAI-compatible image server of ``tests/images``; alt
text from the shipped fake text model, scripted through ``tests/cli/fake_main.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.cli.test_pattern_commands import run_fake
from tests.cli.test_setup_commands import assert_one_line_error, run
from tests.images.edit_servers import edit_server
from tests.images.image_servers import ImageServer, image_server, png_bytes
from tests.wordpress.wordpress_site import RunningWordPress

pytestmark = pytest.mark.timeout(300)

ALT = json.dumps({"alt_text": "Round white shape centred on a blue green background."})
PROMPT = "a teal field with a white disc, flat illustration"


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def home(tmp_path: Path, server: ImageServer | None) -> dict[str, str]:
    """An initialised home with the fake text model and (given a server) an image provider."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    with instance.database.tenant_session(cli_workspace(instance).tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
        if server is not None:
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
    instance.database.dispose()
    return {"PRESSWRIGHT_HOME": str(settings.home)}


def test_generate_list_and_describe(tmp_path: Path, server: ImageServer) -> None:
    env = home(tmp_path, server)
    saved = tmp_path / "pictures"
    done = run_fake(
        [ALT, ALT],
        "image", "generate", PROMPT, "--count", "2", "--size", "256x256",
        "--alt-model", "fake:test", "--json", "--output-dir", str(saved),
        env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    images = json.loads(done.stdout)
    assert len(images) == 2
    for image in images:
        body = image["image"]
        assert (body["width"], body["height"], body["format"]) == (256, 256, "webp")
        assert body["alt_source"] == "prompt" and body["alt_text"].startswith("Round white")
    files = sorted(saved.iterdir())
    assert len(files) == 2 and all(path.suffix == ".webp" for path in files)
    with Image.open(files[0]) as picture:
        assert (picture.format, picture.size) == ("WEBP", (256, 256))

    listed = run("image", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert all(image["id"] in listed.stdout for image in images)
    assert "alt [prompt]" in listed.stdout

    # A file on disk: the alt text is printed, nothing is stored.
    picture_file = tmp_path / "disc.png"
    picture_file.write_bytes(png_bytes(120, 90))
    described = run_fake(
        [ALT], "image", "describe", str(picture_file), "--model", "fake:test",
        "--context", "Our logo on the shop door.", env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert described.returncode == 0, described.stderr
    assert described.stdout.startswith("[prompt] Round white shape")
    # A stored picture: a new version with the text.
    again = run_fake(
        [ALT], "image", "describe", images[0]["id"], "--model", "fake:test", "--json",
        env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    (updated,) = json.loads(again.stdout)
    assert updated["version"] == images[0]["version"] + 1


def test_what_cannot_be_made_is_one_line_naming_the_option(
    tmp_path: Path, server: ImageServer
) -> None:
    env = home(tmp_path, server)
    assert_one_line_error(
        run("image", "generate", PROMPT, "--size", "4096x4096", env=env),
        "--size",
        "cannot make 4096x4096",
    )
    assert_one_line_error(run("image", "generate", PROMPT, "--count", "9", env=env), "--count")
    assert_one_line_error(run("image", "generate", "  ", env=env), "PROMPT", "empty")
    assert_one_line_error(run("image", "describe", "not-an-id", env=env), "not an image id")
    assert server.requests == []


def test_without_an_image_provider_generate_fails_at_once_with_the_fix(tmp_path: Path) -> None:
    env = home(tmp_path, None)
    assert_one_line_error(
        run("image", "generate", PROMPT, env=env),
        "no image provider is configured",
        "presswright providers add",
    )


def mask_file(folder: Path, width: int, height: int) -> Path:
    """A PNG mask, transparent on its left half (change there)."""
    mask = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (0, 0, width // 2, height))
    path = folder / f"mask-{width}x{height}.png"
    mask.save(path, "PNG")
    return path


def test_edit_and_vary_a_stored_picture(tmp_path: Path) -> None:
    with edit_server() as server:
        env = home(tmp_path, server)
        made = run_fake(
            [ALT], "image", "generate", PROMPT, "--alt-model", "fake:test", "--json",
            env=env, tmp_path=tmp_path,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        (source,) = json.loads(made.stdout)
        body = source["image"]
        mask = mask_file(tmp_path, body["width"], body["height"])
        edited = run_fake(
            [ALT], "image", "edit", source["id"], "make the disc red", "--mask", str(mask),
            "--alt-model", "fake:test", "--json", env=env, tmp_path=tmp_path,
        )  # fmt: skip
        assert edited.returncode == 0, edited.stderr
        (edit,) = json.loads(edited.stdout)
        assert (edit["image"]["operation"], edit["image"]["source_id"]) == ("edit", source["id"])
        assert edit["image"]["prompt"] == "make the disc red"
        varied = run_fake(
            [ALT, ALT], "image", "vary", source["id"], "--count", "2",
            "--alt-model", "fake:test", "--json", env=env, tmp_path=tmp_path,
        )  # fmt: skip
        assert varied.returncode == 0, varied.stderr
        variations = json.loads(varied.stdout)
        assert [v["image"]["operation"] for v in variations] == ["variation", "variation"]
        assert {v["image"]["prompt"] for v in variations} == {PROMPT}
        paths = [r.path for r in server.requests]
        assert paths.count("/v1/images/edits") == 1 and paths.count("/v1/images/variations") == 2
        [call] = [r for r in server.requests if r.path == "/v1/images/edits"]
        assert call.body["mask"].width == body["width"]

        before = len(server.requests)
        assert_one_line_error(
            run("image", "edit", source["id"], "red", "--mask", str(mask_file(tmp_path, 9, 9)),
                env=env),
            "--mask",
            "the mask is 9x9",
        )  # fmt: skip
        assert len(server.requests) == before


def test_pictures_onto_a_woocommerce_product(tmp_path: Path, wordpress: RunningWordPress) -> None:
    import asyncio

    from presswright.publish.woocommerce.stores import StoreConnect, connect_store
    from tests.images.stored_images import stored_image
    from tests.woocommerce.conftest import APRON_ID, READ_WRITE, apron
    from tests.woocommerce.test_product_pictures import attachments_of, site_of
    from tests.woocommerce.woocommerce_server import Shop, running_shop

    env = home(tmp_path, None)
    shop = Shop()
    shop.add_key(READ_WRITE)
    shop.add_product(apron())
    shop.attachment = attachments_of(wordpress)
    with running_shop(shop) as running:
        instance = open_instance(Settings(home=Path(env["PRESSWRIGHT_HOME"])))
        tenant_id = cli_workspace(instance).tenant_id
        data = StoreConnect(
            url=running.url,
            consumer_key=READ_WRITE.consumer_key,
            consumer_secret=READ_WRITE.consumer_secret,
            name="shop",
        )
        asyncio.run(connect_store(instance, tenant_id=tenant_id, data=data))
        site = site_of(instance, tenant_id, wordpress)
        picture = stored_image(instance, tenant_id, alt_text="Linen apron on a wooden hook.")
        instance.database.dispose()
        done = run(
            "image", "product", str(picture), "--store", "shop", "--product", str(APRON_ID),
            "--site", site, "--replace", "--json", env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        [made] = result["pictures"]
        assert (made["role"], made["upload"]) == ("image", "uploaded")
        assert [image["id"] for image in shop.products[APRON_ID]["images"]] == [made["media_id"]]
        assert shop.products[APRON_ID]["images"][0]["alt"] == "Linen apron on a wooden hook."
