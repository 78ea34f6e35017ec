"""`presswright pattern` and `templates`, run as a user runs them, on the shipped fake provider."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.content.blocks import render_pattern
from presswright.content.pattern_archetypes import build_skeleton
from presswright.content.pattern_asks import count_parts
from presswright.content.pattern_brief import brief_language, read_brief
from presswright.content.pattern_slots import group_schema
from presswright.llm.types import GenerationParams, Message, ProviderRequest
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.cli.fake_main import REPLIES_VAR
from tests.cli.test_setup_commands import assert_one_line_error, run
from tests.content.test_pattern_corpus import SlotWriter
from tests.content.test_pattern_flow import DESCRIPTION, GOOD
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks

FAKE_MAIN = Path(__file__).with_name("fake_main.py")
HOPELESS = {"title": "Bakery", "category": "featured", "blocks": [{"type": "slider"}]}


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


def slot_replies(description: str, language: str | None = None) -> list[str]:
    """What the fake model answers to each slot request of ``description``, in order."""
    writer = SlotWriter()
    written_in = brief_language(description)
    language = language or written_in
    replies = []
    for group in build_skeleton(read_brief(description, written_in).sections).groups:
        request = ProviderRequest(
            model="test",
            messages=(Message(role="user", content="slots"),),
            params=GenerationParams(language=language),
            json_schema=group_schema(group, language),
        )
        replies.append(writer(request))
    return replies


def run_fake(
    replies: list[dict[str, Any]] | list[str], *args: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """The real command line, the fake provider answering ``replies`` in order."""
    script = tmp_path / "replies.json"
    texts = [r if isinstance(r, str) else json.dumps(r) for r in replies]
    script.write_text(json.dumps(texts), encoding="utf-8")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    full_env.update(env, **{REPLIES_VAR: str(script)})
    return subprocess.run(
        [sys.executable, str(FAKE_MAIN), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=180,
        check=False,
    )


@pytest.mark.timeout(240)
def test_pattern_prints_block_markup_and_saves_it_as_a_template(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = run_fake(
        [GOOD], "pattern", DESCRIPTION, "--model", "fake:test", "--save", "hero",
        env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    markup = render_pattern(GOOD)
    assert done.stdout == markup + "\n"
    assert freeform_or_invalid(parse_blocks(done.stdout)) == []
    assert "saved pattern template hero" in done.stderr
    assert "✓ pattern" in done.stderr  # progress per step, on stderr

    listed = run("templates", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.strip().splitlines()
    assert header.split() == ["name", "category", "created_at", "id"]
    name, category, _day, _time, template_id = row.split()
    assert (name, category) == ("hero", "featured")
    shown = run("templates", "show", "hero", env=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == GOOD
    by_id = run("templates", "show", template_id, "--format", "gutenberg", env=env)
    assert by_id.stdout == markup + "\n"


@pytest.mark.timeout(240)
def test_pattern_json_to_a_file_in_the_users_category(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "hero.json"
    done = run_fake(
        [GOOD], "pattern", DESCRIPTION, "--model", "fake:test", "--category", "bakery",
        "--format", "json", "-o", str(target), env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == {**GOOD, "category": "bakery"}
    assert f"wrote {target}" in done.stderr


@pytest.mark.timeout(240)
def test_an_unfixable_pattern_exits_1_with_the_violations(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = run_fake(
        [HOPELESS] * 3, "pattern", DESCRIPTION, "--model", "fake:test", "--save", "hero",
        env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout == "" and "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: execution ") and "failed" in last
    # The free layout could not be repaired; the archetype skeleton's slots got no answer.
    assert "block pattern text still breaks" in last and "s0.*: " in last
    assert "no pattern templates" in run("templates", "list", env=env).stdout  # nothing saved


@pytest.mark.timeout(240)
def test_pattern_gives_the_structure_a_german_brief_asks_for(
    env: dict[str, str], tmp_path: Path
) -> None:
    brief = "Preistabelle mit drei Spalten und einem Button für ein Yogastudio"
    done = run_fake(
        slot_replies(brief), "pattern", brief, "--model", "fake:test", "--format", "json",
        env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    spec = json.loads(done.stdout)
    found = count_parts(spec["blocks"])
    assert (found["columns"], found["buttons"], found["headed"]) == ([3], 1, 3)
    assert "29 €/Monat" in done.stdout and spec["category"] == "services"


@pytest.mark.timeout(240)
def test_pattern_writes_in_the_language_asked_for(env: dict[str, str], tmp_path: Path) -> None:
    brief = "FAQ with four questions for a bike repair shop"
    done = run_fake(
        slot_replies(brief, "ko"), "pattern", brief, "--model", "fake:test", "--language", "ko",
        env=env, tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert freeform_or_invalid(parse_blocks(done.stdout)) == []
    assert done.stdout.count("?</h3>") == 4 and "정원" in done.stdout
    refused = run("pattern", brief, "--language", "xx", env=env)
    assert_one_line_error(refused, "invalid pattern request")


def test_bad_pattern_requests_are_refused_in_one_line_before_any_run(
    env: dict[str, str], tmp_path: Path
) -> None:
    fresh = {"PRESSWRIGHT_HOME": str(tmp_path / "fresh")}
    assert_one_line_error(run("pattern", "hero", env=fresh), "invalid pattern request")
    assert not (tmp_path / "fresh").exists()  # refused before anything was created
    assert_one_line_error(run("pattern", DESCRIPTION, "--format", "html", env=env), "'html'")
    assert_one_line_error(
        run("pattern", DESCRIPTION, "--save", "x" * 101, env=env), "invalid pattern template"
    )
    hero = tmp_path / "hero.json"
    hero.write_text(json.dumps(GOOD), encoding="utf-8")
    assert run("templates", "add", str(hero), "--name", "hero", env=env).returncode == 0
    # A taken name is refused before the model runs (a run would print its progress first).
    taken = run_fake([GOOD], "pattern", DESCRIPTION, "--save", "hero", env=env, tmp_path=tmp_path)
    assert_one_line_error(taken, "a pattern template named 'hero' exists")


def test_templates_add_list_show_delete(env: dict[str, str], tmp_path: Path) -> None:
    assert "no pattern templates yet" in run("templates", "list", env=env).stdout
    spec = tmp_path / "hero.json"
    spec.write_text(json.dumps(GOOD), encoding="utf-8")
    added = run("templates", "add", str(spec), "--name", "hero", "--category", "banner", env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added pattern template hero (")
    other = {**GOOD, "category": "text"}
    spec.write_text(json.dumps(other), encoding="utf-8")
    assert run("templates", "add", str(spec), "--name", "about", env=env).returncode == 0

    listed = run("templates", "list", env=env).stdout.strip().splitlines()
    assert [line.split()[:2] for line in listed[1:]] == [["about", "text"], ["hero", "banner"]]
    only = run("templates", "list", "--category", "banner", env=env).stdout.strip().splitlines()
    assert [line.split()[0] for line in only[1:]] == ["hero"]
    hero_id = listed[2].split()[-1]

    out = tmp_path / "hero.html"
    shown = run("templates", "show", hero_id, "--format", "gutenberg", "-o", str(out), env=env)
    assert shown.returncode == 0, shown.stderr
    assert out.read_text(encoding="utf-8") == render_pattern(GOOD) + "\n"

    deleted = run("templates", "delete", "hero", env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == f"deleted pattern template hero ({hero_id})"
    assert_one_line_error(run("templates", "show", "hero", env=env), "no pattern template 'hero'")
    assert_one_line_error(run("templates", "delete", hero_id, env=env), hero_id)
    assert run("templates", "delete", "about", env=env).returncode == 0
    assert "no pattern templates yet" in run("templates", "list", env=env).stdout


def test_templates_add_refuses_bad_files_in_one_line(env: dict[str, str], tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    assert_one_line_error(run("templates", "add", str(spec), "--name", "x", env=env), "no such")
    spec.write_text("{title: ", encoding="utf-8")
    assert_one_line_error(
        run("templates", "add", str(spec), "--name", "x", env=env), "is not valid JSON"
    )
    spec.write_text("[]", encoding="utf-8")
    assert_one_line_error(
        run("templates", "add", str(spec), "--name", "x", env=env), "is not a pattern spec"
    )
    broken = {
        "title": "Broken",
        "category": "featured",
        "blocks": [{"type": "button", "text": "Buy"}, {"type": "slider"}],
    }
    spec.write_text(json.dumps(broken), encoding="utf-8")
    assert_one_line_error(
        run("templates", "add", str(spec), "--name", "x", env=env),
        "was not saved",
        "blocks[0]: a button block must sit directly inside buttons",
        "blocks[1]: unknown block type 'slider'",
    )
    spec.write_text(json.dumps(GOOD), encoding="utf-8")
    assert run("templates", "add", str(spec), "--name", "x", env=env).returncode == 0
    assert_one_line_error(
        run("templates", "add", str(spec), "--name", "x", env=env), "named 'x' exists"
    )
    assert_one_line_error(
        run("templates", "add", str(spec), "--name", "", env=env), "invalid pattern template"
    )
    assert_one_line_error(run("templates", "show", "x", "--format", "md", env=env), "'md'")


@pytest.mark.local_model
@pytest.mark.timeout(300)
def test_a_run_on_the_packaged_model_ends_on_its_own_last_line(tmp_path: Path) -> None:
    # Whatever the 135M model writes, the command's last words are its own: the model is
    # freed before shutdown, so llama-cpp-python's __del__ cannot print a traceback after.
    # One short model node through the flow runtime is the path a pattern run takes (the
    # whole pattern on the packaged model is tests/content/test_pattern_local_model.py).
    env = {"PRESSWRIGHT_HOME": str(tmp_path / "home")}
    assert run("init", env=env).returncode == 0
    spec = tmp_path / "one-call.yaml"
    spec.write_text(
        "name: one-call\nversion: 1\ninputs: {topic: {type: string}}\n"
        "nodes:\n  - id: say\n    type: llm\n"
        "    config: {model: 'local:smollm2', max_tokens: 24,"
        " prompt: 'One sentence about {{ inputs.topic }}.'}\n"
        "outputs: {text: say}\n",
        encoding="utf-8",
    )
    done = run("flow", "run", str(spec), "-i", "topic=yoga", env=env, timeout=240)
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1] if done.returncode else ""
    assert done.returncode == 0 or last.startswith("error: "), done.stderr[-500:]
