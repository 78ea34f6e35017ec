"""The REST client's edges, through httpx's mock transport: errors, paging, discovery."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from presswright.publish.wordpress import (
    Credentials,
    WordPressAuthError,
    WordPressClient,
    WordPressError,
    WordPressUnreachableError,
)
from presswright.publish.wordpress.discovery import discover_api_root

SITE = "https://blog.example"
SECRET = "abcd EFGH ijkl MNOP qrst UVWX"
Handler = Callable[[httpx.Request], httpx.Response]


def call(handler: Handler, method: str, *args: Any, api_root: str = f"{SITE}/wp-json") -> Any:
    """Call ``method`` of a client of a fake site answered by ``handler``."""

    async def run() -> Any:
        async with WordPressClient(
            site=SITE,
            api_root=api_root,
            credentials=Credentials(username="ed", app_password=SECRET),
            transport=httpx.MockTransport(handler),
        ) as client:
            result = getattr(client, method)(*args)
            if hasattr(result, "__aiter__"):
                return [item async for item in result]
            return await result

    return asyncio.run(run())


def test_error_answers_name_the_site_the_action_the_status_the_code_and_the_fix() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400,
            json={
                "code": "rest_invalid_param",
                "message": "Invalid parameter(s): status",
                "data": {"status": 400, "params": {"status": "status is not one of draft."}},
            },
        )

    with pytest.raises(WordPressError) as caught:
        call(handler, "create_post", {"status": "bogus"})
    assert str(caught.value) == (
        f"WordPress at {SITE} (creating a post) answered HTTP 400 rest_invalid_param:"
        " Invalid parameter(s): status (status is not one of draft.);"
        " fix the field WordPress names and retry"
    )
    assert (caught.value.status, caught.value.code) == (400, "rest_invalid_param")


def test_credentials_go_as_basic_auth_and_never_into_errors() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        message = (
            "<strong>Error:</strong> The provided password is an invalid application password."
        )
        return httpx.Response(401, json={"code": "incorrect_password", "message": message})

    with pytest.raises(WordPressAuthError) as caught:
        call(handler, "me")
    assert seen == ["Basic " + base64.b64encode(f"ed:{SECRET}".encode()).decode()]
    message = str(caught.value)
    assert "HTTP 401 incorrect_password: Error: The provided password is an invalid" in message
    assert "<strong>" not in message
    assert "https address" not in message  # the site is on https already
    assert SECRET not in message
    assert SECRET not in repr(Credentials(username="ed", app_password=SECRET))


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(502, html="<h1>Bad Gateway</h1>"), "answered HTTP 502; the site failed"),
        (
            httpx.Response(200, text='<br /><b>Notice</b>: x in y.php<br />{"id": 1}'),
            "with something that is not JSON: '<br /><b>Notice</b>",
        ),
        (httpx.Response(200, json={"unexpected": True}), "JSON of an unexpected shape"),
        (
            httpx.Response(301, headers={"Location": f"{SITE}/en/wp-json/wp/v2/users/me"}),
            f"redirected to {SITE}/en/wp-json/wp/v2/users/me",
        ),
    ],
)
def test_answers_that_are_not_wordpress_json_are_errors(
    response: httpx.Response, expected: str
) -> None:
    with pytest.raises(WordPressError, match=r"^WordPress at") as caught:
        call(lambda request: response, "me")
    assert expected in str(caught.value)
    assert caught.value.hint


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "Connection refused"),
        (httpx.ReadTimeout("timed out"), "no answer in time (ReadTimeout)"),
    ],
)
def test_no_answer_means_unreachable(failure: httpx.HTTPError, reason: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise failure

    with pytest.raises(WordPressUnreachableError) as caught:
        call(handler, "index")
    assert str(caught.value).startswith(f"cannot reach WordPress at {SITE} (reading the REST API")
    assert reason in str(caught.value)


def test_collections_are_read_page_by_page() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        assert request.url.params["per_page"] == "100"
        items = [{"id": page * 10 + n} for n in range(2)]
        return httpx.Response(200, json=items, headers={"X-WP-TotalPages": "3"})

    items = call(handler, "collection", "/wp/v2/pages", {"status": "publish"})
    assert [item["id"] for item in items] == [10, 11, 20, 21, 30, 31]


def test_a_query_style_api_root_carries_the_route_as_a_parameter() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/"
        assert request.url.params["rest_route"] == "/wp/v2/users/me"
        return httpx.Response(200, json={"id": 7, "name": "Ed", "capabilities": []})

    user = call(handler, "me", api_root=f"{SITE}/?rest_route=")
    assert (user.id, user.capabilities) == (7, {})


def test_discovery_falls_back_to_rest_route_and_follows_redirects() -> None:
    index = {"namespaces": ["wp/v2"], "name": "Blog"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/wp-json"):
            return httpx.Response(404, html="<p>Not found</p>")
        if request.url.host == "blog.example":
            moved = f"https://www.blog.example/?{request.url.query.decode()}"
            return httpx.Response(301, headers={"Location": moved})
        return httpx.Response(200, content=json.dumps(index).encode())

    root = asyncio.run(discover_api_root(SITE, transport=httpx.MockTransport(handler)))
    assert root == "https://www.blog.example/?rest_route="
