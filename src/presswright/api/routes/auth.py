"""``/api/v1/auth``: register, login, refresh (rotating), logout, switch; and ``GET /api/v1/me``.

Two ways to hold a session's refresh token, chosen at login, registration or switch with
``refresh_in``: ``"body"`` (the default, for programs: the answer carries ``refresh_token``,
and refresh and logout take it back in their JSON body) or ``"cookie"`` (for the web studio,
whose script must never see it: see :mod:`presswright.api.session_cookies`).

The access token always travels in the ``Authorization`` header, never in a cookie, so the
other routes need no CSRF check.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, status
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.schemas import (
    LoginRequest,
    Me,
    MembershipPublic,
    RefreshRequest,
    Registered,
    RegisterRequest,
    SwitchRequest,
    TenantPublic,
    TokenPair,
    UserPublic,
)
from presswright.api.session_cookies import (
    CLEARS_COOKIES,
    REFRESH_COOKIE,
    SETS_COOKIES,
    CsrfCookie,
    CsrfHeader,
    RefreshCookie,
    clear_cookies,
    cookie_token,
    deliver,
    refused,
)
from presswright.api.throttles import throttle_login
from presswright.errors import AuthenticationError, PermissionDeniedError
from presswright.store.auth_sessions import (
    Rotation,
    member_role,
    new_refresh_token,
    revoke_session,
    rotate_refresh_token,
    start_session,
)
from presswright.store.models import AuthSession, Role, Tenant, User, utcnow
from presswright.store.scoping import enter_tenant
from presswright.store.tenancy import (
    add_member,
    authenticate_user,
    create_tenant,
    create_user,
    memberships_of_user,
)

__all__ = ["me_router", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/auth", tags=["auth"], responses=problem_responses(422, 429)
)
me_router = APIRouter(prefix=API_PREFIX, tags=["auth"], responses=problem_responses(401, 403))


def _issue(context: ApiContext, session: Session, login: AuthSession, role: Role) -> TokenPair:
    tokens = context.tokens
    access, _ = tokens.issue(
        type="access",
        user_id=login.user_id,
        tenant_id=login.tenant_id,
        session_id=login.id,
        role=role,
    )
    record = new_refresh_token(
        session, session_id=login.id, expires_at=utcnow() + tokens.refresh_ttl
    )
    refresh, _ = tokens.issue(
        type="refresh",
        user_id=login.user_id,
        tenant_id=login.tenant_id,
        session_id=login.id,
        role=role,
        jti=record.jti,
    )
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(tokens.access_ttl.total_seconds()),
        refresh_expires_in=int(tokens.refresh_ttl.total_seconds()),
        tenant_id=login.tenant_id,
        role=role,
    )


def _tenant_public(tenant: Tenant) -> TenantPublic:
    return TenantPublic(id=tenant.id, name=tenant.name, slug=tenant.slug)


def _user_public(user: User) -> UserPublic:
    return UserPublic(id=user.id, email=user.email, display_name=user.display_name)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(throttle_login)],
    responses={**problem_responses(403, 409), 201: SETS_COOKIES},
)
def register(
    body: RegisterRequest, context: ContextDep, request: Request, response: Response
) -> Registered:
    """Create a user and a workspace they own, and log them in (409 if the email is taken).

    With ``refresh_in: "cookie"`` the refresh token is set as a cookie (see refresh).
    """
    if not context.instance.settings.allow_registration:
        raise PermissionDeniedError(
            "registration is closed on this server", hint="ask an admin to add you"
        )
    with context.instance.database.system_session() as session:
        user = create_user(
            session, email=body.email, password=body.password, display_name=body.display_name
        )
        tenant = create_tenant(session, name=body.workspace)
        login = start_session(
            session, user_id=user.id, tenant_id=tenant.id, lifetime=context.tokens.refresh_ttl
        )
        pair = deliver(
            _issue(context, session, login, Role.OWNER), body.refresh_in, request, response
        )
        # One transaction for all of it: continue as the new tenant to add the membership.
        enter_tenant(session, tenant.id)
        add_member(session, user_id=user.id, role=Role.OWNER)
        return Registered(user=_user_public(user), tenant=_tenant_public(tenant), tokens=pair)


@router.post(
    "/login",
    dependencies=[Depends(throttle_login)],
    responses={**problem_responses(401, 403), 200: SETS_COOKIES},
)
def login(
    body: LoginRequest, context: ContextDep, request: Request, response: Response
) -> TokenPair:
    """Exchange email and password for an access token and a refresh token.

    With ``refresh_in: "cookie"`` the refresh token is set as the HttpOnly cookie
    ``presswright_refresh`` (and ``refresh_token`` is null), beside the CSRF cookie
    ``presswright_csrf`` (see refresh).
    """
    with context.instance.database.system_session() as session:
        user = authenticate_user(session, email=body.email, password=body.password)
        if user is not None:
            memberships = sorted(
                memberships_of_user(session, user_id=user.id), key=lambda m: m.created_at
            )
            chosen = [m for m in memberships if body.tenant_id in (None, m.tenant_id)]
            if not chosen:
                raise PermissionDeniedError(
                    "you are not a member of that workspace"
                    if body.tenant_id
                    else "you are not a member of any workspace",
                    hint="ask an admin of the workspace to add you",
                )
            login = start_session(
                session,
                user_id=user.id,
                tenant_id=chosen[0].tenant_id,
                lifetime=context.tokens.refresh_ttl,
            )
            pair = _issue(context, session, login, chosen[0].role)
            return deliver(pair, body.refresh_in, request, response)
    raise AuthenticationError("wrong email or password", hint="check both, or register")


@router.post(
    "/refresh",
    response_model=TokenPair,
    responses={**problem_responses(401, 403), 200: SETS_COOKIES},
)
def refresh(
    context: ContextDep,
    request: Request,
    response: Response,
    body: RefreshRequest | None = None,
    refresh_cookie: RefreshCookie = None,
    csrf_cookie: CsrfCookie = None,
    csrf_header: CsrfHeader = None,
) -> Any:
    """Trade a refresh token for new tokens; each refresh token works once.

    Presenting a refresh token a second time ends its whole session: someone copied it.
    Body mode: ``{"refresh_token": ...}``. Cookie mode: an empty body (or ``{}``), the
    ``presswright_refresh`` cookie and ``X-CSRF-Token`` repeating the ``presswright_csrf``
    cookie (401 without the cookie, 403 without the header); the answer's ``refresh_token``
    is null and both cookies are set anew.
    """
    if body is not None and body.refresh_token is not None:
        return _rotate(context, body.refresh_token)
    token = cookie_token(refresh_cookie, csrf_cookie, csrf_header)
    try:
        pair = _rotate(context, token)
    except AuthenticationError as error:
        return refused(request, error)
    return deliver(pair, "cookie", request, response)


def _rotate(context: ApiContext, refresh_token: str) -> TokenPair:
    claims = context.tokens.verify(refresh_token, type="refresh")
    pair: TokenPair | None = None
    with context.instance.database.system_session() as session:
        outcome = rotate_refresh_token(
            session,
            jti=claims.jti,
            session_id=claims.session_id,
            extend_to=utcnow() + context.tokens.refresh_ttl,
        )
        if outcome is Rotation.ROTATED:
            role = member_role(
                session,
                user_id=claims.user_id,
                tenant_id=claims.tenant_id,
                session_id=claims.session_id,
            )
            login = session.get(AuthSession, claims.session_id)
            if role is None or login is None:
                revoke_session(session, session_id=claims.session_id, reason="membership ended")
            else:
                pair = _issue(context, session, login, role)
    # Outside the transaction: a reuse revokes the session, and that must be committed.
    if pair is None:
        if outcome is Rotation.REUSED:
            raise AuthenticationError(
                "this refresh token was already used; its session is now ended",
                hint="log in again",
            )
        raise AuthenticationError("the refresh token is no longer valid", hint="log in again")
    return pair


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**problem_responses(401, 403), 204: CLEARS_COOKIES},
)
def logout(
    context: ContextDep,
    request: Request,
    body: RefreshRequest | None = None,
    refresh_cookie: RefreshCookie = None,
    csrf_cookie: CsrfCookie = None,
    csrf_header: CsrfHeader = None,
) -> Response:
    """End the session of a refresh token: its access and refresh tokens stop working.

    Body mode: ``{"refresh_token": ...}``. Cookie mode: an empty body, the refresh cookie and
    ``X-CSRF-Token`` (as for refresh); both cookies are cleared.
    """
    if body is not None and body.refresh_token is not None:
        cookie_mode, token = False, body.refresh_token
    else:
        cookie_mode, token = True, cookie_token(refresh_cookie, csrf_cookie, csrf_header)
    try:
        claims = context.tokens.verify(token, type="refresh")
    except AuthenticationError as error:
        if cookie_mode:
            return refused(request, error)
        raise
    with context.instance.database.system_session() as session:
        revoke_session(session, session_id=claims.session_id, reason="logout")
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    if cookie_mode:
        clear_cookies(request, response)
    return response


@router.post("/switch", responses={**problem_responses(401, 403), 200: SETS_COOKIES})
def switch(
    body: SwitchRequest,
    principal: ViewerPrincipal,
    context: ContextDep,
    request: Request,
    response: Response,
    refresh_cookie: RefreshCookie = None,
    csrf_cookie: CsrfCookie = None,
    csrf_header: CsrfHeader = None,
) -> TokenPair:
    """Continue in another workspace of the caller: a new session there, and this one ended.

    Needs the access token of a login (an API key belongs to one workspace); 403 when the
    caller is not a member of ``tenant_id``. With ``refresh_in: "cookie"`` the refresh cookie
    of this session and ``X-CSRF-Token`` are needed as for refresh, and the new session's
    refresh token replaces it.
    """
    if principal.via != "token" or principal.session_id is None:
        raise PermissionDeniedError(
            "switching workspaces needs a login session; an API key belongs to one workspace",
            hint="log in with email and password, or use a key of the other workspace",
        )
    if body.refresh_in == "cookie":
        claims = context.tokens.verify(
            cookie_token(refresh_cookie, csrf_cookie, csrf_header), type="refresh"
        )
        if claims.session_id != principal.session_id:
            raise AuthenticationError(
                f"the {REFRESH_COOKIE} cookie belongs to another session than the access token",
                hint="refresh, then switch again",
            )
    with context.instance.database.system_session() as session:
        role = member_role(
            session,
            user_id=principal.user_id,
            tenant_id=body.tenant_id,
            session_id=principal.session_id,
        )
        if role is None:
            raise PermissionDeniedError(
                f"you are not a member of workspace {body.tenant_id}",
                hint="ask an admin of that workspace to add you",
            )
        login = start_session(
            session,
            user_id=principal.user_id,
            tenant_id=body.tenant_id,
            lifetime=context.tokens.refresh_ttl,
        )
        pair = _issue(context, session, login, role)
        revoke_session(session, session_id=principal.session_id, reason="switched workspace")
    return deliver(pair, body.refresh_in, request, response)


@me_router.get("/me")
def me(principal: ViewerPrincipal, context: ContextDep) -> Me:
    """The caller, the workspace this request acts in, their role, and all their workspaces."""
    with context.instance.database.system_session() as session:
        user = session.get(User, principal.user_id)
        memberships = memberships_of_user(session, user_id=principal.user_id)
        tenants = {
            t.id: t
            for t in session.scalars(
                select(Tenant).where(Tenant.id.in_([m.tenant_id for m in memberships]))
            )
        }
        assert user is not None  # the principal was just authenticated against it
        return Me(
            user=_user_public(user),
            tenant=_tenant_public(tenants[principal.tenant_id]),
            role=principal.role,
            via=principal.via,
            api_key_id=principal.api_key_id,
            memberships=[
                MembershipPublic(tenant=_tenant_public(tenants[m.tenant_id]), role=m.role)
                for m in sorted(memberships, key=lambda m: m.created_at)
            ],
        )
