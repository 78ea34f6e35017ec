"""Settings: environment and .env, validation with readable errors, where each value came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswright.errors import SettingsError
from presswright.settings import load_settings, setting_sources


def test_defaults() -> None:
    settings = load_settings()
    assert settings.home == Path("~/.presswright").expanduser()
    assert settings.database_url is None
    assert settings.default_model == "local:smollm2"
    assert set(setting_sources(settings).values()) == {"default"}


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    Path(".env").write_text("PRESSWRIGHT_LOG_LEVEL=WARNING\nOPENAI_API_KEY=sk-from-dotenv-123\n")
    monkeypatch.setenv("PRESSWRIGHT_HOME", str(tmp_path / "h"))
    settings = load_settings()
    assert settings.home == tmp_path / "h"
    assert settings.log_level == "warning"
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-from-dotenv-123"
    sources = setting_sources(settings)
    assert sources["home"] == "environment"
    assert sources["log_level"].endswith(".env")
    assert sources["openai_api_key"].endswith(".env")
    assert sources["database_url"] == "default"


def test_unknown_environment_variable_suggests_the_right_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRESSWRIGHT_DATABASE_ULR", "sqlite:///x.db")
    with pytest.raises(
        SettingsError, match=r"PRESSWRIGHT_DATABASE_ULR.*did you mean PRESSWRIGHT_DATABASE_URL"
    ):
        load_settings()


def test_unknown_dotenv_entry_is_refused() -> None:
    Path(".env").write_text("PRESSWRIGHT_COLOUR=blue\n")
    with pytest.raises(SettingsError, match="PRESSWRIGHT_COLOUR"):
        load_settings()


def test_invalid_value_names_variable_and_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSWRIGHT_LOG_LEVEL", "loud")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "PRESSWRIGHT_LOG_LEVEL='loud'" in message
    assert "fix PRESSWRIGHT_LOG_LEVEL" in message
    assert "\n" not in message


def test_secret_values_are_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret-0123456789")
    monkeypatch.setenv("PRESSWRIGHT_SECRET_KEY", "Zq8vN3xK0pLm7Rt2Wy5Bc9Hd4Fg6Js1Ae")
    loaded = load_settings()
    shown = repr(loaded) + str(loaded.model_dump())
    assert "sk-very-secret" not in shown
    assert "Zq8vN3xK" not in shown
