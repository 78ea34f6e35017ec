"""`presswright members list|add|role|remove`, run as an operator runs them."""

from __future__ import annotations

import json

from tests.cli.test_setup_commands import assert_one_line_error, env, run  # noqa: F401


def _members(env: dict[str, str]) -> dict[str, str]:  # noqa: F811
    listed = run("members", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    return {m["email"]: m["role"] for m in json.loads(listed.stdout)}


def test_add_change_and_remove_members(env: dict[str, str]) -> None:  # noqa: F811
    assert run("init", "--email", "owner@example.com", env=env).returncode == 0
    assert _members(env) == {"owner@example.com": "owner"}

    assert_one_line_error(
        run("members", "add", "ada@example.com", "--role", "viewer", env=env),
        "no user with email ada@example.com",
        "--create",
    )
    created = run("members", "add", "Ada@Example.com", "--role", "viewer", "--create", env=env)
    assert created.returncode == 0, created.stderr
    assert "added ada@example.com as viewer" in created.stdout
    assert "(shown once)" in created.stdout
    assert_one_line_error(
        run("members", "add", "ada@example.com", env=env), "already a member", "change their role"
    )
    assert_one_line_error(
        run("members", "add", "ada@example.com", "--create", env=env), "exists", "without --create"
    )

    table = run("members", "list", env=env)
    assert table.returncode == 0 and "ada@example.com" in table.stdout and "viewer" in table.stdout

    changed = run("members", "role", "ada@example.com", "admin", env=env)
    assert changed.returncode == 0, changed.stderr
    assert "ada@example.com is now admin (was viewer)" in changed.stdout
    assert_one_line_error(
        run("members", "role", "ada@example.com", "boss", env=env), "unknown role"
    )

    # The last owner stays, even for the operator.
    assert_one_line_error(
        run("members", "role", "owner@example.com", "editor", env=env), "last owner"
    )
    assert_one_line_error(run("members", "remove", "owner@example.com", env=env), "last owner")

    promoted = run("members", "role", "ada@example.com", "owner", env=env)
    assert promoted.returncode == 0, promoted.stderr
    removed = run("members", "remove", "owner@example.com", env=env)
    assert removed.returncode == 0, removed.stderr
    assert "removed owner@example.com (owner)" in removed.stdout
    assert _members(env) == {"ada@example.com": "owner"}
    assert_one_line_error(
        run("members", "remove", "owner@example.com", env=env), "no member with email"
    )


def test_bad_input_is_one_line(env: dict[str, str]) -> None:  # noqa: F811
    assert run("init", env=env).returncode == 0
    assert_one_line_error(run("members", "add", "not-an-address", env=env), "not an email address")
    assert_one_line_error(
        run("members", "add", "x@example.com", "--password", "long enough pw", env=env),
        "--create",
    )
    assert_one_line_error(
        run("members", "role", "6f1c2a7e-0000-4000-8000-000000000000", "viewer", env=env),
        "no member with user id",
    )
