"""``/api/v1/auth``: register, login, refresh (rotating), logout; and ``GET /api/v1/me``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status
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
    TenantPublic,
    TokenPair,
    UserPublic,
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
    responses=problem_responses(403, 409),
)
def register(body: RegisterRequest, context: ContextDep) -> Registered:
    """Create a user and a workspace they own, and log them in (409 if the email is taken)."""
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
        pair = _issue(context, session, login, Role.OWNER)
        # One transaction for all of it: continue as the new tenant to add the membership.
        enter_tenant(session, tenant.id)
        add_member(session, user_id=user.id, role=Role.OWNER)
        return Registered(user=_user_public(user), tenant=_tenant_public(tenant), tokens=pair)


@router.post(
    "/login", dependencies=[Depends(throttle_login)], responses=problem_responses(401, 403)
)
def login(body: LoginRequest, context: ContextDep) -> TokenPair:
    """Exchange email and password for an access token and a refresh token."""
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
            return _issue(context, session, login, chosen[0].role)
    raise AuthenticationError("wrong email or password", hint="check both, or register")


@router.post("/refresh", responses=problem_responses(401))
def refresh(body: RefreshRequest, context: ContextDep) -> TokenPair:
    """Trade a refresh token for new tokens; each refresh token works once.

    Presenting a refresh token a second time ends its whole session: someone copied it.
    """
    claims = context.tokens.verify(body.refresh_token, type="refresh")
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


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(401))
def logout(body: RefreshRequest, context: ContextDep) -> Response:
    """End the session of a refresh token: its access and refresh tokens stop working."""
    claims = context.tokens.verify(body.refresh_token, type="refresh")
    with context.instance.database.system_session() as session:
        revoke_session(session, session_id=claims.session_id, reason="logout")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


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
