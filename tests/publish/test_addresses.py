"""Site addresses and names, as every connection takes and stores them."""

from __future__ import annotations

import pytest

from presswright.errors import UserInputError
from presswright.publish.addresses import default_site_name, normalize_site_url, web_address


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://Blog.Example.com/", "https://blog.example.com"),
        ("http://127.0.0.1:8080/wp/", "http://127.0.0.1:8080/wp"),
        (" https://example.com ", "https://example.com"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_site_addresses_are_normalised(given: str, expected: str) -> None:
    assert normalize_site_url(given) == expected


@pytest.mark.parametrize(
    "bad", ["ftp://example.com", "https://", "https://u:p@example.com", "https://x.com/?a=1"]
)
def test_unusable_site_addresses_are_refused(bad: str) -> None:
    with pytest.raises(UserInputError):
        normalize_site_url(bad)


def test_default_names_come_from_the_address() -> None:
    assert default_site_name("https://blog.example.com") == "blog.example.com"
    assert default_site_name("http://127.0.0.1:8080/wp") == "127.0.0.1-8080-wp"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("https://example.com:99999", "invalid port"), ("https://x.com/#top", "query or fragment")],
)
def test_a_request_body_address_is_refused_with_the_reason(bad: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        web_address(bad)
    assert web_address("https://Example.com/") == "https://Example.com/"  # checked, not changed
