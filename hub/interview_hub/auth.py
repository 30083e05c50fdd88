"""Hub-side authentication: local accounts (NativeAuthenticator) with the gaps closed.

* Every hub user gets a NativeAuthenticator record as soon as the hub knows the name
  (created by an admin, by an invitation, or from configuration), so nobody can claim that
  name through open sign-up; the owner sets a password through a one-time signed link.
* Demo accounts get their passwords on first start.
* The sign-up email travels to the interviews service in ``auth_state``.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import bcrypt
from jupyterhub.orm import User as OrmUser
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LocalBase
from nativeauthenticator.orm import UserInfo
from sqlalchemy import Column, Float, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError
from traitlets import Bool, Unicode

from .demo import DEMO_ACCOUNTS
from .links import LinkError, token_digest, verify_set_password
from .names import is_interview_account

_meta = MetaData()
used_links = Table(
    "ip_used_set_password_links",
    _meta,
    Column("digest", String(64), primary_key=True),
    Column("username", String(255), nullable=False),
    Column("used_at", Float, nullable=False),
)


class SetPasswordHandler(LocalBase):
    """``/hub/set-password/<token>``: one-time password setting for invited accounts."""

    def _claim(self, token: str) -> tuple[str, str | None]:
        auth: InterviewNativeAuthenticator = self.authenticator
        try:
            claim = verify_set_password(auth.link_secret, token)
        except LinkError as exc:
            return "", str(exc)
        row = self.db.execute(
            select(used_links.c.digest).where(used_links.c.digest == token_digest(token))
        ).first()
        if row is not None:
            return claim.username, (
                "This link has already been used. Sign in with your password, or ask an "
                "administrator for a new link."
            )
        if auth.get_user(claim.username) is None and OrmUser.find(self.db, claim.username) is None:
            return claim.username, "This account no longer exists."
        return claim.username, None

    async def _render(
        self, token: str, username: str, error: str | None, done: bool = False, status: int = 200
    ) -> None:
        self.set_status(status)
        html = await self.render_template(
            "set-password.html",
            token=token,
            username=username,
            error=error,
            done=done,
            minimum_password_length=self.authenticator.minimum_password_length,
        )
        self.finish(html)

    async def get(self, token: str) -> None:
        username, error = self._claim(token)
        await self._render(token, username, error, status=400 if error else 200)

    async def post(self, token: str) -> None:
        username, error = self._claim(token)
        if error:
            await self._render(token, username, error, status=400)
            return
        password = self.get_body_argument("password", "", strip=False)
        confirmation = self.get_body_argument("password_confirmation", "", strip=False)
        auth: InterviewNativeAuthenticator = self.authenticator
        problem = auth.password_problem(password)
        if not problem and password != confirmation:
            problem = "The two passwords differ. Type the same password twice."
        if problem:
            await self._render(token, username, problem, status=400)
            return
        try:
            self.db.execute(
                insert(used_links).values(
                    digest=token_digest(token), username=username, used_at=time.time()
                )
            )
        except IntegrityError:
            self.db.rollback()
            await self._render(token, username, "This link has already been used.", status=400)
            return
        info = auth.get_user(username)
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
        if info is None:
            info = UserInfo(username=username, password=hashed, is_authorized=True)
            self.db.add(info)
        else:
            info.password = hashed
            info.is_authorized = True
        self.db.commit()
        self.log.info("Password set through a one-time link for %s", username)
        await self._render(token, username, None, done=True)


class InterviewNativeAuthenticator(NativeAuthenticator):
    """NativeAuthenticator with set-password links, demo accounts and email in auth_state."""

    link_secret = Unicode(
        help="Secret shared with the interviews service to sign set-password links."
    ).tag(config=True)

    demo_accounts = Bool(False, help="Give the demo accounts their passwords.").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _meta.create_all(self.db.bind, tables=[used_links])

    def create_user(self, username: str, password: str, **kwargs: Any) -> Any:
        """Sign-up: never under an interview account's name (see names.py)."""
        if is_interview_account(self.normalize_username(username)):
            return None
        return super().create_user(username, password, **kwargs)

    def password_problem(self, password: str) -> str | None:
        if len(password) < self.minimum_password_length:
            return f"Use at least {self.minimum_password_length} characters."
        if self.check_common_password and self.is_password_common(password):
            return "This password is too common. Choose one that is harder to guess."
        return None

    async def authenticate(self, handler: Any, data: dict[str, str]) -> dict[str, Any] | None:
        name = await super().authenticate(handler, data)
        if not name:
            return None
        info = self.get_user(name)
        email = (info.email or "") if info is not None else ""
        return {
            "name": name,
            "auth_state": {"provider": "native", "email": email, "email_verified": False},
        }

    def add_user(self, user: Any) -> Any:
        """Reserve every name the hub knows, so open sign-up can never claim it."""
        if self.get_user(user.name) is None:
            demo = next((a for a in DEMO_ACCOUNTS if a.name == user.name), None)
            if self.demo_accounts and demo is not None:
                password, email = demo.password, demo.email
            else:
                password, email = secrets.token_urlsafe(32), ""
            info = UserInfo(
                username=user.name,
                # a demo password is public and a reserved name's is 32 random bytes: neither
                # gains from a slow hash, which would cost every hub start ~0.4 s an account
                password=bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)),
                is_authorized=True,
                email=email or None,
            )
            self.db.add(info)
            self.db.commit()
            self.log.info(
                "Reserved local account %s (password set by link%s)",
                user.name,
                ", demo" if demo and self.demo_accounts else "",
            )
        return super().add_user(user)

    def get_handlers(self, app: Any) -> list[tuple[str, Any]]:
        return [*super().get_handlers(app), (r"/set-password/([^/]+)", SetPasswordHandler)]
