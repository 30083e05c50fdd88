"""Signed, expiring set-password links (interview_hub.links) without a hub."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

from interview_hub.links import (
    LinkError,
    SetPasswordClaim,
    sign_set_password,
    token_digest,
    verify_set_password,
)

SECRET = "s3cret-for-tests"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign_raw(payload: object, secret: str = SECRET) -> str:
    """Sign any payload the way the service does, to test what verify makes of it."""
    body = _b64(json.dumps(payload).encode())
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def test_round_trip_gives_the_claim() -> None:
    before = int(time.time())
    token = sign_set_password(SECRET, "newhire", ttl_s=3600)
    claim = verify_set_password(SECRET, token)
    assert isinstance(claim, SetPasswordClaim)
    assert claim.username == "newhire"
    assert before + 3600 <= claim.expires_at <= int(time.time()) + 3600
    assert len(claim.nonce) == 16
    # URL-safe: it goes into /hub/set-password/<token>
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_unicode_username_round_trips() -> None:
    claim = verify_set_password(SECRET, sign_set_password(SECRET, "zoë-李"))
    assert claim.username == "zoë-李"


def test_every_link_is_different() -> None:
    tokens = {sign_set_password(SECRET, "newhire") for _ in range(20)}
    assert len(tokens) == 20
    nonces = {verify_set_password(SECRET, t).nonce for t in tokens}
    assert len(nonces) == 20


def test_default_lifetime_is_seven_days() -> None:
    claim = verify_set_password(SECRET, sign_set_password(SECRET, "newhire"))
    assert abs(claim.expires_at - (time.time() + 7 * 24 * 3600)) < 5


def test_expiry_uses_now() -> None:
    token = sign_set_password(SECRET, "newhire", ttl_s=60)
    exp = verify_set_password(SECRET, token).expires_at
    assert verify_set_password(SECRET, token, now=exp - 1).username == "newhire"
    assert verify_set_password(SECRET, token, now=exp).username == "newhire"  # last second
    with pytest.raises(LinkError, match="expired"):
        verify_set_password(SECRET, token, now=exp + 1)
    with pytest.raises(LinkError, match="expired"):
        verify_set_password(SECRET, token, now=exp + 30 * 86400)


def test_already_expired_link() -> None:
    token = sign_set_password(SECRET, "newhire", ttl_s=-1)
    with pytest.raises(LinkError, match="expired"):
        verify_set_password(SECRET, token)


def test_expiry_is_checked_only_after_the_signature() -> None:
    """A forged, expired link says 'not valid', not 'expired' (no oracle for forgers)."""
    token = sign_set_password("another-secret", "newhire", ttl_s=-100)
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, token)


def test_wrong_secret_is_refused() -> None:
    token = sign_set_password("another-secret", "newhire")
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, token)


def test_tampered_username_is_refused() -> None:
    token = sign_set_password(SECRET, "newhire")
    body, mac = token.split(".")
    payload = json.loads(_unb64(body))
    payload["u"] = "admin"
    forged = f"{_b64(json.dumps(payload, separators=(',', ':')).encode())}.{mac}"
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, forged)


def test_extended_expiry_is_refused() -> None:
    token = sign_set_password(SECRET, "newhire", ttl_s=-10)
    body, mac = token.split(".")
    payload = json.loads(_unb64(body))
    payload["exp"] = int(time.time()) + 10**6
    forged = f"{_b64(json.dumps(payload, separators=(',', ':')).encode())}.{mac}"
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, forged)


@pytest.mark.parametrize("position", [0, 10, -1], ids=["first", "middle", "last"])
def test_flipped_character_in_mac_is_refused(position: int) -> None:
    token = sign_set_password(SECRET, "newhire")
    body, mac = token.split(".")
    chars = list(mac)
    chars[position] = "A" if chars[position] != "A" else "B"
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, f"{body}.{''.join(chars)}")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("", id="empty"),
        pytest.param("garbage", id="no-dot"),
        pytest.param(".", id="only-dot"),
        pytest.param("a.b", id="short-parts"),
        pytest.param("!!!.???", id="not-base64"),
        pytest.param("é.ü", id="non-ascii"),
        pytest.param("a.b.c", id="three-parts"),
        pytest.param("=" * 40 + "." + "=" * 40, id="padding-only"),
    ],
)
def test_malformed_tokens_are_link_errors(token: str) -> None:
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, token)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param([1, 2, 3], id="list"),
        pytest.param("newhire", id="string"),
        pytest.param(42, id="number"),
        pytest.param(None, id="null"),
        pytest.param({"u": "newhire", "n": "x"}, id="missing-exp"),
        pytest.param({"exp": 2**40, "n": "x"}, id="missing-user"),
        pytest.param({"u": "newhire", "exp": 2**40}, id="missing-nonce"),
        pytest.param({"u": "newhire", "exp": "tomorrow", "n": "x"}, id="exp-not-a-number"),
        pytest.param({"u": "newhire", "exp": None, "n": "x"}, id="exp-null"),
    ],
)
def test_signed_but_malformed_payloads_are_link_errors(payload: object) -> None:
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, _sign_raw(payload))


def test_body_that_is_not_json_is_a_link_error() -> None:
    body = _b64(b"\xff\xfe not json")
    mac = _b64(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest())
    with pytest.raises(LinkError, match="not valid"):
        verify_set_password(SECRET, f"{body}.{mac}")


def test_link_error_is_a_value_error() -> None:
    assert issubclass(LinkError, ValueError)


def test_token_digest() -> None:
    token = sign_set_password(SECRET, "newhire")
    digest = token_digest(token)
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert len(digest) == 64 and token not in digest
    assert token_digest(token) == digest
    assert token_digest(sign_set_password(SECRET, "newhire")) != digest
