"""`presswright site ...`, run as a user runs it, on the shipped fake provider.

The scripted model of the site flow tests (``tests/sites/site_fakes.FakeSiteModel``)
answers every request of a child process that runs the real command line.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.cli.test_setup_commands import assert_one_line_error, run

REPO = Path(__file__).resolve().parents[2]
SCRIPTED = """
import sys
sys.path.insert(0, {repo!r})
from presswright import cli
from presswright.llm.providers.fake import FakeProvider, FakeScript
from tests.sites.site_fakes import FakeSiteModel
FakeProvider.scripts["fake"] = FakeScript(structured="grammar").add(*[FakeSiteModel()] * 3000)
sys.argv = ["presswright", *sys.argv[1:]]
cli.main()
"""
BRIEF = ["Rosa's Bakery", "--type", "bakery", "--description",
         "A family bakery in Leeds baking sourdough, pastries and cakes since 1990."]  # fmt: skip


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An initialised home whose workspace has a provider connection of the fake kind."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    with instance.database.tenant_session(cli_workspace(instance).tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    instance.database.dispose()
    return {"PRESSWRIGHT_HOME": str(settings.home)}


def scripted(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`presswright ARGS` with the fake provider writing the site."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", SCRIPTED.format(repo=str(REPO)), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=240,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "limit"),
    [
        (["--language", "xx"], "language 'xx' is not supported"),
        ([f"--page=Page {n}" for n in range(11)], "pages: List should have at most 10 items"),
        (["--email", "nobody"], "contact.email"),
    ],
)
def test_a_bad_brief_is_one_readable_line_and_nothing_is_made(
    tmp_path: Path, args: list[str], limit: str
) -> None:
    home = tmp_path / "home"
    done = run("site", "new", *BRIEF, *args, env={"PRESSWRIGHT_HOME": str(home)})
    assert_one_line_error(done, "the site brief is refused", limit)
    assert not home.exists()  # refused before anything was created


def test_a_logo_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    done = run("site", "new", *BRIEF, "--logo", str(fake), env={"PRESSWRIGHT_HOME": str(tmp_path)})
    assert_one_line_error(done, "logo: the logo is not an image")


@pytest.mark.timeout(600)
def test_a_site_from_the_command_line_end_to_end(env: dict[str, str], tmp_path: Path) -> None:
    made = scripted(
        "site", "new", *BRIEF, "--page", "Home", "--page", "About", "--page", "Contact",
        "--style", "warm", "--email", "hello@rosas.example", "--model", "fake:test",
        env=env, cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    # Each step as it ends, then the job's progress and log lines as the watcher saw them.
    assert "✓ pages completed" in made.stderr and "✓ site completed" in made.stderr
    assert "job " in made.stderr and "%  brief: completed" in made.stderr
    site_id = made.stdout.split()[0]
    assert "draft  v1  en  Rosa's Bakery" in made.stdout and "/about/  About" in made.stdout
    assert "plugin Yoast SEO: " in made.stdout

    status = scripted("site", "status", site_id, "--json", env=env, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert [p["slug"] for p in data["pages"]] == ["home", "about", "contact"]
    assert data["job"]["progress"] == 100 and data["job"]["status"] == "completed"
    listed = scripted("site", "status", env=env, cwd=tmp_path)
    assert site_id in listed.stdout

    again = scripted("site", "regenerate", site_id, "--page", "about", env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "draft  v2" in again.stdout

    previews = tmp_path / "preview"
    shown = scripted("site", "preview", site_id, "-o", str(previews), env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    home = (previews / "home.html").read_text(encoding="utf-8")
    assert "<h1" in home and "<script" not in home and (previews / "block_preview.css").is_file()

    exported = scripted("site", "export", site_id, "-o", "theme.zip", env=env, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    names = zipfile.ZipFile(io.BytesIO((tmp_path / "theme.zip").read_bytes())).namelist()
    assert "rosa-s-bakery/style.css" in names and "rosa-s-bakery/theme.json" in names
    assert "rosa-s-bakery/templates/front-page.html" in names

    unknown = scripted("site", "deploy", site_id, "--to", "nowhere", env=env, cwd=tmp_path)
    assert unknown.returncode != 0 and "nowhere" in unknown.stderr
    assert "Traceback" not in unknown.stderr
