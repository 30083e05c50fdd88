"""Stream tokens as the getstream SDK mints them for us, offline (no request to Stream)."""

from __future__ import annotations

import time

import jwt
import pytest

from interview_hub.service.domain.stream_video import (
    StreamSettings,
    StreamVideo,
    call_id,
    user_id,
)

SECRET = "unit-secret-0123456789abcdef0123456789abcdef"


@pytest.fixture
def stream() -> StreamVideo:
    return StreamVideo(StreamSettings(api_key="key", api_secret=SECRET))


def test_user_token_names_the_user_and_expires(stream: StreamVideo) -> None:
    before = int(time.time())
    claims = jwt.decode(stream.user_token("carol", 600), SECRET, algorithms=["HS256"])
    assert claims["user_id"] == user_id("carol")
    assert before + 600 <= claims["exp"] <= int(time.time()) + 600
    assert "call_cids" not in claims and "role" not in claims


def test_call_token_is_for_one_call_and_the_participants_role(stream: StreamVideo) -> None:
    token = stream.call_token("bob", "interviewer", "abc123", 3600)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["user_id"] == user_id("bob")
    assert claims["call_cids"] == [f"default:{call_id('abc123')}"]
    assert claims["role"] == "host"
    candidate = jwt.decode(
        stream.call_token("carol", "candidate", "abc123", 3600), SECRET, algorithms=["HS256"]
    )
    assert candidate["role"] == "call_member"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, SECRET[::-1], algorithms=["HS256"])


def test_token_lifetime_covers_the_rest_of_the_interview(stream: StreamVideo) -> None:
    assert stream.ttl(3600) == 3600 + 300  # plus the grace period
    assert stream.ttl(-1000) == 60  # an interview past its end still gets a short token
    payload = stream.session_payload("carol", "candidate", "abc123", 1200)
    assert payload["base_url"] is None and payload["call"]["id"] == call_id("abc123")
    claims = jwt.decode(payload["token"], SECRET, algorithms=["HS256"])
    assert abs(claims["exp"] - payload["expires_at"]) <= 2


def test_not_configured_without_both_keys() -> None:
    assert not StreamSettings(api_key="key").enabled
    assert not StreamSettings(api_secret=SECRET).enabled
    assert StreamSettings(api_key="key", api_secret=SECRET).enabled
