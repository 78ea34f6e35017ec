"""`presswright ask`, `models`, `providers` and `usage`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from presswright.bootstrap import initialize
from presswright.settings import Settings
from tests.cli.test_setup_commands import assert_one_line_error, run

KEY = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
NESTED = {
    "type": "object",
    "properties": {
        "recipe": {"type": "string"},
        "ingredients": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "grams": {"type": "integer"}},
                "required": ["name", "grams"],
            },
        },
    },
    "required": ["recipe", "ingredients"],
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    initialize(Settings(home=home))
    return {"PRESSWRIGHT_HOME": str(home), "PRESSWRIGHT_LLM_MAX_RETRIES": "0"}


@pytest.mark.local_model
def test_ask_local_model_without_any_key(env: dict[str, str]) -> None:
    done = run(
        "ask", "Say hello in French", "--model", "local:smollm2", "--max-tokens", "40", env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    streamed = run("ask", "Name two fruits.", "--stream", "--max-tokens", "20", env=env)
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout.strip()


@pytest.mark.local_model
def test_ask_with_schema_prints_one_valid_document(env: dict[str, str], tmp_path: Path) -> None:
    schema = tmp_path / "recipe.json"
    schema.write_text(json.dumps(NESTED))
    done = run("ask", "A bread recipe.", "--schema", str(schema), "--max-tokens", "200", env=env)
    assert done.returncode == 0, done.stderr
    jsonschema.validate(json.loads(done.stdout), NESTED)


@pytest.mark.local_model
def test_ask_json_reports_the_answer_and_the_calls_it_took(
    env: dict[str, str], tmp_path: Path
) -> None:
    schema = tmp_path / "servings.json"
    bounded = {"type": "object", "properties": {"n": {"type": "integer", "maximum": 4}}}
    schema.write_text(json.dumps(bounded | {"required": ["n"]}))
    done = run("ask", "How many?", "--schema", str(schema), "--json", "--max-tokens", "20", env=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["answer"]["n"] <= 4
    assert report["model"] == "local:smollm2" and report["attempts"] >= 1
    assert report["tokens_out"] > 0 and report["cached"] is False


def test_ask_bad_input(env: dict[str, str], tmp_path: Path) -> None:
    assert_one_line_error(
        run("ask", "hi", "--schema", str(tmp_path / "none.json"), env=env), "cannot read"
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    assert_one_line_error(run("ask", "hi", "--schema", str(broken), env=env), "is not JSON")
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"type": "strnig"}')
    assert_one_line_error(
        run("ask", "hi", "--schema", str(bogus), env=env), "JSON Schema is invalid"
    )
    assert_one_line_error(run("ask", "hi", "--model", "gpt-4o", env=env), "not a model id")
    assert_one_line_error(
        run("ask", "hi", "--model", "openai:gpt-4o-mini", env=env), "OPENAI_API_KEY"
    )
    assert_one_line_error(run("ask", "   ", env=env), "prompt is empty")


def test_ask_before_init(tmp_path: Path) -> None:
    done = run("ask", "hi", env={"PRESSWRIGHT_HOME": str(tmp_path / "new")})
    assert_one_line_error(done, "presswright init")


def test_models_explains_every_unavailable_provider(env: dict[str, str]) -> None:
    done = run("models", "--json", env=env)
    assert done.returncode == 0, done.stderr
    infos = json.loads(done.stdout)
    by_id = {info["id"]: info for info in infos}
    assert by_id["local:smollm2"]["available"] is True
    unavailable = [info for info in infos if not info["available"]]
    assert {"openai", "anthropic", "gemini", "ollama"} <= {info["provider"] for info in unavailable}
    for info in unavailable:
        assert info["reason"] and "\n" not in info["reason"]
    assert "OPENAI_API_KEY" in by_id["openai:*"]["reason"]
    table = run("models", env=env)
    assert table.returncode == 0 and "local:smollm2" in table.stdout


def test_provider_keys_are_stored_encrypted_and_never_shown(env: dict[str, str]) -> None:
    added = run_with_stdin(
        [
            "providers",
            "add",
            "myserver",
            "--kind",
            "openai-compatible",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--api-key-stdin",
            "--models",
            "m1,m2",
        ],
        KEY + "\n",
        env,
    )
    assert added.returncode == 0, added.stderr
    assert KEY not in added.stdout + added.stderr and "…b1a0" in added.stdout
    listed = run("providers", "list", "--json", env=env)
    [row] = json.loads(listed.stdout)
    assert row["api_key"] == "…b1a0" and row["models"] == ["m1", "m2"]
    db = Path(env["PRESSWRIGHT_HOME"]) / "presswright.db"
    assert KEY.encode() not in db.read_bytes()
    models = run("models", "--json", env=env)
    assert {"myserver:m1", "myserver:m2"} <= {info["id"] for info in json.loads(models.stdout)}
    failed = run("ask", "hi", "--model", "myserver:m1", env=env)
    assert_one_line_error(failed, "myserver:m1", "cannot reach")
    assert KEY not in failed.stdout + failed.stderr
    duplicate = run_with_stdin(
        ["providers", "add", "myserver", "--kind", "openai-compatible", "--api-key-stdin"],
        "k\n",
        env,
    )
    assert_one_line_error(duplicate, "exists")
    removed = run("providers", "remove", "myserver", env=env)
    assert removed.returncode == 0
    assert json.loads(run("providers", "list", "--json", env=env).stdout) == []
    assert_one_line_error(run("providers", "remove", "myserver", env=env), "no provider named")
    assert_one_line_error(
        run("providers", "add", "x", "--kind", "martian", env=env), "unknown provider kind"
    )
    assert_one_line_error(
        run("providers", "add", "x", "--kind", "openai-compatible", "--base-url", "foo", env=env),
        "invalid provider: base_url",
    )


@pytest.mark.local_model
def test_usage_json(env: dict[str, str]) -> None:
    for _ in range(2):
        assert run("ask", "Name a colour.", "--max-tokens", "10", env=env).returncode == 0
    done = run("usage", "--json", env=env)
    assert done.returncode == 0, done.stderr
    usage = json.loads(done.stdout)
    assert {"calls", "tokens_in", "tokens_out", "cost", "cache_hits", "by_model"} <= set(usage)
    assert usage["calls"] == 2 and usage["cache_hits"] == 1 and usage["cost"] == 0
    assert usage["by_model"][0]["model"] == "local:smollm2"
    future = run("usage", "--json", "--since", "2999-01-01", env=env)
    assert json.loads(future.stdout)["calls"] == 0
    assert_one_line_error(run("usage", "--since", "last tuesday", env=env), "is not a date")
    assert "local:smollm2" in run("usage", env=env).stdout


def run_with_stdin(args: list[str], stdin: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "presswright", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )
