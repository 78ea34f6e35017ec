"""A scripted product writer for the fake provider: valid copy for any product it is asked about.

It reads the product's name from the prompt (``Product: NAME``) and answers a ProductDraft
that meets every contract rule for products without keywords. A product whose name holds
``broken`` is refused (HTTP 400, not retried by the client) until the writer is healed, so
its run fails. ``calls`` counts the answered calls per product: the LLM work really done.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from presswright.bootstrap import Instance
from presswright.errors import ProviderHTTPError
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config

MODEL = "fake:test"
_NAME = re.compile(r"^Product: (?P<name>.+)$", re.MULTILINE)
# Whole sentences that lengthen a meta description into 140-160 characters (longest first).
_FILLERS = (
    " Made with care, season after season, for home and work alike.",
    " Made with care for home and work alike.",
    " Made to last for years.",
    " Easy to clean.",
    " Built well.",
)


def product_draft(name: str) -> dict[str, object]:
    """A draft for ``name`` that passes the product contract (no keywords, short names)."""
    meta = f"Discover the {name}: durable materials and an easy-care finish for everyday use."
    for filler in _FILLERS:
        if len(meta) < 140 and len(meta + filler) <= 160:
            meta += filler
    assert 140 <= len(meta) <= 160, meta
    return {
        "title": f"{name} for everyday use",
        "short_description": f"{name}: sturdy, practical and made to last for years of use.",
        "long_description": [
            f"The {name} is built for daily use, with materials chosen to last and details"
            " that make it easy to care for."
        ],
        # Each bullet names the product: a bullet sharing no word with its facts is refused.
        "feature_bullets": [
            f"{name} in durable materials",
            f"{name}, easy to clean",
            f"{name}, made to last",
        ],
        "seo_title": f"{name} for everyday use"[:60],
        "meta_desc": meta,
        "tags": ["home", "everyday", "durable"],
        "image_alt_text": f"{name} on a wooden table",
    }


class FakeWriter:
    """Answers product drafts; refuses ``broken`` products until healed; counts answers.

    With ``log``, each answer also appends the product's name to that file (one line).
    """

    def __init__(self, log: Path | None = None) -> None:
        self.calls: Counter[str] = Counter()
        self.healed = False
        self.log = log
        self._lock = threading.Lock()

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        found = _NAME.search(prompt)
        assert found is not None, prompt[:200]
        name = found["name"].strip()
        if "broken" in name and not self.healed:
            raise ProviderHTTPError(
                "the fake refuses this product", provider="fake", model="test", status=400
            )
        with self._lock:
            self.calls[name] += 1
            if self.log is not None:
                with self.log.open("a", encoding="utf-8") as out:
                    out.write(name + "\n")
        return json.dumps(product_draft(name))


def store_fake_provider(instance: Instance, tenant_id: uuid.UUID) -> None:
    """Store the fake provider as the tenant's ``fake`` connection (what ``fake:test`` needs)."""
    with instance.database.tenant_session(tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )


@contextmanager
def scripted(instance: Instance, tenant_id: uuid.UUID) -> Iterator[tuple[FakeWriter, FakeScript]]:
    """The fake provider answering with a writer for this test (removed after)."""
    writer = FakeWriter()
    script = FakeProvider.scripts["fake"] = FakeScript()
    script.add(*[writer] * 10_000)
    store_fake_provider(instance, tenant_id)
    try:
        yield writer, script
    finally:
        FakeProvider.scripts.pop("fake", None)
