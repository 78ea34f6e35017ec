"""The web studio's session cookies: the refresh token in an HttpOnly cookie, and the CSRF
double-submit check that guards the auth routes which read it.

With ``refresh_in: "cookie"`` at login, registration or switch, the answer's
``refresh_token`` is null and two cookies are set instead:

- ``presswright_refresh``: the refresh token; ``HttpOnly; SameSite=Strict;
  Path=/api/v1/auth; Max-Age=<refresh ttl>`` (``Secure`` when the request came over https),
  so the browser sends it to the auth routes alone and no script can read it;
- ``presswright_csrf``: 32 random bytes in hex; ``SameSite=Strict; Path=/`` and the same
  Max-Age (and ``Secure``), readable by the studio's script.

Refresh and logout then take an empty body (or ``{}``), the refresh cookie, and the header
``X-CSRF-Token`` repeating the ``presswright_csrf`` cookie (a double-submit check: a page of
another site can make the browser send the cookies, never read one to set the header). No
refresh cookie is a 401; a missing or different header a 403. A 401 of refresh or logout in
cookie mode clears both cookies: they are of no use any more.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import Cookie, Header, Request
from starlette.responses import Response

from presswright.api.problems import problem_response, status_of
from presswright.api.routes import API_PREFIX
from presswright.api.schemas import RefreshIn, TokenPair
from presswright.errors import AuthenticationError, PermissionDeniedError

__all__ = [
    "CLEARS_COOKIES",
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "REFRESH_COOKIE",
    "REFRESH_COOKIE_PATH",
    "SETS_COOKIES",
    "CsrfCookie",
    "CsrfHeader",
    "RefreshCookie",
    "clear_cookies",
    "cookie_token",
    "deliver",
    "refused",
]

REFRESH_COOKIE = "presswright_refresh"
CSRF_COOKIE = "presswright_csrf"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_COOKIE_PATH = f"{API_PREFIX}/auth"

RefreshCookie = Annotated[
    str | None,
    Cookie(
        alias=REFRESH_COOKIE,
        description="Cookie mode: the refresh token (HttpOnly, set by login, register,"
        " refresh and switch with refresh_in=cookie). Used when the body has no refresh_token.",
    ),
]
CsrfCookie = Annotated[
    str | None,
    Cookie(alias=CSRF_COOKIE, description="Cookie mode: the CSRF token X-CSRF-Token repeats."),
]
CsrfHeader = Annotated[
    str | None,
    Header(
        alias=CSRF_HEADER,
        description="Cookie mode: the value of the presswright_csrf cookie (403 if missing or"
        " different).",
    ),
]
SETS_COOKIES: dict[str, Any] = {
    "headers": {
        "Set-Cookie": {
            "description": "With refresh_in=cookie: presswright_refresh=<refresh token>;"
            " HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=<refresh ttl>, and"
            " presswright_csrf=<CSRF token>; SameSite=Strict; Path=/; Max-Age=<refresh ttl>"
            " (both Secure over https).",
            "schema": {"type": "string"},
        }
    }
}
CLEARS_COOKIES: dict[str, Any] = {
    "description": "The session is ended.",
    "headers": {
        "Set-Cookie": {
            "description": "In cookie mode: presswright_refresh and presswright_csrf cleared"
            " (Max-Age=0).",
            "schema": {"type": "string"},
        }
    },
}


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def deliver(
    pair: TokenPair, refresh_in: RefreshIn, request: Request, response: Response
) -> TokenPair:
    """``pair`` as the answer gives it: as it is, or with its refresh token moved into the
    session cookies (and a new CSRF token beside it)."""
    if refresh_in == "body" or pair.refresh_token is None:
        return pair
    secure = _secure(request)
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=pair.refresh_expires_in,
        path=REFRESH_COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_hex(32),
        max_age=pair.refresh_expires_in,
        path="/",
        secure=secure,
        httponly=False,  # the studio's script reads it to send X-CSRF-Token
        samesite="strict",
    )
    return pair.model_copy(update={"refresh_token": None})


def clear_cookies(request: Request, response: Response) -> None:
    secure = _secure(request)
    response.delete_cookie(
        REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")


def cookie_token(refresh: str | None, csrf_cookie: str | None, csrf_header: str | None) -> str:
    """The refresh token of the cookie, once the CSRF header proved the request is the
    studio's own: 401 without the cookie, 403 without a header that repeats the CSRF cookie."""
    if not refresh:
        raise AuthenticationError(
            f"no refresh token: send refresh_token in the body, or the {REFRESH_COOKIE} cookie"
            " a login with refresh_in=cookie set",
            hint="log in again",
        )
    if (
        not csrf_cookie
        or not csrf_header
        or not hmac.compare_digest(csrf_header.encode(), csrf_cookie.encode())
    ):
        raise PermissionDeniedError(
            f"the {CSRF_HEADER} header must repeat the {CSRF_COOKIE} cookie",
            hint=f"read the {CSRF_COOKIE} cookie and send its value as {CSRF_HEADER}",
        )
    return refresh


def refused(request: Request, error: AuthenticationError) -> Response:
    """The 401 problem of a cookie-mode refresh or logout, clearing the cookies that failed."""
    status_code, slug = status_of(error)
    response = problem_response(
        status_code,
        str(error),
        path=request.url.path,
        slug=slug,
        headers={"WWW-Authenticate": 'Bearer realm="presswright"'},
    )
    clear_cookies(request, response)
    return response
