"""Interviewer notes: private to the panel (and the hiring team), never in the interview server."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Interview, InterviewerNote, NoteRevision
from ..errors import Forbidden
from .interviews import Viewer

MAX_NOTE = 100_000


def _readable_by(interview: Interview, viewer: Viewer) -> bool:
    return viewer.name in interview.interviewers or viewer.role == "reviewer" or viewer.admin


def read(session: Session, viewer: Viewer, interview: Interview) -> dict[str, Any]:
    if not _readable_by(interview, viewer):
        raise Forbidden(
            "Notes are for the interview's panel and the hiring team.", reason="not_on_panel"
        )
    notes = list(
        session.scalars(
            select(InterviewerNote)
            .where(InterviewerNote.interview_id == interview.id)
            .order_by(InterviewerNote.author)
        )
    )
    mine = next((n for n in notes if n.author == viewer.name), None)
    return {
        "can_write": viewer.name in interview.interviewers,
        "mine": {
            "text": mine.text if mine else "",
            "updated_at": mine.updated_at.isoformat() if mine else None,
        },
        "panel": [
            {"author": n.author, "text": n.text, "updated_at": n.updated_at.isoformat()}
            for n in notes
            if n.author != viewer.name
        ],
    }


def save(
    session: Session, viewer: Viewer, interview: Interview, text: str, now: datetime
) -> InterviewerNote:
    if viewer.name not in interview.interviewers:
        raise Forbidden("Only interviewers on the panel keep notes here.", reason="not_on_panel")
    note = session.scalar(
        select(InterviewerNote).where(
            InterviewerNote.interview_id == interview.id, InterviewerNote.author == viewer.name
        )
    )
    if note is None:
        note = InterviewerNote(interview_id=interview.id, author=viewer.name, text="")
        session.add(note)
        session.flush()
    if note.text != text:
        note.text, note.updated_at = text, now
        session.add(NoteRevision(note_id=note.id, text=text, saved_at=now))
    return note


def revisions(session: Session, interview: Interview) -> list[dict[str, Any]]:
    """Timestamped revisions of every note, for the playback timeline and the report."""
    rows = session.execute(
        select(InterviewerNote.author, NoteRevision.text, NoteRevision.saved_at)
        .join(NoteRevision, NoteRevision.note_id == InterviewerNote.id)
        .where(InterviewerNote.interview_id == interview.id)
        .order_by(NoteRevision.saved_at)
    )
    return [{"author": a, "text": t, "saved_at": s.isoformat()} for a, t, s in rows]
