"""Hub account names that belong to the platform, never to a person.

Every interview server is owned by an account of its own (``iv-`` + 10 hex digits), created by
the interviews service through the hub API. Nobody may sign up under, or sign in as, such a
name: whoever held it would own an interview's server.
"""

from __future__ import annotations

import re
from typing import Any

INTERVIEW_ACCOUNT = re.compile(r"^iv-[0-9a-f]{10}$")


def is_interview_account(name: str) -> bool:
    return bool(INTERVIEW_ACCOUNT.match(name))


def refuse_interview_accounts(
    authenticator: Any, handler: Any, authentication: dict[str, Any] | None
) -> dict[str, Any] | None:
    """``Authenticator.post_auth_hook``: no sign-in (local or through an identity provider)
    may end in an interview account."""
    if authentication and is_interview_account(str(authentication.get("name", ""))):
        authenticator.log.warning(
            "Refused a sign-in as %s: interview accounts are not for people",
            authentication.get("name"),
        )
        return None
    return authentication
