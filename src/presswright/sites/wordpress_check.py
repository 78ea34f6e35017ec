"""Checking a WordPress site's address and credentials without storing them.

The checks run in order and stop at the first that fails, each named: ``address`` (a web
address that answers), ``rest_api`` (WordPress's REST API index found there), ``credentials``
(the username and application password accepted at ``/wp/v2/users/me``), ``capabilities``
(the account's role may write pages; for a whole site it must also manage options and theme
options). A failure is a :class:`WordPressCheckError` naming the check and the fix.
"""

from __future__ import annotations

from typing import Literal

import httpx
from pydantic import BaseModel, Field

from presswright.errors import UserInputError
from presswright.publish.addresses import normalize_site_url
from presswright.publish.wordpress.client import Credentials, WordPressClient
from presswright.publish.wordpress.discovery import discover_api_root
from presswright.publish.wordpress.errors import (
    WordPressAuthError,
    WordPressError,
    WordPressUnreachableError,
)

__all__ = ["SITE_CAPABILITIES", "WordPressCheck", "WordPressCheckError", "check_wordpress"]

Check = Literal["address", "rest_api", "credentials", "capabilities"]
PUBLISH_CAPABILITIES = ("edit_posts",)
SITE_CAPABILITIES = ("edit_pages", "publish_pages", "manage_options", "edit_theme_options")


class WordPressCheckError(UserInputError):
    """One check of a WordPress site failed; ``check`` names it, ``field`` the input at fault."""

    def __init__(self, check: Check, message: str, *, hint: str) -> None:
        super().__init__(message, hint=hint)
        self.check = check
        self.field = {
            "address": "url",
            "rest_api": "url",
            "credentials": "app_password",
            "capabilities": "username",
        }[check]


class WordPressCheck(BaseModel):
    """A site that passed every check: where its API is and what its account may do."""

    url: str
    api_root: str
    site_name: str
    user: str
    roles: list[str]
    checks: list[str] = Field(description="The checks passed, in order.")
    can_deploy_site: bool = Field(description="Whether the account may deploy a whole site.")
    can_activate_plugins: bool


async def check_wordpress(
    url: str,
    username: str,
    app_password: str,
    *,
    whole_site: bool = True,
    transport: httpx.AsyncBaseTransport | None = None,
) -> WordPressCheck:
    """Run the checks against the site; nothing is stored. ``whole_site``: deploy rights."""
    try:
        site = normalize_site_url(url)
    except UserInputError as error:
        raise WordPressCheckError("address", str(error), hint=error.hint or "fix it") from None
    try:
        api_root = await discover_api_root(site, transport=transport, timeout=15)
    except WordPressUnreachableError as error:
        raise WordPressCheckError(
            "address",
            f"{site} does not answer: {error}",
            hint="check the address and that the site is up",
        ) from None
    except WordPressError as error:
        raise WordPressCheckError(
            "rest_api", str(error), hint=error.hint or "enable the REST API"
        ) from None
    credentials = Credentials(username=username, app_password=app_password)
    async with WordPressClient(
        site=site, api_root=api_root, credentials=credentials, transport=transport, timeout=15
    ) as client:
        try:
            index = await client.index()
            user = await client.me()
        except WordPressAuthError as error:
            raise WordPressCheckError(
                "credentials",
                f"WordPress at {site} refused the username {username!r} with this application"
                f" password: {error}",
                hint="create an application password under Users > Profile and paste it whole",
            ) from None
        except WordPressError as error:
            raise WordPressCheckError("rest_api", str(error), hint=error.hint or "retry") from None
    wanted = SITE_CAPABILITIES if whole_site else PUBLISH_CAPABILITIES
    missing = [cap for cap in wanted if not user.can(cap)]
    if missing:
        raise WordPressCheckError(
            "capabilities",
            f"the WordPress user {username!r} at {site} lacks {', '.join(missing)} (roles:"
            f" {', '.join(user.roles) or 'none'})",
            hint="use an Administrator account to deploy a whole site"
            if whole_site
            else "use an account with the Author role or higher",
        )
    return WordPressCheck(
        url=site,
        api_root=api_root,
        site_name=index.name,
        user=user.name,
        roles=user.roles,
        checks=["address", "rest_api", "credentials", "capabilities"],
        can_deploy_site=all(user.can(cap) for cap in SITE_CAPABILITIES),
        can_activate_plugins=user.can("activate_plugins"),
    )
