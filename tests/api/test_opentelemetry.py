"""PRESSWRIGHT_OPENTELEMETRY hands each request to the process's OpenTelemetry providers.

Run in a child process: a tracer provider, once set, is the process's for good.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from presswright.api import create_app
from presswright.bootstrap import initialize, open_instance
from presswright.settings import Settings

exporter = InMemorySpanExporter()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(exporter))
trace.set_tracer_provider(provider)
home = Path(sys.argv[1])
initialize(Settings(home=home))
spans = {}
for wanted in (False, True):
    instance = open_instance(Settings(home=home, opentelemetry=wanted))
    with TestClient(create_app(instance)) as client:
        assert client.get("/health").status_code == 200
    spans[str(wanted)] = [span.name for span in exporter.get_finished_spans()]
    exporter.clear()
    instance.database.dispose()
print(json.dumps(spans))
"""


def test_requests_are_traced_only_when_asked(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    spans = json.loads(done.stdout.strip().splitlines()[-1])
    assert spans["False"] == []
    assert any("/health" in name for name in spans["True"]), spans
