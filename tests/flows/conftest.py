"""Fixtures of the engine tests, defined in ``engine_harness`` (other test packages import them)."""

from tests.flows.engine_harness import (  # noqa: F401 - fixtures
    dbos_records,
    engine,
    fake_llm,
    postgres_installation,
    sqlite_installation,
    with_test_node_types,
    workers_factory,
)
