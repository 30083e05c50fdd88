"""Outgoing mail: SMTP when configured, otherwise the admins' outbox (both recorded)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Mail, utcnow

log = logging.getLogger("interviews.mail")


@dataclass(frozen=True)
class SMTPSettings:
    host: str = ""
    port: int = 587
    username: str = ""
    password: str = ""
    sender: str = "Interview Platform <noreply@localhost>"
    starttls: bool = False
    timeout_s: float = 15.0

    @property
    def enabled(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class Outgoing:
    kind: str
    to_addr: str
    subject: str
    body: str
    to_user: str | None = None
    ics: str | None = None
    ics_method: str = "REQUEST"
    interview_id: int | None = None


def queue_mail(session: Session, message: Outgoing) -> Mail:
    mail = Mail(
        kind=message.kind,
        to_user=message.to_user,
        to_addr=message.to_addr,
        subject=message.subject,
        body=message.body,
        ics=message.ics,
        interview_id=message.interview_id,
        status="pending",
    )
    session.add(mail)
    session.flush()
    return mail


def _build(settings: SMTPSettings, mail: Mail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = mail.to_addr
    msg["Subject"] = mail.subject
    msg.set_content(mail.body)
    if mail.ics:
        method = "CANCEL" if "METHOD:CANCEL" in mail.ics else "REQUEST"
        msg.add_attachment(
            mail.ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": method},
        )
    return msg


def _send_sync(settings: SMTPSettings, messages: list[EmailMessage]) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password)
        for msg in messages:
            smtp.send_message(msg)


class Mailer:
    def __init__(self, settings: SMTPSettings) -> None:
        self.settings = settings

    async def deliver(self, session: Session, mails: list[Mail]) -> None:
        """Send ``mails`` now (SMTP) or leave them in the outbox; record the outcome."""
        if not mails:
            return
        if not self.settings.enabled:
            for mail in mails:
                mail.status = "outbox"
            return
        try:
            await asyncio.to_thread(
                _send_sync, self.settings, [_build(self.settings, m) for m in mails]
            )
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("SMTP delivery failed: %s", exc)
            for mail in mails:
                mail.status, mail.error = "failed", str(exc)[:500]
            return
        for mail in mails:
            mail.status, mail.sent_at = "sent", utcnow()


def outbox(session: Session, limit: int = 200) -> list[Mail]:
    return list(session.scalars(select(Mail).order_by(Mail.id.desc()).limit(limit)))
