"""`presswright init`, `doctor` and `db`, run as a user runs them: the real command."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from presswright import __version__
from presswright.store import head_revision


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "presswright", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in done.stderr + done.stdout
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture
def env(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    values = {"PRESSWRIGHT_HOME": str(tmp_path / "home")}
    if backend == "postgres":
        values["PRESSWRIGHT_DATABASE_URL"] = request.getfixturevalue("postgres_url")
    return values


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"presswright {__version__}"


def test_init_then_doctor_reports_head_and_local_model(env: dict[str, str]) -> None:
    home = Path(env["PRESSWRIGHT_HOME"])
    done = run("init", "--email", "me@example.com", env=env)
    assert done.returncode == 0, done.stderr
    assert "pw_" in done.stdout
    assert "me@example.com" in done.stdout
    credentials = home / "first-run-credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    key = next(
        line.split("=", 1)[1]
        for line in credentials.read_text().splitlines()
        if line.startswith("api_key=")
    )
    assert key in done.stdout

    doctor = run("doctor", "--json", env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    report = json.loads(doctor.stdout)
    assert report["ok"] is True
    database = report["checks"]["database"]
    assert database["at_head"] is True
    assert database["revision"] == database["head"]
    assert database["backend"] == ("postgresql" if "PRESSWRIGHT_DATABASE_URL" in env else "sqlite")
    local = report["checks"]["local_model"]
    assert local["available"] is True
    assert local["path"].endswith(".gguf")
    assert local["vocab_size"] > 1000
    assert report["checks"]["settings"]["sources"]["home"] == "environment"

    again = run("init", env=env)
    assert again.returncode == 0
    assert "already initialised" in again.stdout
    assert key not in again.stdout

    human = run("doctor", env=env)
    assert human.returncode == 0
    assert human.stdout.count("✓") == len(report["checks"])


def test_db_upgrade_and_current(env: dict[str, str]) -> None:
    upgraded = run("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    current = run("db", "current", env=env)
    assert current.returncode == 0
    assert f"current: {head_revision()}" in current.stdout


def test_doctor_on_a_new_machine_explains_every_failure(tmp_path: Path) -> None:
    env = {"PRESSWRIGHT_HOME": str(tmp_path / "nowhere")}
    done = run("doctor", env=env)
    assert done.returncode == 1
    failures = [line for line in done.stdout.splitlines() if line.startswith("✗")]
    assert {line.split(":")[0] for line in failures} == {
        "✗ home",
        "✗ instance_secret",
        "✗ database",
    }
    assert all("fix: run `presswright init`" in line for line in failures)
    assert not (tmp_path / "nowhere").exists()  # doctor never creates anything
    report = json.loads(run("doctor", "--json", env=env).stdout)
    assert report["ok"] is False
    assert report["checks"]["local_model"]["available"] is True


# --- bad input: one readable line, non-zero exit, nothing half-created -----------------


def test_unknown_setting(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run("init", env={"PRESSWRIGHT_HOME": str(home), "PRESSWRIGHT_LOGLEVEL": "debug"})
    assert_one_line_error(done, "PRESSWRIGHT_LOGLEVEL", "did you mean PRESSWRIGHT_LOG_LEVEL")
    assert not home.exists()


def test_invalid_setting_value(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run("init", env={"PRESSWRIGHT_HOME": str(home), "PRESSWRIGHT_LOG_LEVEL": "loud"})
    assert_one_line_error(done, "PRESSWRIGHT_LOG_LEVEL='loud'")
    assert not home.exists()


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("postgresql://postgres@127.0.0.1:1/test", "cannot connect to the database"),
        ("not a url", "is not a database URL"),
        ("mysql://root@127.0.0.1/test", "does not support"),
    ],
)
def test_unusable_database_url(tmp_path: Path, url: str, needle: str) -> None:
    home = tmp_path / "home"
    done = run("init", env={"PRESSWRIGHT_HOME": str(home), "PRESSWRIGHT_DATABASE_URL": url})
    assert_one_line_error(done, needle, "PRESSWRIGHT_DATABASE_URL")
    assert not home.exists()


def test_missing_postgres_database(tmp_path: Path, postgres_url: str) -> None:
    url = postgres_url.rsplit("/", 1)[0] + "/presswright_no_such_db"
    done = run(
        "db", "upgrade", env={"PRESSWRIGHT_HOME": str(tmp_path), "PRESSWRIGHT_DATABASE_URL": url}
    )
    assert_one_line_error(done, "does not exist", "createdb presswright_no_such_db")


def test_corrupt_sqlite_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    database = home / "presswright.db"
    garbage = b"this is not a database " * 500
    database.write_bytes(garbage)
    done = run("init", env={"PRESSWRIGHT_HOME": str(home)})
    assert_one_line_error(done, "corrupt or not a SQLite database", "backup")
    assert database.read_bytes() == garbage
    assert sorted(p.name for p in home.iterdir()) == ["presswright.db"]
    doctor = run("doctor", env={"PRESSWRIGHT_HOME": str(home)})
    assert doctor.returncode == 1
    assert any("✗ database" in line and "corrupt" in line for line in doctor.stdout.splitlines())


def test_home_blocked_by_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run("init", env={"PRESSWRIGHT_HOME": str(blocker / "home")})
    assert_one_line_error(done, "is not a folder", "PRESSWRIGHT_HOME")


def test_read_only_home(tmp_path: Path) -> None:
    home = tmp_path / "ro"
    home.mkdir()
    presswright = [sys.executable, "-m", "presswright", "init"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    env["PRESSWRIGHT_HOME"] = str(home)
    if os.geteuid() != 0:
        home.chmod(0o500)
        done = subprocess.run(presswright, capture_output=True, text=True, env=env, check=False)
    elif shutil.which("unshare") and _can_unshare():
        # root ignores permission bits: mount a read-only file system over the home instead.
        script = f'mount -t tmpfs -o ro tmpfs "{home}" && exec "$@"'
        done = subprocess.run(
            ["unshare", "--mount", "sh", "-c", script, "sh", *presswright],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    else:
        pytest.skip("running as root without mount namespaces: cannot make a read-only folder")
    assert_one_line_error(done, "read-only file system" if os.geteuid() == 0 else "not writable")
    assert list(home.iterdir()) == []


def _can_unshare() -> bool:
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def test_weak_secret(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run("init", env={"PRESSWRIGHT_HOME": str(home), "PRESSWRIGHT_SECRET_KEY": "changeme"})
    assert_one_line_error(done, "PRESSWRIGHT_SECRET_KEY", "secrets.token_urlsafe")
    assert not home.exists()


def test_bad_owner_email_leaves_nothing_behind(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run("init", "--email", "nope", env={"PRESSWRIGHT_HOME": str(home)})
    assert_one_line_error(done, "not an email address")
    assert not home.exists()


def test_usage_error_exits_2() -> None:
    done = run("init", "--no-such-flag")
    assert done.returncode == 2
    assert "No such option" in done.stderr
