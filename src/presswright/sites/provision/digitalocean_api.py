"""DigitalOcean's API v2 as the ``digitalocean`` provisioner uses it (httpx, sync).

The calls, as DigitalOcean documents them: ``GET /v2/account`` (the token works; the
droplet limit), ``GET /v2/droplets`` (paged; ``tag_name`` filter), ``POST /v2/droplets``
(202 ``{"droplet": {...}}``), ``GET /v2/droplets/{id}`` (``status`` ``new`` -> ``active``,
``networks.v4[]`` with ``type: public``), ``DELETE /v2/droplets/{id}`` (204),
``GET|POST /v2/account/keys`` and ``DELETE /v2/account/keys/{id}``. The token goes as
``Authorization: Bearer``. Lists are paged: ``links.pages.next`` is followed to the end.
Errors are ``{"id": ..., "message": ...}``; a 429 (or a 5xx on a read) waits as
``Retry-After`` says, else until ``ratelimit-reset`` (epoch seconds), then asks again, a few
times; when ``ratelimit-remaining`` reaches 0 the next call waits for the reset first.

Errors: :class:`DigitalOceanError` (a ``ProvisionError``: status, DigitalOcean's id and
message); 401/403 and 422 are :class:`DigitalOceanInputError` (a ``ProvisionInputError``,
naming the request field to fix) and so is a DigitalOcean that does not answer in time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from presswright.sites.provision.base import ProvisionError, ProvisionInputError

__all__ = [
    "DEFAULT_API_URL",
    "DigitalOceanAPI",
    "DigitalOceanError",
    "DigitalOceanInputError",
]

DEFAULT_API_URL = "https://api.digitalocean.com"
TIMEOUT = 30.0
MAX_WAIT = 120.0  # the longest a rate limit is waited out before failing
_RETRIES = 4
_AUTH_FIX = (
    "create a personal access token with read and write scope at"
    " https://cloud.digitalocean.com/account/api/tokens and give it as do_token"
)


class DigitalOceanError(ProvisionError):
    """DigitalOcean refused or failed a call; ``status`` and its error ``id`` say which."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status, self.code = status, code


class DigitalOceanInputError(DigitalOceanError, ProvisionInputError):
    """What was asked cannot be done with this token or account (401, 403, 422, no answer)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        hint: str | None = None,
        field: str | None = None,
    ) -> None:
        DigitalOceanError.__init__(self, message, status=status, code=code, hint=hint)
        self.field = field


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class DigitalOceanAPI:
    """A DigitalOcean API v2 client for one token (``transport``: the tests' seam)."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_API_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            transport=transport,
            timeout=timeout,
        )
        self._timeout, self._sleep = timeout, sleep
        self._reset_at: float | None = None

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> DigitalOceanAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_time(self, response: httpx.Response) -> float:
        retry_after = response.headers.get("retry-after", "")
        if retry_after.strip().isdigit():
            return float(retry_after)
        reset = response.headers.get("ratelimit-reset", "")
        if reset.strip().isdigit():
            return max(0.0, float(reset) - time.time())
        return 1.0

    def _note_limits(self, response: httpx.Response) -> None:
        remaining, reset = (
            response.headers.get(h, "") for h in ("ratelimit-remaining", "ratelimit-reset")
        )
        self._reset_at = (
            float(reset) if remaining.strip() == "0" and reset.strip().isdigit() else None
        )

    def request(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """One call, rate limits waited out; the JSON answer ({} for 204)."""
        what = f"{method} {path}"
        for attempt in range(_RETRIES + 1):
            if self._reset_at is not None:
                self._sleep(min(MAX_WAIT, max(0.0, self._reset_at - time.time())))
                self._reset_at = None
            try:
                response = self._client.request(method, path, json=json, params=params)
            except httpx.TimeoutException:
                raise DigitalOceanInputError(
                    f"DigitalOcean did not answer {what} within {self._timeout:g} s",
                    hint="check this server's internet access, or try again later",
                ) from None
            except httpx.HTTPError as error:
                raise DigitalOceanInputError(
                    f"DigitalOcean could not be reached for {what}: {error}",
                    hint="check this server's internet access and the API address",
                ) from None
            self._note_limits(response)
            retry = response.status_code == 429 or (
                response.status_code >= 500 and method in ("GET", "DELETE")
            )
            if retry and attempt < _RETRIES:
                wait = self._wait_time(response)
                if wait <= MAX_WAIT:
                    self._sleep(wait)
                    continue
            if response.is_success:
                return _body(response) if response.status_code != 204 else {}
            raise self._error(response, what)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _error(response: httpx.Response, what: str) -> DigitalOceanError:
        body = _body(response)
        status, code = response.status_code, str(body.get("id") or "")
        said = str(body.get("message") or response.reason_phrase)
        message = f"DigitalOcean answered {what} with {status} {code or 'error'}: {said}"
        if status in (401, 403):
            return DigitalOceanInputError(
                message, status=status, code=code, hint=_AUTH_FIX, field="do_token"
            )
        if status == 422:
            return DigitalOceanInputError(
                message,
                status=status,
                code=code,
                hint="change what DigitalOcean names (region, size, image), or raise the"
                " account's droplet limit in its control panel",
                field="do_region",
            )
        if status == 429:
            return DigitalOceanError(
                message, status=status, code=code, hint="wait for the rate limit to reset"
            )
        return DigitalOceanError(message, status=status, code=code, hint="try again later")

    def paged(
        self, path: str, key: str, params: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Every item of a paged list (``links.pages.next`` followed to the last page)."""
        items: list[dict[str, Any]] = []
        query: dict[str, Any] | None = {"per_page": 200, **(params or {})}
        next_path: str | None = path
        while next_path is not None:
            body = self.request("GET", next_path, params=query)
            items.extend(body.get(key) or [])
            following = ((body.get("links") or {}).get("pages") or {}).get("next")
            if not following:
                break
            # The next page is a full URL under the same API root: ask for its path and query.
            url = httpx.URL(str(following))
            next_path, query = url.path, dict(url.params)
        return items

    def account(self) -> dict[str, Any]:
        """The account: ``droplet_limit``, ``status``, ``email_verified``..."""
        return dict(self.request("GET", "/v2/account").get("account") or {})

    def droplets(self, *, tag: str | None = None) -> list[dict[str, Any]]:
        """The account's droplets (those with ``tag``)."""
        return self.paged("/v2/droplets", "droplets", {"tag_name": tag} if tag else None)

    def droplet(self, droplet_id: int) -> dict[str, Any] | None:
        """One droplet, or None once it is gone."""
        try:
            return dict(self.request("GET", f"/v2/droplets/{droplet_id}")["droplet"])
        except DigitalOceanError as error:
            if error.status == 404:
                return None
            raise

    def create_droplet(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Create one droplet (202): its first state, without an address yet."""
        return dict(self.request("POST", "/v2/droplets", json=spec)["droplet"])

    def delete_droplet(self, droplet_id: int) -> None:
        """Destroy a droplet (a droplet already gone is fine)."""
        try:
            self.request("DELETE", f"/v2/droplets/{droplet_id}")
        except DigitalOceanError as error:
            if error.status != 404:
                raise

    def ssh_keys(self) -> list[dict[str, Any]]:
        """The account's SSH keys (``id``, ``fingerprint``, ``public_key``, ``name``)."""
        return self.paged("/v2/account/keys", "ssh_keys")

    def add_ssh_key(self, name: str, public_key: str) -> dict[str, Any]:
        """Add a public key to the account (201): the key with its id and fingerprint."""
        body = {"name": name, "public_key": public_key}
        return dict(self.request("POST", "/v2/account/keys", json=body)["ssh_key"])

    def delete_ssh_key(self, key_id: int) -> None:
        """Remove a key from the account (a key already gone is fine)."""
        try:
            self.request("DELETE", f"/v2/account/keys/{key_id}")
        except DigitalOceanError as error:
            if error.status != 404:
                raise


def public_ipv4(droplet: dict[str, Any]) -> str | None:
    """The droplet's public IPv4 address, once it has one."""
    for network in (droplet.get("networks") or {}).get("v4") or []:
        if network.get("type") == "public" and network.get("ip_address"):
            return str(network["ip_address"])
    return None
