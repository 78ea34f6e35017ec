"""The one place configuration comes from: environment (``PRESSWRIGHT_*``), ``.env``, defaults.

Nothing else in Presswright reads ``os.environ`` for its own settings; constructors take
explicit arguments and fall back to a :class:`Settings` object.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from dotenv import dotenv_values
from limits import parse_many
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from presswright.errors import SettingsError
from presswright.spelling import closest_name

__all__ = ["ENV_PREFIX", "Settings", "env_names", "load_settings", "setting_sources"]

ENV_PREFIX = "PRESSWRIGHT_"
ENV_FILE = ".env"


class Settings(BaseSettings):
    """Presswright settings; every field can be set as ``PRESSWRIGHT_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        extra="forbid",
        case_sensitive=False,
    )

    home: Path = Field(
        default=Path("~/.presswright"),
        description="Folder holding the SQLite database, the instance secret and generated files.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the app database; default: SQLite in the home folder.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Instance secret (32+ chars); default: generated once into HOME/secret.",
    )
    workspace: str | None = Field(
        default=None, description="Slug of the workspace the CLI acts in; default: the first."
    )
    worker_id: str | None = Field(
        default=None,
        description="Stable executor id of this machine's worker; default: the host name.",
    )
    debug: bool = Field(default=False, description="Show tracebacks of internal errors.")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    default_model: str = Field(
        default="local:smollm2", description="Model id used when none is given."
    )
    local_model_path: Path | None = Field(
        default=None, description="A GGUF file to use instead of the packaged SmolLM2 model."
    )
    model_aliases: dict[str, str] = Field(
        default_factory=dict, description='Extra model names, e.g. {"fast": "openai:gpt-4o-mini"}.'
    )
    fallback_models: list[str] = Field(
        default_factory=list, description="Models tried in order when the requested one fails."
    )
    llm_timeout: float = Field(default=120.0, gt=0, le=3600, description="Seconds per LLM call.")
    llm_max_retries: int = Field(default=3, ge=0, le=10, description="Retries per model.")
    llm_cache_ttl: int = Field(default=600, ge=0, description="Seconds an LLM answer is reused.")
    log_prompts: bool = Field(default=False, description="Store prompt text in the usage log.")
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description='USD per million tokens in/out by model id, e.g. {"openai:gpt-4o": [2.5, 10]}.',
    )
    provider_limits: dict[str, tuple[int, int]] = Field(
        default_factory=dict,
        description='Requests and tokens per minute by provider, e.g. {"openai": [500, 200000]}.',
    )
    provider_limit_window: float = Field(
        default=60.0, gt=0, le=3600, description="Seconds the per-minute provider limits span."
    )
    local_context_length: int = Field(default=4096, ge=256, le=131072)
    local_threads: int | None = Field(default=None, ge=1, le=256)
    redis_url: str | None = Field(default=None, description="Redis for shared limits and cache.")

    # The file store: exports, images and archives (see presswright.files).
    file_store: str = Field(
        default="local",
        description=(
            "Where binary output is kept: 'local' (HOME/files) or an S3-compatible bucket,"
            " s3://BUCKET or s3://BUCKET/PREFIX (needs presswright[s3])."
        ),
    )
    max_file_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1,
        description="Largest file the file store accepts (uploads and exports), in bytes.",
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="URL of an S3-compatible server (MinIO, Ceph, R2...); default: AWS S3.",
    )
    s3_region: str | None = Field(default=None, description="Region of the S3 bucket.")
    s3_access_key_id: str | None = Field(
        default=None,
        description="S3 access key id; default: boto3's own chain (AWS_* variables, ~/.aws).",
    )
    s3_secret_access_key: SecretStr | None = Field(
        default=None, description="S3 secret access key, with PRESSWRIGHT_S3_ACCESS_KEY_ID."
    )

    # The REST API (`presswright serve`).
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API, comma-separated; default none.",
    )
    max_request_body: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body the API accepts, in bytes."
    )
    opentelemetry: bool = Field(
        default=False,
        description=(
            "Let FastAPI send traces, metrics and logs of each API request to the"
            " OpenTelemetry providers configured for the process (for example by"
            " opentelemetry-instrument). Off by default: Presswright serves its own"
            " Prometheus metrics at /metrics and JSON log lines."
        ),
    )
    access_token_ttl: int = Field(
        default=15 * 60, ge=30, le=24 * 3600, description="Seconds an API access token lives."
    )
    refresh_token_ttl: int = Field(
        default=14 * 24 * 3600, ge=300, description="Seconds an API refresh token lives."
    )
    credential_cache_ttl: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description=(
            "Seconds the API trusts a verified API key or access token before it checks the"
            " database again. Revocations and role changes made by this process apply at"
            " once; those made by another process (the CLI, another server) within this"
            " time. 0 checks on every request."
        ),
    )
    login_rate_limit: str = Field(
        default="5/minute", description="Login and register attempts per client address."
    )
    generation_rate_limit: str = Field(
        default="60/minute", description="Generation requests per API key or user."
    )
    allow_registration: bool = Field(
        default=True, description="Whether anyone may register a user and workspace over the API."
    )

    # Provider credentials keep the names every vendor documents; PRESSWRIGHT_* works too.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("PRESSWRIGHT_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    anthropic_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("PRESSWRIGHT_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"),
    )
    gemini_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("PRESSWRIGHT_GEMINI_API_KEY", "GEMINI_API_KEY")
    )
    ollama_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("PRESSWRIGHT_OLLAMA_BASE_URL", "OLLAMA_BASE_URL"),
    )

    @field_validator("home", "local_model_path")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser().absolute() if value is not None else None

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip().rstrip("/") for part in text.split(",") if part.strip()]
        return value

    @field_validator("login_rate_limit", "generation_rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError:
            raise ValueError("use the form N/second|minute|hour|day, e.g. 60/minute") from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("database_url", "s3_endpoint_url", "s3_region", "s3_access_key_id")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("file_store")
    @classmethod
    def _file_store(cls, value: str) -> str:
        text = value.strip()
        if text == "local":
            return text
        bucket = text.removeprefix("s3://").split("/", 1)[0]
        if not text.startswith("s3://") or not bucket:
            raise ValueError("use 'local' or s3://BUCKET[/PREFIX]")
        return text.rstrip("/")

    @property
    def sqlite_path(self) -> Path:
        """Where the embedded SQLite database lives."""
        return self.home / "presswright.db"

    @property
    def secret_path(self) -> Path:
        """Where the generated instance secret is kept."""
        return self.home / "secret"

    @property
    def files_path(self) -> Path:
        """Where the local file store keeps its blobs."""
        return self.home / "files"


def env_names(field: str) -> list[str]:
    """The environment variable names that set ``field``, preferred first."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice).upper() for choice in alias.choices]
    return [ENV_PREFIX + field.upper()]


def _known_env_names() -> set[str]:
    return {name for field in Settings.model_fields for name in env_names(field)}


def _check_unknown_env(environ: Mapping[str, str]) -> None:
    known = _known_env_names()
    for name in sorted(environ):
        upper = name.upper()
        if upper.startswith(ENV_PREFIX) and upper not in known:
            close = closest_name(upper, known)
            hint = (
                f"did you mean {close}?" if close else f"known settings: {', '.join(sorted(known))}"
            )
            raise SettingsError(f"unknown setting {name} in the environment", hint=hint)


def _describe(error: ValidationError) -> SettingsError:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "settings"
    env_name = env_names(field)[0] if field in Settings.model_fields else ENV_PREFIX + field.upper()
    if first["type"] == "extra_forbidden":
        return SettingsError(
            f"unknown setting {env_name} (in {ENV_FILE} or arguments)",
            hint=f"remove it or use one of: {', '.join(sorted(_known_env_names()))}",
        )
    value = first.get("input")
    secret = field in Settings.model_fields and Settings.model_fields[field].annotation in (
        SecretStr,
        SecretStr | None,
    )
    shown = "***" if secret else repr(value)
    return SettingsError(
        f"setting {env_name}={shown} is invalid: {first['msg']}",
        hint=f"fix {env_name} in the environment or in {ENV_FILE}",
    )


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, ``.env`` and ``overrides``, or raise SettingsError."""
    _check_unknown_env(os.environ)
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise _describe(error) from None


def setting_sources(settings: Settings) -> dict[str, str]:
    """Say, for each setting, where its value came from: environment, .env or default."""
    dotenv = (
        {k.upper(): v for k, v in dotenv_values(ENV_FILE).items()}
        if Path(ENV_FILE).is_file()
        else {}
    )
    environ = {k.upper() for k in os.environ}
    sources: dict[str, str] = {}
    for name in Settings.model_fields:
        names = env_names(name)
        if any(env_name in environ for env_name in names):
            sources[name] = "environment"
        elif any(env_name in dotenv for env_name in names):
            sources[name] = str(Path(ENV_FILE).absolute())
        elif name in settings.model_fields_set:
            sources[name] = "argument"
        else:
            sources[name] = "default"
    return sources
