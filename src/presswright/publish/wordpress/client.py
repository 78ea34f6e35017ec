"""A typed async client of the WordPress REST API (``wp/v2``), with an application password.

Only what publishing needs: the API index, the current user, terms, media and posts, and
paging through collections. Every failure becomes a :mod:`presswright.publish.wordpress.errors`
error naming the site; ``transport`` is the seam tests use instead of patching httpx.
API calls follow no redirects: a redirected POST would silently turn into a GET.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import TypeAdapter, ValidationError

from presswright.publish.rest import DEFAULT_TIMEOUT, Params, RestClient
from presswright.publish.wordpress.errors import (
    WordPressError,
    rest_error_parts,
    unreachable_error,
    wordpress_error,
)
from presswright.publish.wordpress.remote import (
    RemoteMedia,
    RemotePost,
    RemoteTerm,
    RemoteUser,
    SiteIndex,
)

__all__ = ["PER_PAGE", "Credentials", "WordPressClient"]

PER_PAGE = 100
UPLOAD_TIMEOUT = 120.0


@dataclass(frozen=True)
class Credentials:
    """A WordPress username and one of its application passwords (never shown in repr)."""

    username: str
    app_password: str = field(repr=False)


class WordPressClient(RestClient):
    """The REST API of one site, as one user; use ``async with`` to close its connections."""

    platform = "WordPress"
    noun = "WordPress site"

    def __init__(
        self,
        *,
        site: str,
        api_root: str,
        credentials: Credentials,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(
            site=site,
            api_root=api_root,
            auth=httpx.BasicAuth(credentials.username, credentials.app_password),
            transport=transport,
            timeout=timeout,
        )
        self.username = credentials.username

    def error(
        self, message: str, *, status: int | None = None, hint: str | None = None
    ) -> WordPressError:
        """An error about the site."""
        return WordPressError(message, site=self.site, status=status, hint=hint)

    def answer_error(self, response: httpx.Response, action: str) -> WordPressError:
        """The error for WordPress's error answer, with the user the request was made as."""
        code, message, details = rest_error_parts(response)
        return wordpress_error(
            site=self.site,
            action=action,
            status=response.status_code,
            code=code,
            message=message,
            details=details,
            username=self.username,
        )

    def unreachable(self, action: str, error: httpx.HTTPError) -> WordPressError:
        """The error for a request the site did not answer."""
        return unreachable_error(self.site, action, error)

    async def index(self) -> SiteIndex:
        """The API index: the site's name, address and namespaces (``yoast/v1``, ...)."""
        return await self.call(
            SiteIndex,
            "GET",
            "/",
            action="reading the REST API index",
            params={"_fields": "name,url,namespaces"},
        )

    async def me(self) -> RemoteUser:
        """The user the application password belongs to, with roles and capabilities."""
        return await self.call(
            RemoteUser,
            "GET",
            "/wp/v2/users/me",
            action="checking the credentials",
            params={"context": "edit", "_fields": "id,name,roles,capabilities"},
        )

    async def search_terms(self, taxonomy: str, search: str) -> list[RemoteTerm]:
        """Terms of ``taxonomy`` (``categories`` or ``tags``) whose name or slug has ``search``."""
        return await self.call(
            list[RemoteTerm],
            "GET",
            f"/wp/v2/{taxonomy}",
            action=f"looking up {taxonomy}",
            params={"search": search, "per_page": PER_PAGE, "_fields": "id,name,slug"},
        )

    async def create_term(self, taxonomy: str, name: str) -> int:
        """Create a term and return its id; a term that already exists returns the existing id."""
        try:
            term = await self.call(
                RemoteTerm,
                "POST",
                f"/wp/v2/{taxonomy}",
                action=f"creating {taxonomy} {name!r}",
                body={"name": name},
            )
        except WordPressError as error:
            existing = error.details.get("term_id")
            if error.code == "term_exists" and isinstance(existing, int):
                return existing
            raise
        return term.id

    async def upload_media(
        self, *, filename: str, content: bytes, mime_type: str, alt_text: str, title: str
    ) -> RemoteMedia:
        """Upload a file to the Media Library with its alt text and title."""
        return await self.call(
            RemoteMedia,
            "POST",
            "/wp/v2/media",
            action=f"uploading {filename}",
            files={"file": (filename, content, mime_type)},
            data={"alt_text": alt_text, "title": title},
            timeout=UPLOAD_TIMEOUT,
        )

    async def media_exists(self, media_id: int) -> bool:
        """Whether the Media Library still has item ``media_id``."""
        try:
            await self.request(
                "GET",
                f"/wp/v2/media/{media_id}",
                action=f"looking up media {media_id}",
                params={"_fields": "id"},
            )
        except WordPressError as error:
            if error.status == 404:
                return False
            raise
        return True

    async def create_post(self, fields: Mapping[str, Any]) -> RemotePost:
        """Create a post from REST fields (title, content, status, ...)."""
        return await self.call(
            RemotePost,
            "POST",
            "/wp/v2/posts",
            action="creating a post",
            params={"context": "edit"},
            body=fields,
        )

    async def update_post(self, post_id: int, fields: Mapping[str, Any]) -> RemotePost | None:
        """Update post ``post_id``; None if the site has no such post (deleted for good)."""
        try:
            return await self.call(
                RemotePost,
                "POST",
                f"/wp/v2/posts/{post_id}",
                action=f"updating post {post_id}",
                params={"context": "edit"},
                body=fields,
            )
        except WordPressError as error:
            if error.code == "rest_post_invalid_id":
                return None
            raise

    async def search_posts(self, text: str, *, statuses: str) -> list[RemotePost]:
        """Posts in ``statuses`` (comma-separated) whose title, excerpt or content has ``text``."""
        return await self.call(
            list[RemotePost],
            "GET",
            "/wp/v2/posts",
            action="searching posts",
            params={
                "search": text,
                "status": statuses,
                "context": "edit",
                "per_page": PER_PAGE,
                "orderby": "id",
                "order": "asc",
                "_fields": "id,link,status,slug,content",
            },
        )

    async def collection(self, route: str, params: Params) -> AsyncIterator[dict[str, Any]]:
        """Every item of a collection route, page by page (``X-WP-TotalPages``)."""
        page, pages = 1, 1
        while page <= pages:
            paged = {**params, "per_page": PER_PAGE, "page": page}
            response = await self.request(
                "GET", route, action=f"reading {route} page {page}", params=paged
            )
            try:
                items = TypeAdapter(list[dict[str, Any]]).validate_json(response.content)
            except ValidationError:
                raise WordPressError(
                    f"WordPress at {self.site} (reading {route}) answered with something that"
                    " is not a list of items",
                    site=self.site,
                    status=response.status_code,
                    hint="check that no plugin rewrites REST answers",
                ) from None
            for item in items:
                yield item
            total = response.headers.get("X-WP-TotalPages", "")
            pages = int(total) if total.isdigit() else page
            page += 1
