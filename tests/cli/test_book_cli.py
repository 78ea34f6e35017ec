"""`presswright book ...`, run as a user runs it, on the shipped fake provider.

The scripted author of the book flow tests (``tests/books/flow_fakes.FakeAuthor``) answers
every prompt of a child process that runs the real command line.
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
# The real command line, with the fake provider answering as the book flow's scripted author.
AUTHORED = """
import sys
sys.path.insert(0, {repo!r})
from presswright import cli
from presswright.llm.providers.fake import FakeProvider, FakeScript
from tests.books.flow_fakes import FakeAuthor
FakeProvider.scripts["fake"] = FakeScript().add(*[FakeAuthor()] * 5000)
sys.argv = ["presswright", *sys.argv[1:]]
cli.main()
"""


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


def authored(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`presswright ARGS` with the fake provider writing the book."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", AUTHORED.format(repo=str(REPO)), *args],
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
        (["--chapters", "0"], "0 chapters is outside the limit of 1 to 60 chapters"),
        (["--words", "10000000"], "10,000,000 words is outside the limit of 500 to 300,000"),
        (["--language", "xx"], "language 'xx' is not supported"),
        (["--formats", "epub,mobi"], "unknown book format(s): mobi"),
    ],
)
def test_a_bad_brief_is_one_readable_line_and_nothing_is_made(
    tmp_path: Path, args: list[str], limit: str
) -> None:
    home = tmp_path / "home"
    done = run("book", "new", "a sea adventure", *args, env={"PRESSWRIGHT_HOME": str(home)})
    assert_one_line_error(done, limit)
    assert "Value error" not in done.stderr
    assert not home.exists()  # refused before anything was created


@pytest.mark.timeout(600)
def test_a_book_from_the_command_line_end_to_end(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = authored(
        "book", "new", "a sea adventure", "--chapters", "2", "--words", "600",
        "--author", "Ada Writer", "--model", "fake:test", "--formats", "epub,pdf,md",
        "-o", str(out), env=env, cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    # Progress of the long work on stderr: each step, and the chapters as they are written.
    assert "of 2 written" in made.stderr and "✓ chapters completed" in made.stderr
    assert "✓ book completed" in made.stderr
    # The titles as soon as the outline is written (the export after the chapters takes
    # seconds, so the watcher reads the outline before the run ends).
    outline = made.stderr.split("  outline:\n", 1)[1].splitlines()
    assert outline[0].startswith("    1. ") and outline[1].startswith("    2. ")
    assert "(untitled)" not in outline[0] + outline[1]
    book_id = made.stdout.split()[0]
    assert "ready  v1" in made.stdout and "S_l" in made.stdout
    assert "continuity: 0 issue(s) found, 0 fixed; models: fake:test" in made.stdout
    files = sorted(path.suffix for path in out.iterdir())
    assert files == [".epub", ".md", ".pdf"]
    epub = zipfile.ZipFile(next(out.glob("*.epub")))
    assert epub.namelist()[0] == "mimetype"
    assert next(out.glob("*.pdf")).read_bytes().startswith(b"%PDF")

    status = run("book", "status", book_id, "--json", env=env)
    assert status.returncode == 0, status.stderr
    book = json.loads(status.stdout)
    assert (book["current_version"], book["length"]["target"]) == (1, 600)
    # The run made every format; --formats chose what went into -o.
    exported = {item["format"] for item in book["formats"] if item["exported"]}
    assert exported == {"epub", "pdf", "docx", "html", "md", "cover"}

    chapters = run("book", "chapters", book_id, env=env)
    assert chapters.returncode == 0 and chapters.stdout.count("/ 300") == 2
    text = run("book", "chapters", book_id, "--show", "2", env=env)
    assert text.stdout.startswith("2. ") and "Mara" in text.stdout

    again = authored("book", "regenerate", book_id, "2", env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "2 of 2 written" in again.stderr and "ready  v2" in again.stdout
    after = json.loads(run("book", "status", book_id, "--json", env=env).stdout)
    # The regenerate's run exported the version it added.
    assert {(f["format"], f["version"]) for f in after["formats"] if f["exported"]} == {
        ("epub", 2), ("pdf", 2), ("docx", 2), ("html", 2), ("md", 2), ("cover", 2),
    }  # fmt: skip

    docx = run("book", "export", book_id, "--formats", "docx", "--version", "1", env=env)
    assert docx.returncode == 0 and docx.stdout.startswith("  docx  v1")
    target = tmp_path / "book.epub"
    fetched = run("book", "download", book_id, "epub", "-o", str(target), env=env)
    assert fetched.returncode == 0, fetched.stderr
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    assert archive.read("mimetype") == b"application/epub+zip"
    listed = run("book", "list", env=env)
    assert book_id in listed.stdout

    missing = run("book", "regenerate", book_id, "9", env=env)
    assert_one_line_error(missing, "has no chapter 9")


def test_status_of_a_first_run_names_its_chapters(env: dict[str, str], tmp_path: Path) -> None:
    """A book held at its outline review has no version yet: its status lists the chapters
    the outline planned, by title, each still pending."""
    held = authored(
        "book", "new", "a lighthouse mystery", "--chapters", "2", "--words", "600",
        "--model", "fake:test", "--review-outline", env=env, cwd=tmp_path,
    )  # fmt: skip
    assert held.returncode == 0, held.stderr
    assert "the book waits for a review" in held.stderr
    book_id = next(line.split()[1] for line in held.stderr.splitlines() if line.startswith("book "))
    status = run("book", "status", book_id, env=env)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert "v0" in lines[0]
    assert lines[1] == "  chapters: 0 of 2 written"
    assert lines[2].startswith("    1. ") and lines[2].endswith("  pending")
    assert lines[3].startswith("    2. ") and lines[3].endswith("  pending")
    assert "(untitled)" not in status.stdout
