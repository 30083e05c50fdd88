"""Retention: how long interview files are kept, and deleting a person's account.

Interview files (the archived notebook, its edit history, recordings) live under
``DATA_DIR/archive/<interview id>/``. After the retention period they are deleted for real;
the interview's record, scores and decision stay, so statistics survive.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..db.models import (
    AwaySignal,
    Feedback,
    Interview,
    InterviewerNote,
    Mail,
    Participant,
    Person,
    Recording,
    Setting,
    TestRun,
)
from ..errors import Conflict, Invalid
from .people import audit

log = logging.getLogger("interviews.retention")
RETENTION_KEY = "retention_days"
DEFAULT_RETENTION_DAYS = 365


def get_setting(session: Session, key: str, default: Any) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_retention(session: Session, actor: str, days: int, now: datetime) -> int:
    if not 1 <= days <= 3650:
        raise Invalid(
            "Keep files between 1 and 3650 days.",
            fields=[{"field": "days", "message": "1 to 3650"}],
        )
    row = session.get(Setting, RETENTION_KEY)
    if row is None:
        session.add(Setting(key=RETENTION_KEY, value=days, updated_by=actor, updated_at=now))
    else:
        row.value, row.updated_by, row.updated_at = days, actor, now
    audit(session, actor, "retention.set", "", days=days)
    return days


def archive_dir(data_dir: Path, interview: Interview) -> Path:
    return data_dir / "archive" / interview.public_id


def purge_expired(session: Session, data_dir: Path, now: datetime) -> list[str]:
    """Delete the files of interviews that ended before the retention period; return their ids."""
    days = int(get_setting(session, RETENTION_KEY, DEFAULT_RETENTION_DAYS))
    cutoff = now - timedelta(days=days)
    purged = []
    stmt = select(Interview).where(
        Interview.starts_at < cutoff, Interview.files_purged_at.is_(None)
    )
    for interview in session.scalars(stmt):
        if interview.ends_at >= cutoff:
            continue
        from .recordings import local_store, purge

        purge(session, local_store(data_dir), interview, now)  # recordings, then the folder
        folder = archive_dir(data_dir, interview)
        if folder.is_symlink():
            folder.unlink()
        elif folder.exists():
            shutil.rmtree(folder)
        interview.files_purged_at = now
        purged.append(interview.public_id)
        log.info("retention: deleted the files of interview %s", interview.public_id)
    return purged


def pseudonym(username: str) -> str:
    return "deleted-" + hashlib.sha256(username.encode()).hexdigest()[:8]


def forget_person(session: Session, actor: str, username: str) -> str:
    """Remove a person's personal data from the service; reports keep scores under a pseudonym."""
    if actor == username:
        raise Conflict("You cannot delete your own account here.", reason="self")
    alias = pseudonym(username)
    session.execute(
        update(Participant).where(Participant.username == username).values(username=alias)
    )
    session.execute(
        update(TestRun).where(TestRun.requested_by == username).values(requested_by=alias)
    )
    session.execute(update(Feedback).where(Feedback.author == username).values(author=alias))
    session.execute(
        update(InterviewerNote).where(InterviewerNote.author == username).values(author=alias)
    )
    session.execute(
        update(Interview).where(Interview.created_by == username).values(created_by=alias)
    )
    session.execute(
        update(Recording).where(Recording.started_by == username).values(started_by=alias)
    )
    session.execute(update(AwaySignal).where(AwaySignal.person == username).values(person=alias))
    for mail in session.scalars(select(Mail).where(Mail.to_user == username)):
        session.delete(mail)
    person = session.scalar(select(Person).where(Person.username == username))
    if person is not None:
        session.delete(person)
    audit(session, actor, "person.deleted", alias)
    return alias
