"""Reading a bulk job never starts work; a job whose driver died is taken on by `serve`.

The job here was left by a driver that was a process of this machine and has died, its
lease lapsed: exactly the job the old ``GET /api/v1/bulk/{id}`` would have started driving
from the reading server. Now only the processes that run executions (`presswright
worker` and `presswright serve`, through their adopter) take such jobs on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.bulk import BulkOptions, job_progress, read_source, submit_job
from presswright.bulk.runner import background_drivers
from presswright.settings import Settings
from presswright.store.api_keys import create_api_key
from presswright.store.models import BulkJob, utcnow
from tests.bulk.bulk_main import CALLS_VAR
from tests.bulk.conftest import Bench, products
from tests.bulk.fakes import MODEL, store_fake_provider
from tests.wordpress.wordpress_site import free_port

BULK_MAIN = Path(__file__).with_name("bulk_main.py")


def dead_driver() -> str:
    """The lease-holder name of a driver whose process (on this machine) has exited."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return f"{socket.gethostname()}:{done.stdout.strip()}:deadbeef"


def orphaned_job(instance: Instance, tenant_id: uuid.UUID, user_id: uuid.UUID | None) -> uuid.UUID:
    """A submitted job of three products left by a dead driver, its lease lapsed."""
    submitted = submit_job(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        source=read_source(products("Bowl", "Cup", "Plate").encode(), name="items.csv"),
        options=BulkOptions.model_validate({"kind": "product", "model": MODEL}),
        mapping={},
        list_separator="|",
    )
    job_id = submitted.progress.id
    with instance.database.tenant_session(tenant_id) as session:
        job = session.get(BulkJob, job_id)
        assert job is not None
        job.driver = dead_driver()
        job.lease_until = utcnow() - timedelta(seconds=60)
    return job_id


def holder(instance: Instance, tenant_id: uuid.UUID, job_id: uuid.UUID) -> str | None:
    with instance.database.tenant_session(tenant_id) as session:
        job = session.get(BulkJob, job_id)
        assert job is not None
        return job.driver


@pytest.mark.timeout(120)
def test_reading_a_job_whose_driver_died_starts_no_driver(bench: Bench) -> None:
    job_id = orphaned_job(bench.instance, bench.tenant_id, bench.user_id)
    left_by = holder(bench.instance, bench.tenant_id, job_id)
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        _, key = create_api_key(session, user_id=bench.user_id, name="reader")
    app = create_app(bench.instance, runtime=bench.runtime)  # as under `serve`

    with TestClient(app, raise_server_exceptions=False) as client:
        for _ in range(3):
            read = client.get(f"/api/v1/bulk/{job_id}", headers={"X-API-Key": key})
            assert read.status_code == 200, read.text
            assert (read.json()["status"], read.json()["driven"]) == ("queued", False)
            assert not background_drivers.driving(job_id)

    assert holder(bench.instance, bench.tenant_id, job_id) == left_by  # nobody took the lease
    progress = job_progress(bench.instance, tenant_id=bench.tenant_id, job_id=job_id)
    assert (progress.remaining, progress.succeeded) == (3, 0)


@pytest.mark.timeout(180)
def test_serve_takes_on_a_job_whose_driver_died(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    workspace = cli_workspace(instance)
    store_fake_provider(instance, workspace.tenant_id)
    job_id = orphaned_job(instance, workspace.tenant_id, workspace.user_id)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    env.update(PRESSWRIGHT_HOME=str(settings.home), **{CALLS_VAR: str(tmp_path / "calls.log")})
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, str(BULK_MAIN), "serve", "--port", str(free_port())],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while (
            progress := job_progress(instance, tenant_id=workspace.tenant_id, job_id=job_id)
        ).remaining:
            assert serve.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        serve.terminate()
        serve.wait(timeout=60)
        instance.database.dispose()
    assert (progress.status, progress.succeeded) == ("completed", 3)
    assert "nobody drives it" in log.read_text()
    assert sorted((tmp_path / "calls.log").read_text().split()) == ["Bowl", "Cup", "Plate"]
