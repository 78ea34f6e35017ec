"""Prometheus metrics of the API: requests by route template and status, and latency.

Each app owns its registry, so two apps in one process (tests) never share counts.
Routes are labelled by template (``/api/v1/api-keys/{key_id}``), never by raw path, so
the number of series stays bounded whatever clients send.

Counting is on the path of every request, so it is plain arithmetic on this object's own
tables (a counter and bucket counts per series); the registry reads them through a
collector when ``/metrics`` is scraped, in the same exposition a ``Counter`` and a
``Histogram`` of prometheus_client would give.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from prometheus_client.samples import Sample

__all__ = ["CONTENT_TYPE", "OTHER_METHOD", "UNMATCHED_ROUTE", "HttpMetrics"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
UNMATCHED_ROUTE = "<unmatched>"
# Any method but these is counted as one, so a client inventing methods adds no series.
OTHER_METHOD = "OTHER"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class _Latency:
    """One histogram series: a count per bucket (the last is +Inf), the sum, when made."""

    __slots__ = ("counts", "created", "total")

    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0.0
        self.created = time.time()


class HttpMetrics(Collector):
    """Request counter and latency histogram in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        # (method, route, status) -> [count, created]; (method, route) -> its histogram.
        self._requests: dict[tuple[str, str, int], list[float]] = {}
        self._latency: dict[tuple[str, str], _Latency] = {}
        self._lock = threading.Lock()  # a scrape reads while requests count
        self.registry.register(self)

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request."""
        if method not in _METHODS:
            method = OTHER_METHOD
        with self._lock:
            counter = self._requests.get((method, route, status))
            if counter is None:
                counter = self._requests[(method, route, status)] = [0, time.time()]
            counter[0] += 1
            latency = self._latency.get((method, route))
            if latency is None:
                latency = self._latency[(method, route)] = _Latency()
            # Buckets are upper bounds ("le"): a value equal to one falls in it.
            latency.counts[bisect_left(BUCKETS, seconds)] += 1
            latency.total += seconds

    def collect(self) -> Iterator[Metric]:
        """The two metrics as the registry exposes them (called on a scrape)."""
        requests = CounterMetricFamily(
            "presswright_http_requests",
            "HTTP requests answered, by method, route template and status.",
            labels=("method", "route", "status"),
        )
        latency = HistogramMetricFamily(
            "presswright_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            labels=("method", "route"),
        )
        with self._lock:
            counted = [(key, value[0], value[1]) for key, value in self._requests.items()]
            timed = [
                (key, list(series.counts), series.total, series.created)
                for key, series in self._latency.items()
            ]
        for (method, route, status), count, created in counted:
            requests.add_metric((method, route, str(status)), count, created=created)
        for (method, route), counts, total, created in timed:
            cumulative, buckets = 0, []
            for bound, count in zip((*map(_bound, BUCKETS), "+Inf"), counts, strict=True):
                cumulative += count
                buckets.append((bound, cumulative))
            latency.add_metric((method, route), buckets, total)
            # As a Histogram writes it: when the series began (the family has no argument).
            labels = {"method": method, "route": route}
            latency.samples.append(Sample(f"{latency.name}_created", labels, created))
        yield requests
        yield latency

    def render(self) -> bytes:
        """The registry in the Prometheus text exposition format."""
        return generate_latest(self.registry)


def _bound(value: float) -> str:
    """A bucket bound as prometheus_client writes ``le`` (``1.0``, ``0.005``)."""
    return repr(float(value))
