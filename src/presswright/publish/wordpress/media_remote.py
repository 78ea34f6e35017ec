"""The Media Library over the REST API (``/wp/v2/media``): upload, read, update and find items.

An upload is one ``multipart/form-data`` request, as the block editor sends it: the file
(its name and type) and the item's title, caption, alt text and description together, so
an item never exists without its fields or its marker. WordPress also takes the file as the
raw request body (``Content-Disposition`` names it), but then the fields need a second
request, and the site's upload limit is not applied: PHP's ``upload_max_filesize`` and
``post_max_size`` hold for form uploads only, and the test site (limit 32 MB) took a 34.7 MB
raw body without a word. A form upload meets the limit the site's owner set, and is refused
in WordPress's words when it is over it.

WordPress's refusals are made readable here: a type the site does not take, or a file over
its limit, comes back as HTTP 500 ``rest_upload_unknown_error`` (which would otherwise read
as a crash); a request larger than ``post_max_size`` reaches WordPress without its form and
comes back as "No Content-Disposition supplied" or "No data supplied".
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from presswright.publish.wordpress.client import UPLOAD_TIMEOUT, WordPressClient
from presswright.publish.wordpress.errors import WordPressError
from presswright.publish.wordpress.remote import RemoteModel

__all__ = ["MediaLibrary", "RemoteAttachment", "marker_comment"]

_FIELDS = "id,source_url,mime_type,media_type,alt_text,title,caption,description,link"
_MIB = 1024 * 1024
# PHP drops the form of a request over post_max_size: WordPress then sees no file part and
# reads the raw body as a file without a name (no Content-Disposition), or no body at all.
# Its words about that would mislead, so they are not quoted.
_FORM_DROPPED = frozenset({"rest_upload_no_content_disposition", "rest_upload_no_data"})
# Multisite's own size and quota checks, and PHP's upload_max_filesize in WordPress's words.
_TOO_BIG = frozenset({"rest_upload_file_too_big", "rest_upload_limited_space"})
_TOO_BIG_WORDS = ("upload_max_filesize", "MAX_FILE_SIZE", "too big")
# What wp_handle_upload() refused (file type, name, a failed move), in its own words.
_REFUSED = frozenset({"rest_upload_unknown_error", "rest_upload_sideload_error"})


def marker_comment(marker: str) -> str:
    """The HTML comment that carries ``marker`` in an item's description (not shown anywhere)."""
    return f"<!-- {marker}: Presswright finds this image again by this line -->"


class RemoteAttachment(RemoteModel):
    """An item of the Media Library as the edit context shows it."""

    id: int
    source_url: str = ""
    mime_type: str = ""
    media_type: str = ""
    link: str = ""
    alt_text: str = ""
    title: dict[str, Any] = Field(default_factory=dict)
    caption: dict[str, Any] = Field(default_factory=dict)
    description: dict[str, Any] = Field(default_factory=dict)

    @field_validator("title", "caption", "description", mode="before")
    @classmethod
    def _php_empty_object(cls, value: Any) -> Any:
        return {} if value == [] else value

    def raw(self, name: str) -> str:
        """The stored text of ``title``, ``caption`` or ``description``, as sent."""
        value = getattr(self, name).get("raw")
        return value if isinstance(value, str) else ""


def _size(count: int) -> str:
    return f"{count / _MIB:.1f} MiB" if count >= _MIB else f"{count} bytes"


class MediaLibrary:
    """The Media Library of the site a client talks to."""

    def __init__(self, client: WordPressClient) -> None:
        self.client = client

    async def upload(
        self, *, filename: str, content: bytes, mime_type: str, fields: dict[str, str]
    ) -> RemoteAttachment:
        """Upload one file as a new item with its fields (title, caption, alt text...)."""
        action = f"uploading {filename} ({mime_type}, {_size(len(content))})"
        try:
            return await self.client.call(
                RemoteAttachment,
                "POST",
                "/wp/v2/media",
                action=action,
                params={"context": "edit"},
                files={"file": (filename, content, mime_type)},
                data=fields,
                timeout=UPLOAD_TIMEOUT,
            )
        except WordPressError as error:
            raise self._upload_error(error, filename, mime_type, len(content)) from None

    def _upload_error(
        self, error: WordPressError, filename: str, mime_type: str, size: int
    ) -> WordPressError:
        """WordPress's refusal of an upload, said so that the fix is plain."""
        site = self.client.site
        # WordPress's own words come after "answered HTTP <status> <code>: ".
        said = error.message.partition(f"{error.code}: ")[2] if error.code else ""
        answer = f"HTTP {error.status}{f' {error.code}' if error.code else ''}"
        if error.code in _FORM_DROPPED or error.status == 413:
            reason = f"the site dropped the request unread, {answer}"
        elif error.code in _TOO_BIG or any(words in said for words in _TOO_BIG_WORDS):
            reason = f"{answer}: {said}"
        elif error.code == "rest_cannot_create":  # WordPress answers 400, not 403, here
            return WordPressError(
                f"WordPress at {site} does not let {self.client.username!r} upload media: {said}",
                site=site,
                status=error.status,
                code=error.code,
                hint="connect the site with an account that may upload files (Author or higher)",
            )
        elif error.code in _REFUSED:
            return WordPressError(
                f"WordPress at {site} refused {filename} ({mime_type}): {said or error.message}",
                site=site,
                status=error.status,
                code=error.code,
                hint="send the image as a type the site takes (JPEG, PNG, GIF or WebP), or"
                " allow the type on the site (upload_mimes filter)",
            )
        else:
            return error
        return WordPressError(
            f"WordPress at {site} did not take {filename}: at {_size(size)} it is larger than"
            f" the site accepts ({reason})",
            site=site,
            status=error.status,
            code=error.code,
            hint="send a smaller image (compress it or lower its size), or raise the site's"
            " limits (PHP upload_max_filesize and post_max_size)",
        )

    async def get(self, media_id: int) -> RemoteAttachment | None:
        """Item ``media_id``; None if the site has no such item (deleted)."""
        try:
            return await self.client.call(
                RemoteAttachment,
                "GET",
                f"/wp/v2/media/{media_id}",
                action=f"reading media {media_id}",
                params={"context": "edit", "_fields": _FIELDS},
            )
        except WordPressError as error:
            if error.status == 404 or error.code == "rest_post_invalid_id":
                return None
            raise

    async def update(self, media_id: int, fields: dict[str, str]) -> RemoteAttachment:
        """Set the item's title, caption, alt text and description (those given)."""
        return await self.client.call(
            RemoteAttachment,
            "POST",
            f"/wp/v2/media/{media_id}",
            action=f"setting the title, caption and alt text of media {media_id}",
            params={"context": "edit"},
            body=fields,
        )

    async def delete(self, media_id: int) -> None:
        """Delete item ``media_id`` and its files for good (the Media Library has no trash)."""
        await self.client.call(
            dict[str, Any],
            "DELETE",
            f"/wp/v2/media/{media_id}",
            action=f"deleting the duplicate media {media_id}",
            params={"force": "true"},
        )

    async def find(self, marker: str) -> RemoteAttachment | None:
        """The oldest item whose description holds ``marker``, if any."""
        found = await self.client.call(
            list[RemoteAttachment],
            "GET",
            "/wp/v2/media",
            action="looking for an earlier upload of the image",
            params={
                "search": marker,
                "context": "edit",
                "orderby": "id",
                "order": "asc",
                "per_page": 10,
                "_fields": _FIELDS,
            },
        )
        mine = [item for item in found if marker in item.raw("description")]
        return mine[0] if mine else None
