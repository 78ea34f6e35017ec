"""`presswright wc ...` through the command line's entry point, against the loopback shop.

Most commands run in this process (``presswright.cli.main``) to spare a Python start per
command; ``generate`` runs as a user runs it, in a process of its own with the shipped fake
provider scripted (tests/cli/fake_main.py).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.bulk.rows import validate_items
from presswright.bulk.sources import read_source
from presswright.cli import main
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.cli.fake_main import REPLIES_VAR
from tests.cli.test_setup_commands import assert_one_line_error
from tests.woocommerce.conftest import APRON_ID, DRAFT, READ_ONLY, READ_WRITE
from tests.woocommerce.woocommerce_server import RunningShop, Shop

Run = Callable[..., subprocess.CompletedProcess[str]]
FAKE_MAIN = Path(__file__).parents[1] / "cli" / "fake_main.py"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An initialised installation whose workspace has a provider connection of the fake kind."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    with instance.database.tenant_session(cli_workspace(instance).tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    instance.database.dispose()
    return settings.home


@pytest.fixture
def wc(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `presswright wc ARGS` in this process; exit code and output."""
    monkeypatch.setenv("PRESSWRIGHT_HOME", str(home))
    capsys.readouterr()

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "argv", ["presswright", "wc", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        code = exited.value.code
        return subprocess.CompletedProcess(
            list(args), code if isinstance(code, int) else 0, captured.out, captured.err
        )

    return run


def generate(home: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`presswright wc generate ARGS` in its own process, the fake model answering DRAFT."""
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps([json.dumps(DRAFT)] * 5), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    env.update({"PRESSWRIGHT_HOME": str(home), REPLIES_VAR: str(replies)})
    return subprocess.run(
        [sys.executable, str(FAKE_MAIN), "wc", "generate", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


@pytest.mark.timeout(240)
def test_connect_list_generate_write_export_and_remove(
    wc: Run, home: Path, served: RunningShop, shop: Shop, tmp_path: Path
) -> None:
    wrong = "cs_" + "0" * 40
    denied = wc("connect", served.url, "--key", READ_WRITE.consumer_key, "--secret", wrong)
    assert_one_line_error(denied, f"WooCommerce at {served.url}", "HTTP 401", "REST API")
    assert wrong not in denied.stderr
    swapped = wc(
        "connect",
        served.url,
        "--key",
        READ_WRITE.consumer_secret,
        "--secret",
        READ_WRITE.consumer_key,
    )
    assert_one_line_error(swapped, "consumer_key", "give the ck_... value here")
    assert READ_WRITE.consumer_secret not in swapped.stderr

    connected = wc(
        "connect",
        served.url,
        "--key",
        READ_WRITE.consumer_key,
        "--name",
        "shop",
        "--secret-stdin",
        stdin=READ_WRITE.consumer_secret + "\n",
    )
    assert connected.returncode == 0, connected.stderr
    assert (
        connected.stdout.strip()
        == f"connected shop: {served.url} (key …{READ_WRITE.consumer_key[-4:]})"
    )

    listed = wc("stores", "--json")
    assert listed.returncode == 0, listed.stderr
    (store,) = json.loads(listed.stdout)
    assert (store["name"], store["status"]) == ("shop", "ok")
    assert "consumer" not in listed.stdout and READ_WRITE.consumer_secret not in listed.stdout

    products = wc("products", "shop", "--per-page", "10", "--page", "3", "--json")
    assert products.returncode == 0, products.stderr
    page = json.loads(products.stdout)
    assert (page["total"], page["total_pages"], len(page["products"])) == (25, 3, 5)
    table = wc("products", "shop", "--search", "apron")
    assert table.returncode == 0 and str(APRON_ID) in table.stdout and "Linen apron" in table.stdout
    assert "page 1 of 1, 1 products matching 'apron'" in table.stderr
    assert_one_line_error(wc("products", "nosuch"), "no WooCommerce store 'nosuch'")

    shown = generate(home, tmp_path, "shop", str(APRON_ID), "--model", "fake:test")
    assert shown.returncode == 0, shown.stderr
    assert "title: Linen apron for bakers" in shown.stdout
    assert "add --write" in shown.stderr and shop.writes == []

    written = generate(
        home, tmp_path, "shop", str(APRON_ID), "--model", "fake:test", "--write", "--json"
    )
    assert written.returncode == 0, written.stderr
    document = json.loads(written.stdout)
    assert document["facts"]["name"] == "Linen apron"
    assert document["write"]["fields"] == ["description", "short_description", "tags", "images"]
    assert document["write"]["seo"]["note"] == "not written: no SEO plugin"
    assert shop.products[APRON_ID]["images"][0]["alt"] == DRAFT["image_alt_text"]
    assert shop.products[APRON_ID]["name"] == "Linen apron"

    history = wc("writes", "shop", "--json")
    (record,) = json.loads(history.stdout)
    assert (record["product_id"], record["execution_id"]) == (APRON_ID, document["execution_id"])
    assert "Linen apron" in wc("writes", "shop").stdout

    target = tmp_path / "shop.jsonl"
    exported = wc("export", "shop", "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    assert "exported 25 products from shop" in exported.stderr
    source = read_source(target.read_bytes(), name=target.name)
    items = validate_items(
        source,
        kind="product",
        model="local:smollm2",
        mapping={},
        list_separator="|",
        brand_profiles=[],
    )
    assert len(items.items) == 25 and items.ignored_columns == ["woo_product_id"]
    assert_one_line_error(wc("export", "shop", "-o", str(tmp_path / "shop.csv")), ".jsonl")

    removed = wc("remove", "shop")
    assert removed.stdout.strip() == "removed WooCommerce store shop"
    assert "no WooCommerce stores yet" in wc("stores", "--no-check").stdout


@pytest.mark.timeout(240)
def test_a_read_only_key_cannot_write_back(
    wc: Run, home: Path, served: RunningShop, shop: Shop, tmp_path: Path
) -> None:
    connected = wc(
        "connect",
        served.url,
        "--key",
        READ_ONLY.consumer_key,
        "--secret",
        READ_ONLY.consumer_secret,
    )
    assert connected.returncode == 0, connected.stderr
    store = connected.stdout.split()[1].rstrip(":")
    assert_one_line_error(wc("generate", store, "1", "--title"), "--title goes with --write")
    refused = generate(home, tmp_path, store, str(APRON_ID), "--model", "fake:test", "--write")
    assert refused.returncode == 1
    last = refused.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "does not have write permissions" in last
    assert "set Permissions to Read/Write" in last and "Traceback" not in refused.stderr
    assert shop.writes == []
