"""Stream (getstream.io) as the video provider, when its keys are configured.

The service is the only holder of the API secret. For a participant of a live interview it
mints a **call token** with the ``getstream`` SDK (an HS256 JWT signed offline, no request to
Stream): ``user_id``, ``call_cids`` = this interview's call only, ``role`` = the participant's
call role, ``exp`` = the interview's end plus a grace period. The browser connects with it;
it never receives a plain user token, which would let it join any call of the call type whose
id it learns. The service creates the call through Stream's API (``get_or_create``) with the
interview's participants as its only members and a duration limit, blocks panelists removed
from the interview, and ends the call when the interview stops being live.

Stream cannot be reached from the test machine, so the API calls are tested against a local
double of Stream's REST API (tests/video/test_stream_provider.py) and the tokens by decoding
them; this module talks to whatever ``base_url`` says.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from typing import Any

from ..errors import ServiceError

CALL_ROLES = {"interviewer": "host", "candidate": "call_member"}
"""Our participant roles → Stream call roles (``host`` may end the call and mute others)."""


class StreamUnavailable(ServiceError):
    status = 502
    reason = "stream_unavailable"


@dataclass(frozen=True)
class StreamSettings:
    api_key: str = ""
    api_secret: str = ""
    base_url: str = ""  # "" → the SDK's default (https://video.stream-io-api.com)
    call_type: str = "default"
    # where the browser SDK asks which edge is nearest ("" → Stream's own hint service)
    location_hint_url: str = ""
    grace_s: int = 300  # tokens and the call outlive the scheduled end by this much
    timeout_s: float = 10.0

    @property
    def enabled(self) -> bool:
        return bool(self.api_key and self.api_secret)


def user_id(username: str) -> str:
    """A Stream user id for a hub user: Stream allows ``[@A-Za-z0-9_-]`` only, so other
    characters become ``-`` and a short hash of the real name keeps ids distinct."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", username)[:48]
    return f"ip_{safe}_{hashlib.sha256(username.encode()).hexdigest()[:8]}"


def call_id(interview_public_id: str) -> str:
    return f"interview-{interview_public_id}"


@dataclass
class StreamVideo:
    """Token minting and call management for one service (one API client, created lazily)."""

    settings: StreamSettings
    _client: Any = field(default=None, init=False, repr=False)
    # call id → the member set last written to Stream, so a join costs one request at most
    _members: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict, init=False)

    @property
    def client(self) -> Any:
        if self._client is None:
            from getstream import AsyncStream

            kwargs: dict[str, Any] = {"timeout": self.settings.timeout_s}
            if self.settings.base_url:
                kwargs["base_url"] = self.settings.base_url
            self._client = AsyncStream(self.settings.api_key, self.settings.api_secret, **kwargs)
        return self._client

    def cid(self, interview_public_id: str) -> str:
        return f"{self.settings.call_type}:{call_id(interview_public_id)}"

    def ttl(self, seconds_left: float) -> int:
        """Seconds a token lives: the rest of the interview plus the grace period (≥ 60 s)."""
        return max(60, int(seconds_left) + self.settings.grace_s)

    def call_token(self, username: str, role: str, interview_public_id: str, ttl_s: int) -> str:
        """A JWT for this participant and this call only (signed here, offline)."""
        return str(
            self.client.create_call_token(
                user_id(username),
                call_cids=[self.cid(interview_public_id)],
                role=CALL_ROLES.get(role, "call_member"),
                expiration=ttl_s,
            )
        )

    def user_token(self, username: str, ttl_s: int) -> str:
        """A plain user token (any call the user may join); for server-side tools only."""
        return str(self.client.create_token(user_id(username), expiration=ttl_s))

    async def ensure_call(
        self,
        interview_public_id: str,
        title: str,
        participants: list[tuple[str, str]],
        created_by: str,
        seconds_left: float,
    ) -> None:
        """Create the call (or bring its members up to date): the participants are its only
        members, with their call roles; removed members are blocked from it."""
        from getstream.models import (
            CallRequest,
            CallSettingsRequest,
            LimitsSettingsRequest,
            MemberRequest,
            UserRequest,
        )

        cid = call_id(interview_public_id)
        want = frozenset(participants)
        if self._members.get(cid) == want:
            return
        users = [
            UserRequest(id=user_id(name), name=name, custom={"interview_role": role})
            for name, role in sorted(want)
        ]
        if created_by not in {name for name, _ in want}:  # an admin who scheduled it
            users.append(UserRequest(id=user_id(created_by), name=created_by))
        members = [
            MemberRequest(user_id=user_id(name), role=CALL_ROLES.get(role, "call_member"))
            for name, role in sorted(want)
        ]
        call = self.client.video.call(self.settings.call_type, cid)
        try:
            await self.client.upsert_users(*users)
            await call.get_or_create(
                data=CallRequest(
                    created_by_id=user_id(created_by),
                    members=members,
                    custom={"interview": interview_public_id, "title": title[:200]},
                    settings_override=CallSettingsRequest(
                        limits=LimitsSettingsRequest(
                            max_participants=max(2, len(want)),
                            max_duration_seconds=self.ttl(seconds_left),
                        )
                    ),
                )
            )
            before = self._members.get(cid)
            if before is not None:
                gone = {name for name, _ in before} - {name for name, _ in want}
                await call.update_call_members(
                    update_members=members,
                    remove_members=[user_id(name) for name in sorted(gone)] or None,
                )
                for name in sorted(gone):
                    await call.block_user(user_id(name))
        except Exception as exc:  # the SDK raises its own errors and httpx's
            raise StreamUnavailable(
                f"Stream could not set up the call ({type(exc).__name__}: {exc}). "
                "Check STREAM_API_KEY / STREAM_API_SECRET and that Stream is reachable.",
            ) from exc
        self._members[cid] = want

    async def end_call(self, interview_public_id: str) -> None:
        """End the call for everyone (the interview stopped being live)."""
        cid = call_id(interview_public_id)
        self._members.pop(cid, None)
        await self.client.video.call(self.settings.call_type, cid).end()

    def session_payload(
        self, username: str, role: str, interview_public_id: str, seconds_left: float
    ) -> dict[str, Any]:
        """What the browser needs to join with Stream's JavaScript SDK."""
        ttl_s = self.ttl(seconds_left)
        base = self.settings.base_url.rstrip("/")
        return {
            "provider": "stream",
            "api_key": self.settings.api_key,
            # the JavaScript SDK's base URL is the API's plus /video (its default:
            # https://video.stream-io-api.com/video); None → the SDK's default
            "base_url": f"{base}/video" if base else None,
            "location_hint_url": self.settings.location_hint_url or None,
            "user": {"id": user_id(username), "name": username},
            "role": role,
            "call": {
                "type": self.settings.call_type,
                "id": call_id(interview_public_id),
                "cid": self.cid(interview_public_id),
            },
            "token": self.call_token(username, role, interview_public_id, ttl_s),
            "expires_at": int(time.time()) + ttl_s,
        }
