"""Media Forge's browser test: a `presswright serve` of its own, with an image server on loopback.

    PRESSWRIGHT_HOME=... python tests/browser/media_fakes.py --port 8123

As ``serve_main.py`` (the fake ``fake`` connection answers every text prompt), plus the alt
text a vision-less text model writes from an image's prompt: the fake model answers the alt
text request (JSON schema titled ``alt_text``) with the sentence :data:`ALT_TEXTS` holds for
the prompt named in it. The pictures themselves come from the OpenAI-compatible image server
of ``tests/images/image_servers.py`` (real PNG bytes drawn by Pillow), run in the test's
process and stored as a provider connection over the API, as a user adds one.

Its own server (module scope) because a configured image provider changes what other screens'
flows do (articles may add pictures then), and the shared ``studio`` must not see one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

PROMPT = "A red lighthouse on a rocky coast at dawn, watercolour"
AR_PROMPT = "فنار أحمر على ساحل صخري عند الفجر بألوان مائية"
# What a text model writing from the prompt would say; sentences the alt text rules accept.
ALT_TEXTS = {
    PROMPT: "Red lighthouse on dark rocks above a calm sea, painted in soft dawn colours",
    AR_PROMPT: "منارة حمراء فوق صخور داكنة وبحر هادئ تحت سماء وردية في الصباح الباكر",
}
EDITED_ALT = "Red and white lighthouse on a rocky shore under a pale morning sky"
REFUSED_ALT = "Image of a lighthouse"


class MediaModel:
    """The fake text model: alt text for the known prompts, anything else as the shared studio."""

    def __init__(self) -> None:
        from tests.browser.studio_fakes import BrowserStudio

        self.studio = BrowserStudio()

    def __call__(self, request: Any) -> str:
        if request.json_schema and request.json_schema.get("title") == "alt_text":
            asked = "\n".join(m.content for m in request.messages if m.role == "user")
            for prompt, alt in ALT_TEXTS.items():
                if prompt in asked:
                    return json.dumps({"alt_text": alt})
            raise AssertionError(f"no alt text scripted for this request: {asked[:300]}")
        return self.studio(request)


def main() -> None:
    """Store the fake connection, script the fake provider, then serve."""
    sys.path[0] = str(REPO)
    from presswright import cli
    from presswright.bootstrap import cli_workspace, open_instance
    from presswright.llm.providers.fake import FakeProvider, FakeScript
    from presswright.settings import load_settings
    from presswright.store.provider_configs import (
        ProviderConfigCreate,
        create_provider_config,
        list_provider_configs,
    )

    instance = open_instance(load_settings())
    try:
        with instance.database.tenant_session(cli_workspace(instance).tenant_id) as session:
            if not any(config.name == "fake" for config in list_provider_configs(session)):
                create_provider_config(
                    session,
                    data=ProviderConfigCreate(name="fake", kind="fake"),
                    box=instance.secretbox,
                )
    finally:
        instance.database.dispose()
    model = MediaModel()
    script = FakeProvider.scripts["fake"] = FakeScript(delay=0.3)
    script.add(*[model] * 10_000)
    import os

    if os.environ.get("PW_TEST_STUDIO_DIST"):
        import presswright.api.studio

        dist = Path(os.environ["PW_TEST_STUDIO_DIST"])
        presswright.api.studio.dist_dir = lambda: dist  # type: ignore[assignment]
    sys.argv = ["presswright", "serve", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
