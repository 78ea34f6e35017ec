"""`presswright wp ...` through the command line's entry point, against the real WordPress.

The commands run in this process (``presswright.cli.main`` with its arguments, standard
input and environment) to spare a Python start per command; ``tests/cli`` covers the
installed script itself.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from presswright.bootstrap import initialize
from presswright.cli import main
from presswright.content.models import SiteLink
from presswright.settings import Settings
from tests.cli.test_setup_commands import assert_one_line_error
from tests.wordpress.test_publish import article
from tests.wordpress.wordpress_site import RunningWordPress

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def wp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `presswright wp ARGS` in an initialised installation (SQLite); exit code and output."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    monkeypatch.setenv("PRESSWRIGHT_HOME", str(settings.home))
    capsys.readouterr()

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "argv", ["presswright", "wp", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        code = exited.value.code
        return subprocess.CompletedProcess(
            list(args), code if isinstance(code, int) else 0, captured.out, captured.err
        )

    return run


def test_connect_list_publish_pull_and_remove(
    wp: Run, wordpress: RunningWordPress, tmp_path: Path
) -> None:
    wrong = "wrong wrong wrong wrong"
    denied = wp("connect", wordpress.url, "--username", "author", "--app-password-stdin",
                stdin=wrong)  # fmt: skip
    assert_one_line_error(denied, f"WordPress at {wordpress.url}", "HTTP 401", "connect the site")
    assert wrong not in denied.stderr

    connected = wp("connect", wordpress.url, "-u", "author", "--app-password-stdin", "--name",
                   "blog", stdin=wordpress.author.app_password + "\n")  # fmt: skip
    assert connected.returncode == 0, connected.stderr
    assert connected.stdout.strip() == f"connected blog: {wordpress.url} as Arthur Author (author)"

    listed = wp("sites", "--json")
    assert listed.returncode == 0, listed.stderr
    (site,) = json.loads(listed.stdout)
    assert (site["name"], site["status"], site["username"]) == ("blog", "ok", "author")

    # A file is content given as is: held to the article contract before anything is sent.
    sample = article("cli")
    unchecked = tmp_path / "unchecked.json"
    unchecked.write_text(sample.model_dump_json(), encoding="utf-8")
    assert_one_line_error(wp("publish", "blog", str(unchecked)), "breaks 2 rule(s)")
    meta = sample.meta.model_copy(
        update={
            "meta_desc": "Learn home composting with a simple compost bin: what to put in it,"
            " how to keep the heap warm and damp, and when the compost is ready to use.",
            "slug": f"home-composting-cli-{uuid.uuid4().int % 10**10}",
        }
    )
    document = sample.model_copy(update={"meta": meta})
    path = tmp_path / "article.json"
    path.write_text(document.model_dump_json(), encoding="utf-8")
    assert_one_line_error(wp("publish", "blog", str(path), "--status", "pending"), "status")
    assert_one_line_error(wp("publish", "nosuch", str(path)), "no WordPress site 'nosuch'")

    published = wp("publish", "blog", str(path), "--status", "publish", "-t", "compost")
    assert published.returncode == 0, published.stderr
    first, seo = published.stdout.strip().splitlines()
    action, _post, remote_id, status, _on, name, url = first.split()
    assert (action, status, name) == ("created", "(publish)", "blog:")
    assert seo == "seo: not written: no SEO plugin"
    again = wp("publish", "blog", str(path), "--json")
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    assert (result["action"], result["remote_id"], result["status"]) == (
        "updated",
        int(remote_id),
        "draft",
    )

    links_file = tmp_path / "links.json"
    pulled = wp("pull-links", "blog", "-o", str(links_file))
    assert pulled.returncode == 0, pulled.stderr
    assert "pulled" in pulled.stderr
    links = [SiteLink.model_validate(item) for item in json.loads(links_file.read_text())]
    assert url not in {link.url for link in links}  # it is a draft again

    removed = wp("remove", "blog")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == "removed WordPress site blog"
    assert "no WordPress sites yet" in wp("sites", "--no-check").stdout
