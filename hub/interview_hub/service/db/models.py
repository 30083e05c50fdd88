"""The interviews service's tables (prefixed ``iv_`` so they can share a database with the hub)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Store naive UTC, always hand back aware UTC datetimes (SQLite drops tzinfo)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Person(Base):
    """A hub user as the interviews service knows them: their one platform role."""

    __tablename__ = "iv_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    role_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    role_set_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InvitationCode(Base):
    """A code an admin hands out so that someone may choose the interviewer role."""

    __tablename__ = "iv_invitation_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(32), default="interviewer")
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditEvent(Base):
    """Who did what, for role changes and other sensitive actions."""

    __tablename__ = "iv_audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("iv_invitation_codes.id"), nullable=True
    )


class Interview(Base):
    """One scheduled interview. Its status is derived from times and actions (see domain)."""

    __tablename__ = "iv_interviews"
    __table_args__ = (UniqueConstraint("server_name", name="uq_iv_interviews_server_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    meeting_code: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_min: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(32), default="python")
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    position: Mapped[str] = mapped_column(String(120), default="", server_default="")
    files_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the named server (owned by the service's host account) that runs this interview
    server_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    server_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    server_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    participants: Mapped[list[Participant]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="Participant.id",
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_min)

    @property
    def candidate(self) -> str | None:
        return next((p.username for p in self.participants if p.role == "candidate"), None)

    @property
    def interviewers(self) -> list[str]:
        return [p.username for p in self.participants if p.role == "interviewer"]


class Participant(Base):
    __tablename__ = "iv_participants"
    __table_args__ = (UniqueConstraint("interview_id", "username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    username: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[str] = mapped_column(String(16))
    interview: Mapped[Interview] = relationship(back_populates="participants")


class Mail(Base):
    """Every message the platform sends; without SMTP it stays here (the admins' outbox)."""

    __tablename__ = "iv_mail"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    to_user: Mapped[str | None] = mapped_column(String(255), nullable=True)
    to_addr: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text, nullable=True)
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="outbox")
    error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiToken(Base):
    """A token an admin creates for tools and integrations (the Judge0-compatible API)."""

    __tablename__ = "iv_api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(8))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Submission(Base):
    """One run through the sandbox requested over the Judge0-compatible API."""

    __tablename__ = "iv_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(36), unique=True, index=True)
    api_token_id: Mapped[int] = mapped_column(ForeignKey("iv_api_tokens.id"), index=True)
    language_id: Mapped[int] = mapped_column(Integer)
    source_code: Mapped[str] = mapped_column(Text)
    stdin: Mapped[str] = mapped_column(Text, default="")
    expected_output: Mapped[str | None] = mapped_column(Text, nullable=True)
    status_id: Mapped[int] = mapped_column(Integer, default=1)
    status_description: Mapped[str] = mapped_column(String(64), default="In Queue")
    stdout: Mapped[str | None] = mapped_column(Text, nullable=True)
    stderr: Mapped[str | None] = mapped_column(Text, nullable=True)
    compile_output: Mapped[str | None] = mapped_column(Text, nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    exit_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exit_signal: Mapped[int | None] = mapped_column(Integer, nullable=True)
    time_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    wall_time_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    memory_kb: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Feedback(Base):
    """One interviewer's current feedback on one interview (earlier versions in FeedbackVersion)."""

    __tablename__ = "iv_feedback"
    __table_args__ = (UniqueConstraint("interview_id", "author"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(Integer, default=1)
    rating: Mapped[int] = mapped_column(Integer)
    rubric: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    comments: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedbackVersion(Base):
    """Every saved version of a feedback, for the record."""

    __tablename__ = "iv_feedback_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("iv_feedback.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(Integer)
    rubric: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    comments: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(String(16))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Problem(Base):
    """A problem of the bank (synced from problems/) or written by an interviewer."""

    __tablename__ = "iv_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(100))
    difficulty: Mapped[str] = mapped_column(String(8))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    statement: Mapped[str] = mapped_column(Text)
    starters: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    visible: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    hidden: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    generated: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    solutions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    generator: Mapped[str | None] = mapped_column(Text, nullable=True)
    time_limit_s: Mapped[float] = mapped_column(Float, default=2.0)
    memory_limit_mb: Mapped[int] = mapped_column(Integer, default=256)
    checker: Mapped[str] = mapped_column(String(32), default="exact")
    expected_complexity: Mapped[str | None] = mapped_column(String(40), nullable=True)
    origin: Mapped[str] = mapped_column(String(8), default="custom")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_by: Mapped[str] = mapped_column(String(255), default="bank")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TestRun(Base):
    """One "Run tests" in an interview: who ran what, and the outcome (for the timeline)."""

    __tablename__ = "iv_test_runs"
    __test__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    problem_slug: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(64))
    visible_passed: Mapped[int] = mapped_column(Integer, default=0)
    visible_total: Mapped[int] = mapped_column(Integer, default=0)
    hidden_passed: Mapped[int] = mapped_column(Integer, default=0)
    hidden_total: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class InterviewerNote(Base):
    """An interviewer's private notes on an interview (the current text)."""

    __tablename__ = "iv_notes"
    __table_args__ = (UniqueConstraint("interview_id", "author"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NoteRevision(Base):
    """Every autosave of a note, timestamped so notes line up with the code playback."""

    __tablename__ = "iv_note_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("iv_notes.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Setting(Base):
    """Admin-changeable settings (JSON values), e.g. how long interview files are kept."""

    __tablename__ = "iv_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Review(Base):
    """An AI code review: the evidence (tests, linters, timing) and, with a model, its text."""

    __tablename__ = "iv_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[str] = mapped_column(String(255))
    problem_slug: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    model: Mapped[str] = mapped_column(String(100), default="")
    prompt_version: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="done")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Recording(Base):
    """A call recording: uploaded in ordered chunks by an interviewer's browser, then remuxed."""

    __tablename__ = "iv_recordings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    started_by: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: recording → finishing → ready | failed; purged when retention deleted the file
    status: Mapped[str] = mapped_column(String(16), default="recording")
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: the finished file, relative to the recording store's root
    path: Mapped[str] = mapped_column(String(500), default="")
    #: the chunk number the service expects next (chunks 0 … next_seq-1 are stored)
    next_seq: Mapped[int] = mapped_column(Integer, default=0)


class AwaySignal(Base):
    """The candidate's interview tab was hidden for a while (reported by the room's panel,
    a page of the service): an integrity signal the panel and the candidate both see."""

    __tablename__ = "iv_away_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("iv_interviews.id", ondelete="CASCADE"), index=True
    )
    person: Mapped[str] = mapped_column(String(255))
    #: when the tab was hidden (the service's clock minus the reported duration)
    left_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
