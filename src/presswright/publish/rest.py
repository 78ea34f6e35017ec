"""The REST conversation every remote site shares: one site's API root, its auth, its errors.

WordPress, WooCommerce (served through WordPress's REST API) and what comes next (the media
library, site deployment) all send a request to a route under the site's API root, follow
no redirect (a redirected POST or PUT would silently turn into a GET), turn every failure
into an error of their own kind naming the site, and read answers into typed shapes.
:class:`RestClient` does that once; a kind says how it names itself and builds its errors.
``transport`` is the seam tests use instead of patching httpx.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from presswright import __version__
from presswright.errors import PresswrightError

__all__ = ["DEFAULT_TIMEOUT", "USER_AGENT", "Params", "RestClient", "route_url"]

USER_AGENT = f"presswright/{__version__}"
DEFAULT_TIMEOUT = 30.0
Params = Mapping[str, str | int]
_QUERY_ROOT = "?rest_route="
_T = TypeVar("_T")


def route_url(api_root: str, route: str) -> tuple[str, dict[str, str]]:
    """The URL and extra query of ``route`` (``/wp/v2/posts``) under an API root."""
    if api_root.endswith(_QUERY_ROOT):
        return api_root[: -len(_QUERY_ROOT)], {"rest_route": route}
    return api_root + route, {}


class RestClient(ABC):
    """The REST API of one remote site with one set of credentials; ``async with`` closes it.

    ``platform`` ("WordPress") and ``noun`` ("WordPress site") are how errors name the remote.
    """

    platform: str
    noun: str

    def __init__(
        self,
        *,
        site: str,
        api_root: str,
        auth: httpx.Auth,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.site = site
        self.api_root = api_root
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            auth=auth,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    @abstractmethod
    def error(
        self, message: str, *, status: int | None = None, hint: str | None = None
    ) -> PresswrightError:
        """An error of this kind about the site."""

    @abstractmethod
    def answer_error(self, response: httpx.Response, action: str) -> PresswrightError:
        """The error for an HTTP error answer while ``action``."""

    @abstractmethod
    def unreachable(self, action: str, error: httpx.HTTPError) -> PresswrightError:
        """The error for a request that got no answer (refused, DNS, TLS, timeout)."""

    async def request(
        self,
        method: str,
        route: str,
        *,
        action: str,
        params: Params | None = None,
        body: Mapping[str, Any] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        data: Mapping[str, str] | None = None,
        timeout: float | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        """Send one request to ``route`` (e.g. ``/wp/v2/posts``); the site's errors are raised.

        ``action`` says what the request is for ("creating a post"): errors quote it.
        ``signed=False`` sends no credentials (the site index is public).
        """
        url, query = route_url(self.api_root, route)
        query.update({key: str(value) for key, value in (params or {}).items()})
        try:
            response = await self._http.request(
                method,
                url,
                params=query,
                json=body,
                files=files,
                data=data,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                auth=httpx.USE_CLIENT_DEFAULT if signed else None,
            )
        except httpx.HTTPError as error:
            raise self.unreachable(action, error) from None
        if response.is_redirect:
            raise self.error(
                f"{self.platform} at {self.site} ({action}) redirected to"
                f" {response.headers.get('location', '?')}",
                status=response.status_code,
                hint=f"connect the {self.noun.split()[-1]} again with the address it redirects to",
            )
        if response.status_code >= 400:
            raise self.answer_error(response, action)
        return response

    def read(self, shape: type[_T], response: httpx.Response, action: str) -> _T:
        """The JSON answer read as ``shape``; an answer of another shape is an error."""
        try:
            answer = response.json()
        except ValueError:
            raise self.error(
                f"{self.platform} at {self.site} ({action}) answered HTTP {response.status_code}"
                f" with something that is not JSON: {response.text[:60].strip()!r}",
                status=response.status_code,
                hint="the site prints PHP messages into its answers: turn display_errors off"
                " (WP_DEBUG_DISPLAY false) and retry",
            ) from None
        try:
            return TypeAdapter(shape).validate_python(answer)
        except ValidationError:
            raise self.error(
                f"{self.platform} at {self.site} ({action}) answered with JSON of an unexpected"
                f" shape: {json.dumps(answer)[:120]}",
                status=response.status_code,
                hint=f"check that the address is a {self.noun} and that no plugin rewrites"
                " REST answers",
            ) from None

    async def call(
        self, shape: type[_T], method: str, route: str, *, action: str, **options: Any
    ) -> _T:
        """The answer of a request read as ``shape`` (a model, or ``list[Model]``).

        ``options`` are those of :meth:`request`; an answer of another shape is an error.
        """
        response = await self.request(method, route, action=action, **options)
        return self.read(shape, response, action)
