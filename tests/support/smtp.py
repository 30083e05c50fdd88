"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.platform import free_port


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        with self._cond:
            self.messages.append(msg)
            self._cond.notify_all()
        return "250 OK"

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> EmailMessage:
        """Block until a message matching ``predicate`` has arrived (no polling)."""
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((m for m in self.messages if predicate(m)), None), timeout
            )
        if found is None:
            subjects = [(m["To"], m["Subject"]) for m in self.messages]
            raise AssertionError(f"no matching mail within {timeout}s; got {subjects}")
        return found

    def to(self, address: str, subject_part: str, timeout: float = 20.0) -> EmailMessage:
        return self.wait_for(
            lambda m: address in str(m["To"]) and subject_part in str(m["Subject"]), timeout
        )


class SMTPServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def env(self) -> dict[str, str]:
        return {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(self.port),
            "MAIL_FROM": "Interviews <interviews@hire.test>",
        }


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def ics_of(msg: EmailMessage) -> str:
    for part in msg.iter_attachments():
        if part.get_content_type() == "text/calendar":
            content = part.get_content()
            return content.decode() if isinstance(content, bytes) else str(content)
    raise AssertionError("no calendar invite attached")
