"""The instance secret: generated once with mode 0600; weak, placeholder or exposed ones refused."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path

import pytest

from presswright.errors import SecretError
from presswright.instance_secret import check_secret_strength, load_instance_secret
from presswright.settings import Settings


def _settings(tmp_path: Path, **extra: object) -> Settings:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return Settings(home=home, **extra)  # type: ignore[arg-type]


def test_generated_once_private_and_stable(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(SecretError, match="presswright init"):
        load_instance_secret(settings)
    first = load_instance_secret(settings, create=True)
    assert len(first) >= 32
    assert stat.S_IMODE(settings.secret_path.stat().st_mode) == 0o600
    assert load_instance_secret(settings, create=True) == first


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("short-secret", "characters long"),
        ("changeme-changeme-changeme-changeme-changeme", "placeholder"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "placeholder"),
        ("my-super-secret-key-for-presswright-2026", "placeholder"),
    ],
)
def test_weak_secret_from_environment_refused(tmp_path: Path, value: str, reason: str) -> None:
    settings = _settings(tmp_path, secret_key=value)
    with pytest.raises(SecretError, match=reason) as caught:
        load_instance_secret(settings)
    assert value not in str(caught.value)
    assert "secrets.token_urlsafe" in str(caught.value)


def test_weak_secret_file_refused(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.secret_path.write_text("changethis\n")
    settings.secret_path.chmod(0o600)
    with pytest.raises(SecretError, match="characters long"):
        load_instance_secret(settings)


def test_secret_file_readable_by_others_refused(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    load_instance_secret(settings, create=True)
    settings.secret_path.chmod(0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        load_instance_secret(settings)


def test_strong_secret_from_environment_accepted(tmp_path: Path) -> None:
    value = "Zq8vN3xK0pLm7Rt2Wy5Bc9Hd4Fg6Js1Ae"
    assert load_instance_secret(_settings(tmp_path, secret_key=value)) == value


def test_generated_secrets_are_never_mistaken_for_placeholders() -> None:
    # A substring rule once refused about one generated secret in 500 (random "xxx").
    for _ in range(20_000):
        check_secret_strength(secrets.token_urlsafe(48), source="generator")
