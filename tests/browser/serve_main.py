"""`presswright serve` for the browser tests: the shipped fake provider answers every generation.

    PRESSWRIGHT_HOME=... python tests/browser/serve_main.py --port 8123

The home must be initialised (`presswright init`). Before serving, the first workspace gets
a provider connection named ``fake`` of the shipped fake kind (when it has none), so the
model ``fake:test`` (``PRESSWRIGHT_DEFAULT_MODEL`` in the fixture) answers every article,
product and pattern prompt through :class:`tests.browser.studio_fakes.BrowserStudio`.
``PW_TEST_FAKE_DELAY`` (seconds, default 0.5) slows each answer so live progress is seen
node by node. ``PW_TEST_STUDIO_DIST`` serves the studio built in that directory instead of
the package's own build (to try a build made elsewhere, say from a clean checkout).
Everything after the script name is handed to `presswright serve`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DELAY_VAR = "PW_TEST_FAKE_DELAY"
DIST_VAR = "PW_TEST_STUDIO_DIST"


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
    from tests.browser.studio_fakes import BrowserStudio

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
    studio = BrowserStudio()
    delay = float(os.environ.get(DELAY_VAR, "0.5"))
    script = FakeProvider.scripts["fake"] = FakeScript(delay=delay)
    script.add(*[studio] * 100_000)
    if os.environ.get(DIST_VAR):
        import presswright.api.studio

        dist = Path(os.environ[DIST_VAR])
        presswright.api.studio.dist_dir = lambda: dist  # type: ignore[assignment]
    sys.argv = ["presswright", "serve", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
