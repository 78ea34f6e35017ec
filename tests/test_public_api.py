"""The public names of the package are pinned: changing them is a deliberate act."""

from __future__ import annotations

import presswright
import presswright.errors


def test_top_level_exports() -> None:
    assert presswright.__all__ == ["PresswrightError", "Settings", "__version__", "load_settings"]


def test_error_tree() -> None:
    errors = presswright.errors
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.PresswrightError)
    assert issubclass(errors.SettingsError, errors.UserInputError)
    assert issubclass(errors.DatabaseCorruptError, errors.StorageError)
    error = errors.MissingExtraError(
        feature="PostgreSQL storage", module="psycopg", extra="postgres"
    )
    assert str(error).endswith("pip install 'presswright[postgres]'")
