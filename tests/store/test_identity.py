"""Users, memberships and API keys: hashing, authentication, revocation, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, UserInputError
from presswright.store.api_keys import authenticate_api_key, create_api_key, revoke_api_key
from presswright.store.models import ApiKey, Role, User, utcnow
from presswright.store.tenancy import (
    add_member,
    authenticate_user,
    create_tenant,
    create_user,
    memberships_of_user,
)


@pytest.fixture
def member(instance: Instance):
    with instance.database.system_session() as session:
        tenant = create_tenant(session, name="Acme Shop")
        user = create_user(session, email="Ada@Example.com", password="correct horse battery")
        ids = tenant.id, user.id
    with instance.database.tenant_session(ids[0]) as session:
        add_member(session, user_id=ids[1], role=Role.EDITOR)
    return ids


def test_passwords_are_argon2_and_emails_case_insensitive(instance: Instance, member) -> None:
    with instance.database.system_session() as session:
        user = session.scalar(select(User))
        assert user.email == "ada@example.com"
        assert user.password_hash.startswith("$argon2id$")
        assert "correct horse" not in user.password_hash
        assert authenticate_user(session, email="ADA@example.com", password="correct horse battery")
        assert (
            authenticate_user(session, email="ada@example.com", password="wrong password!") is None
        )
        assert authenticate_user(session, email="nobody@example.com", password="whatever12") is None
        with pytest.raises(AlreadyExistsError):
            create_user(session, email="ada@EXAMPLE.com", password="another password")


def test_bad_user_input_is_refused(instance: Instance) -> None:
    with instance.database.system_session() as session:
        with pytest.raises(UserInputError, match="not an email"):
            create_user(session, email="not-an-email", password="long enough pw")
        with pytest.raises(UserInputError, match="at least 10"):
            create_user(session, email="a@b.c", password="short")
        with pytest.raises(UserInputError, match="needs a name"):
            create_tenant(session, name="   ")


def test_tenant_slugs_are_unique(instance: Instance) -> None:
    with instance.database.system_session() as session:
        first = create_tenant(session, name="Acme Shop")
        second = create_tenant(session, name="Acme  shop!")
        assert (first.slug, second.slug) == ("acme-shop", "acme-shop-2")
        with pytest.raises(AlreadyExistsError):
            create_tenant(session, name="x", slug="acme-shop")


def test_api_key_lifecycle(instance: Instance, member) -> None:
    tenant_id, user_id = member
    db = instance.database
    with db.tenant_session(tenant_id) as session:
        key, raw = create_api_key(session, user_id=user_id, name="ci")
        key_id = key.id
    assert raw.startswith("pw_")
    assert len(raw) > 40
    with db.system_session() as session:
        stored = session.get(ApiKey, key_id)
        assert raw not in (stored.key_hash, stored.prefix)
        assert raw.startswith(stored.prefix)
        principal = authenticate_api_key(session, raw)
        assert principal is not None
        assert (principal.tenant_id, principal.user_id, principal.role) == (
            tenant_id,
            user_id,
            Role.EDITOR,
        )
        assert authenticate_api_key(session, raw[:-1] + ("a" if raw[-1] != "a" else "b")) is None
        assert authenticate_api_key(session, "pw_short") is None
        assert authenticate_api_key(session, "sk-" + raw[3:]) is None
    with db.tenant_session(tenant_id) as session:
        revoke_api_key(session, key_id=key_id)
    with db.system_session() as session:
        assert authenticate_api_key(session, raw) is None


def test_expired_api_key_is_refused(instance: Instance, member) -> None:
    tenant_id, user_id = member
    with instance.database.tenant_session(tenant_id) as session:
        _, raw = create_api_key(
            session, user_id=user_id, name="old", expires_at=utcnow() - timedelta(seconds=1)
        )
        _, fresh = create_api_key(
            session, user_id=user_id, name="new", expires_at=utcnow() + timedelta(hours=1)
        )
    with instance.database.system_session() as session:
        assert authenticate_api_key(session, raw) is None
        assert authenticate_api_key(session, fresh) is not None


def test_api_keys_only_for_members(instance: Instance, member) -> None:
    tenant_id, _ = member
    with instance.database.system_session() as session:
        outsider = create_user(session, email="eve@example.com", password="correct horse 2").id
        assert len(memberships_of_user(session, user_id=outsider)) == 0
    with (
        pytest.raises(UserInputError, match="not a member"),
        instance.database.tenant_session(tenant_id) as session,
    ):
        create_api_key(session, user_id=outsider, name="sneaky")
