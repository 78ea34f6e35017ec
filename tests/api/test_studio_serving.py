"""The web studio at ``/``: its files, the history fallback, caching, the strict CSP, refused
paths, the page shown without a build, and the API beside it untouched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.api.middleware import CONTENT_SECURITY_POLICY
from presswright.bootstrap import Instance
from presswright.store.models import Role
from presswright.studio import dist_dir
from tests.api.conftest import MakeMember, bearer, login

INDEX = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Presswright</title>'
    '<script type="module" src="/assets/index-3f2a9c1b.js"></script>'
    '<link rel="stylesheet" href="/assets/index-77aa01ce.css"></head>'
    '<body><div id="root"></div></body></html>'
)
SCRIPT = "console.log('studio');\n"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A small build laid out as Vite lays one out, with a secret next to it."""
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "assets" / "index-3f2a9c1b.js").write_text(SCRIPT)
    (root / "assets" / "index-77aa01ce.css").write_text("body{margin:0}\n")
    (root / "assets" / "inter-latin-400.woff2").write_bytes(b"wOF2\x00\x01")
    (root / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "fonts").mkdir()
    (root / "fonts" / "readme.txt").write_text("fonts")
    (root / ".build-stamp").write_text("")
    (tmp_path / "secret.txt").write_text("not for the web")
    (root / "assets" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    return root


@pytest.fixture
def studio(instance: Instance, dist: Path) -> Iterator[TestClient]:
    with TestClient(create_app(instance, studio_dist=dist), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def unbuilt(instance: Instance, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(instance, studio_dist=tmp_path / "no-build-here")
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_index_is_served_at_the_root_and_never_cached_stale(studio: TestClient) -> None:
    response = studio.get("/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    # Revalidation: the same build answers 304 without a body.
    again = studio.get("/", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["cache-control"] == "no-cache"
    assert studio.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/sign-in", "/flows/3f2b8c1e/edit", "/content-studio?next=/library", "/settings/"]
)
def test_history_fallback_answers_the_index(studio: TestClient, path: str) -> None:
    response = studio.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == "no-cache"
    head = studio.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(INDEX))


def test_hashed_assets_are_cached_for_a_year_with_their_types(studio: TestClient) -> None:
    script = studio.get("/assets/index-3f2a9c1b.js")
    assert script.status_code == 200
    assert script.text == SCRIPT
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    style = studio.get("/assets/index-77aa01ce.css")
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    assert style.headers["cache-control"] == "public, max-age=31536000, immutable"
    font = studio.get("/assets/inter-latin-400.woff2")
    assert font.headers["content-type"] == "font/woff2"
    icon = studio.get("/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/svg+xml"
    assert icon.headers["cache-control"] == "no-cache"  # not hashed: revalidated
    # A missing asset is a 404, never the page read as a script.
    missing = studio.get("/assets/index-00000000.js")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert INDEX not in missing.text


def test_no_directory_listing_and_no_hidden_files(studio: TestClient) -> None:
    for path in ("/assets", "/assets/"):
        response = studio.get(path)
        assert response.status_code == 404, path
        assert "index-3f2a9c1b.js" not in response.text
    # A folder of the build that is not assets is a route of the app as any other.
    fonts = studio.get("/fonts/")
    assert fonts.text == INDEX
    assert "readme.txt" not in fonts.text
    assert studio.get("/.build-stamp").text == INDEX
    assert studio.get("/assets/.hidden").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/assets/..%5c..%5csecret.txt",
        "/assets/index-3f2a9c1b.js%00.png",
        "/assets/leak.txt",  # a symbolic link out of the build
    ],
)
def test_paths_out_of_the_build_are_refused(studio: TestClient, path: str) -> None:
    # Percent-encoded, the dot segments reach the server (httpx resolves literal ones).
    response = studio.get(path)
    assert response.status_code == 404, (path, response.text)
    assert "not for the web" not in response.text


def test_traversal_keeps_dot_segments_to_the_server(studio: TestClient) -> None:
    # The check above means something only if the server saw the dot segments.
    seen: list[str] = []
    app = studio.app

    async def spy(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            seen.append(scope["path"])
        await app(scope, receive, send)  # type: ignore[operator]

    with TestClient(spy, raise_server_exceptions=False) as spied:  # type: ignore[arg-type]
        spied.get("/assets/%2e%2e/%2e%2e/secret.txt")
    assert seen == ["/assets/../../secret.txt"]


def test_page_headers_carry_the_strict_policy(studio: TestClient) -> None:
    response = studio.get("/content-studio")
    policy = response.headers["content-security-policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["font-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert studio.get("/assets/index-3f2a9c1b.js").headers["content-security-policy"] == policy


def test_the_api_is_untouched(studio: TestClient, make_member: MakeMember) -> None:
    assert studio.get("/health").json()["status"] == "ok"
    assert studio.get("/metrics").headers["content-type"].startswith("text/plain")
    spec = studio.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert not any(path == "/" or "{path" in path for path in spec.json()["paths"])
    unknown = studio.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.headers["cache-control"] == "no-store"  # the API's headers, not the page's
    assert studio.get("/api/v1/me").status_code == 401
    assert studio.post("/api/v1/auth/login", json={}).status_code == 422
    assert studio.get("/api/v1/auth/login").status_code == 405
    assert studio.get("/health/extra").status_code == 404
    assert studio.get("/metrics/x").status_code == 404
    # Other methods outside the API are not the studio's either.
    assert studio.post("/sign-in").status_code == 404
    member = make_member(Role.EDITOR)
    tokens = login(studio, member)
    assert studio.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 200


def test_without_a_build_the_root_says_how_to_build_it(unbuilt: TestClient, tmp_path: Path) -> None:
    response = unbuilt.get("/")
    assert str(tmp_path) not in response.text  # where the server looked is not shown
    assert response.status_code == 503
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "not built" in response.text
    assert "make studio" in response.text
    assert "cd frontend &amp;&amp; npm ci &amp;&amp; npm run build" in response.text
    # Nothing inline: no script, no style block, no style attribute.
    for forbidden in ("<script", "<style", "style="):
        assert forbidden not in response.text
    assert unbuilt.get("/flows/1").status_code == 503
    head = unbuilt.head("/")
    assert head.status_code == 503
    assert head.content == b""
    assert unbuilt.get("/assets/index-3f2a9c1b.js").status_code == 404
    assert unbuilt.get("/health").status_code == 200
    assert unbuilt.get("/api/v1/openapi.json").status_code == 200


def test_a_build_made_while_serving_is_picked_up(instance: Instance, tmp_path: Path) -> None:
    later = tmp_path / "later"
    with TestClient(create_app(instance, studio_dist=later)) as client:
        assert client.get("/").status_code == 503
        later.mkdir()
        (later / "index.html").write_text(INDEX)
        assert client.get("/").text == INDEX


def test_the_default_build_is_the_package_data_directory() -> None:
    import presswright

    assert dist_dir() == Path(presswright.__file__).parent / "studio" / "dist"


def test_serve_prints_the_studio_first_and_how_to_sign_in(tmp_path: Path) -> None:
    from presswright.cli.serve_command import studio_steps

    credentials = tmp_path / "first-run-credentials.txt"
    credentials.write_text("workspace=w\nemail=owner@example.com\npassword=s3cret-Pass\n")
    lines = studio_steps("http://127.0.0.1:8000", credentials, built=True)
    assert lines[0].startswith("Presswright web studio on http://127.0.0.1:8000/ ")
    text = "\n".join(lines)
    assert "as owner@example.com" in text
    assert str(credentials) in text
    assert "s3cret-Pass" not in text  # where the password is, not the password
    credentials.unlink()
    gone = "\n".join(studio_steps("http://127.0.0.1:8000", credentials, built=True))
    assert "`presswright init` showed" in gone
    unbuilt = "\n".join(studio_steps("http://127.0.0.1:8000", credentials, built=False))
    assert "not built" in unbuilt
    assert "make studio" in unbuilt
    assert "cd frontend && npm ci && npm run build" in unbuilt


def test_text_files_go_gzipped_to_clients_that_accept_it(studio: TestClient, dist: Path) -> None:
    script = dist / "assets" / "vendor-5d1e2a7c.js"
    source = "".join(f"export const value{n} = {n} * 2;\n" for n in range(400))
    script.write_text(source)
    url = "/assets/vendor-5d1e2a7c.js"

    zipped = studio.get(url, headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.headers["content-type"] == "text/javascript; charset=utf-8"
    assert zipped.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert int(zipped.headers["content-length"]) < len(source) / 3
    assert zipped.text == source  # httpx undoes the encoding

    plain = studio.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"
    assert plain.text == source
    assert plain.headers["etag"] != zipped.headers["etag"]  # one validator per encoding
    refused = studio.get(url, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers

    again = studio.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    # The plain bytes' validator does not revalidate the gzipped answer.
    assert (
        studio.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["etag"]}
        ).status_code
        == 200
    )
    head = studio.head(url, headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == zipped.headers["content-length"]

    # A new build of the same file is compressed anew, not served from the old bytes.
    changed = source.replace("* 2", "* 3")
    script.write_text(changed + "// rebuilt\n")
    assert studio.get(url, headers={"Accept-Encoding": "gzip"}).text == changed + "// rebuilt\n"


def test_small_and_binary_files_are_sent_as_they_are(studio: TestClient) -> None:
    small = studio.get("/assets/index-3f2a9c1b.js", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    font = studio.get("/assets/inter-latin-400.woff2", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in font.headers


def test_the_builds_own_compressed_copies_are_sent_when_current(
    studio: TestClient, dist: Path
) -> None:
    import gzip
    import os

    script = dist / "assets" / "app-1c2d3e4f.js"
    source = "".join(f"export const word{n} = 'w{n}';\n" for n in range(300))
    script.write_text(source)
    brotli_bytes = b"\x8b\x00\x80pretend-brotli-stream\x03"  # sent as stored, never decoded here
    (dist / "assets" / "app-1c2d3e4f.js.br").write_bytes(brotli_bytes)
    (dist / "assets" / "app-1c2d3e4f.js.gz").write_bytes(gzip.compress(source.encode(), mtime=0))
    url = "/assets/app-1c2d3e4f.js"

    def raw(accept: str) -> tuple[dict[str, str], bytes]:
        with studio.stream("GET", url, headers={"Accept-Encoding": accept}) as response:
            assert response.status_code == 200
            return dict(response.headers), b"".join(response.iter_raw())

    headers, body = raw("gzip, br")
    assert headers["content-encoding"] == "br"
    assert headers["content-type"] == "text/javascript; charset=utf-8"  # the script's type
    assert headers["vary"] == "Accept-Encoding"
    assert body == brotli_bytes
    headers, body = raw("gzip")
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).decode() == source
    headers, body = raw("identity")
    assert "content-encoding" not in headers
    assert body.decode() == source

    # A copy older than the file (a build that rewrote the script alone) is never sent.
    stale = script.stat().st_mtime_ns - 10**9
    for suffix in (".br", ".gz"):
        os.utime(dist / "assets" / f"app-1c2d3e4f.js{suffix}", ns=(stale, stale))
    headers, body = raw("br, gzip")
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).decode() == source
