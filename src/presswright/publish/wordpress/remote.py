"""What the WordPress REST API answers, as far as Presswright reads it.

PHP encodes an empty map as ``[]``; the validators turn that back into ``{}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "RemoteMedia",
    "RemoteModel",
    "RemotePost",
    "RemoteTerm",
    "RemoteUser",
    "SiteIndex",
]


class RemoteModel(BaseModel):
    """Base of the answers: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")


class SiteIndex(RemoteModel):
    """The REST API index of a site (``/wp-json/``): its name, address and API namespaces."""

    name: str = ""
    url: str = ""
    namespaces: list[str] = Field(default_factory=list)


class RemoteUser(RemoteModel):
    """The authenticated WordPress user (``/wp/v2/users/me?context=edit``)."""

    id: int
    name: str = ""
    roles: list[str] = Field(default_factory=list)
    capabilities: dict[str, bool] = Field(default_factory=dict)

    @field_validator("capabilities", mode="before")
    @classmethod
    def _php_empty_object(cls, value: Any) -> Any:
        return {} if value == [] else value  # PHP encodes an empty map as []

    def can(self, capability: str) -> bool:
        """Whether the user has ``capability`` (e.g. ``unfiltered_html``)."""
        return bool(self.capabilities.get(capability))


class RemoteTerm(RemoteModel):
    """A category or tag."""

    id: int
    name: str
    slug: str = ""


class RemoteMedia(RemoteModel):
    """An item of the Media Library."""

    id: int
    source_url: str = ""
    alt_text: str = ""


class RemotePost(RemoteModel):
    """A post as the edit context shows it; ``content`` holds ``raw`` and ``rendered``."""

    id: int
    link: str = ""
    status: str = ""
    slug: str = ""
    content: dict[str, Any] = Field(default_factory=dict)
    meta: dict[str, Any] = Field(default_factory=dict)

    @field_validator("content", "meta", mode="before")
    @classmethod
    def _php_empty_object(cls, value: Any) -> Any:
        return {} if value == [] else value

    @property
    def raw_content(self) -> str:
        """The stored post content (block markup), as sent."""
        raw = self.content.get("raw")
        return raw if isinstance(raw, str) else ""
