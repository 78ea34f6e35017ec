"""The bad-token corpus: every forged, stale, misaddressed or mangled token gets 401."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from presswright.api.tokens import signing_key
from presswright.bootstrap import Instance
from presswright.instance_secret import load_instance_secret
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login


@pytest.fixture
def backend() -> str:
    """SQLite only: no storage difference here."""
    return "sqlite"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _hand_signed(header: dict[str, Any], claims: dict[str, Any], secret: bytes | None) -> str:
    """A JWT assembled by hand, as an attacker would (PyJWT refuses to make some of these)."""
    head = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
    if secret is None:
        return head + "."
    return head + "." + _b64(hmac.new(secret, head.encode(), hashlib.sha256).digest())


def _corpus(instance: Instance, access: str, refresh: str) -> dict[str, str]:
    key = signing_key(load_instance_secret(instance.settings))
    good: dict[str, Any] = jwt.decode(access, options={"verify_signature": False})
    now = datetime.now(UTC)

    def signed(**changes: Any) -> str:
        claims = {**good, **changes}
        return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, "HS256")

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    tampered_claims = {**good, "role": "owner", "sub": str(uuid.uuid4())}
    header, _, signature = access.split(".")
    tampered = header + "." + _b64(json.dumps(tampered_claims).encode()) + "." + signature
    return {
        "alg none": _hand_signed({"alg": "none", "typ": "JWT"}, good, None),
        "alg None": _hand_signed({"alg": "None", "typ": "JWT"}, good, None),
        "wrong key": jwt.encode(good, b"another-key-of-32-bytes-length!!", "HS256"),
        "HS/RS confusion": _hand_signed({"alg": "HS256", "typ": "JWT"}, good, public_pem),
        "RS256 foreign alg": jwt.encode(good, private, "RS256"),
        "HS512 foreign alg": jwt.encode(good, key, "HS512"),
        "expired": signed(
            iat=now - timedelta(hours=2), nbf=now - timedelta(hours=2), exp=now - timedelta(hours=1)
        ),
        "future nbf": signed(nbf=now + timedelta(hours=1)),
        "future iat": signed(iat=now + timedelta(hours=1)),
        "wrong aud": signed(aud="someone-else"),
        "aud list": signed(aud=["presswright-api", "other"]),
        "wrong iss": signed(iss="evil"),
        "wrong typ (refresh as access)": refresh,
        "typ missing": signed(typ=None),
        "exp missing": signed(exp=None),
        "missing sub": signed(sub=None),
        "sub not a uuid": signed(sub="admin"),
        "unknown user": signed(sub=str(uuid.uuid4())),
        "unknown session": signed(sid=str(uuid.uuid4())),
        "role not a role": signed(role="superuser"),
        "tampered payload": tampered,
        "truncated": access[:-6],
        "no signature part": header + "." + access.split(".")[1],
        "garbage": "garbage",
        "three garbage parts": "a.b.c",
        "random eyJ": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
    }


@pytest.mark.filterwarnings("ignore:The HMAC key")
def test_bad_tokens_are_all_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    tokens = login(client, make_member(Role.OWNER))
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 200
    corpus = _corpus(instance, tokens["access_token"], tokens["refresh_token"])
    answers = {
        name: client.get("/api/v1/me", headers=bearer(token)) for name, token in corpus.items()
    }
    wrong = {name: r.status_code for name, r in answers.items() if r.status_code != 401}
    assert wrong == {}
    for response in answers.values():
        assert response.headers["content-type"] == "application/problem+json"
        assert "Traceback" not in response.text


def test_token_of_another_tenant_claim_is_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.OWNER)
    stranger = make_member(Role.OWNER)
    access = login(client, member)["access_token"]
    claims = jwt.decode(access, options={"verify_signature": False})
    key = signing_key(load_instance_secret(instance.settings))
    forged = jwt.encode({**claims, "tid": str(stranger.tenant_id)}, key, "HS256")
    assert client.get("/api/v1/me", headers=bearer(forged)).status_code == 401


def test_missing_or_odd_credentials(client: TestClient) -> None:
    for headers in (
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
        {"X-API-Key": "pw_short"},
        {"X-API-Key": "pw_" + "x" * 43},
        {"Authorization": "Bearer pw_" + "y" * 43},
    ):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith("Bearer")
