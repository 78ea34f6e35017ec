"""`presswright bulk run` on real files: a refused file is one error line and stores nothing;
a shop export says how it was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.settings import Settings
from tests.bulk.fakes import MODEL, store_fake_provider
from tests.bulk.test_bulk_commands import bulk

FILES = Path(__file__).with_name("files")


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installation whose workspace has the fake provider."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    store_fake_provider(instance, cli_workspace(instance).tenant_id)
    instance.database.dispose()
    monkeypatch.setenv("PRESSWRIGHT_HOME", str(settings.home))
    return settings.home


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("unclosed_quote.csv", "file: line 2: a quote opens a cell here and is never closed"),
        ("extra_cell.csv", "file: line 3: 4 cells, but the header names 3 columns"),
        ("windows_1252.csv", "file: line 3, byte 4 is not UTF-8"),
        ("duplicate_headers.csv", "file: line 1: the header row names the column 'Category'"),
        ("stray_quote.csv", "file: line 3: a quote inside the unquoted cell"),
    ],
)
def test_a_refused_file_is_one_error_line_and_nothing_is_stored(
    installed: Path, capsys: pytest.CaptureFixture[str], name: str, needle: str
) -> None:
    code, out, err = bulk(capsys, "run", str(FILES / name), "--kind", "product", "--model", MODEL)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], err
    code, out, _ = bulk(capsys, "list", "--json")
    assert code == 0 and json.loads(out) == []


@pytest.mark.timeout(60)
def test_a_shop_export_says_how_it_was_read(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = str(FILES / "woocommerce_export.csv")
    # As articles its products have no topic: refused after saying what the file is.
    code, _, err = bulk(capsys, "run", export, "--kind", "article", "--model", MODEL)
    assert code == 1
    assert err.splitlines()[0] == (
        "read as a WooCommerce product export: 3 products, 3 variation rows folded"
    )
    assert "the file has no topic column for its articles" in err.splitlines()[1]
    code, out, _ = bulk(capsys, "list", "--json")
    assert json.loads(out) == []
