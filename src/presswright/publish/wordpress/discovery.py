"""Where a site's REST API lives: ``/wp-json`` with pretty permalinks, ``?rest_route=`` without.

Discovery follows redirects (to https, to the canonical host) once, when a site is
connected; the client then talks to the address found and follows none.
"""

from __future__ import annotations

import httpx

from presswright.publish.rest import DEFAULT_TIMEOUT, USER_AGENT
from presswright.publish.wordpress.errors import WordPressError, unreachable_error

__all__ = ["discover_api_root"]

_QUERY_ROOT = "?rest_route="


def _is_api_index(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and "wp/v2" in body.get("namespaces", [])


async def discover_api_root(
    site_url: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """The REST API root of the site at ``site_url``: ``.../wp-json`` or ``...?rest_route=``."""
    candidates = (f"{site_url}/wp-json/", f"{site_url}/{_QUERY_ROOT}/")
    async with httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    ) as client:
        for candidate in candidates:
            try:
                response = await client.get(candidate)
            except httpx.HTTPError as error:
                raise unreachable_error(site_url, "looking for the REST API", error) from None
            if response.status_code == 200 and _is_api_index(response):
                final = str(response.url)
                if _QUERY_ROOT in final:
                    return final.split(_QUERY_ROOT, 1)[0] + _QUERY_ROOT
                return final.rstrip("/")
    raise WordPressError(
        f"no WordPress REST API at {site_url}: neither /wp-json/ nor ?rest_route=/ answered"
        " with the API index",
        site=site_url,
        hint="give the site's home address (e.g. https://example.com) and check that no"
        " plugin disables the REST API",
    )
