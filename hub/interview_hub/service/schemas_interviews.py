"""Bodies of the scheduling API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from .schemas import Strict

Language = Literal["python", "c", "cpp", "java", "javascript", "typescript", "go", "rust"]
Status = Literal["upcoming", "live", "completed", "succeeded", "failed", "cancelled"]
DATE = r"^\d{4}-\d{2}-\d{2}$"
TIME = r"^\d{2}:\d{2}$"
EMAIL = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"
USERNAME = r"^[^/\s]{1,255}$"


class NewInterview(Strict):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20000, description="Markdown.")
    date: str = Field(pattern=DATE, description="Local date in `timezone`, YYYY-MM-DD.")
    time: str = Field(pattern=TIME, description="Local start time in `timezone`, HH:MM.")
    timezone: str = Field(min_length=1, max_length=64, description="IANA name, e.g. Asia/Kolkata.")
    duration_min: int | None = Field(default=60, ge=1, le=1440)
    end_time: str | None = Field(
        default=None, pattern=TIME, description="Local end time; overrides duration_min."
    )
    candidate: str | None = Field(
        default=None, pattern=USERNAME, description="A registered candidate's username."
    )
    candidate_email: str | None = Field(
        default=None,
        pattern=EMAIL,
        max_length=320,
        description="Invite someone without an account (creates one with a set-password link).",
    )
    interviewers: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="More interviewers; you are always on the panel.",
    )
    language: Language = "python"
    problems: list[str] = Field(default_factory=list, max_length=10)
    position: str = Field(
        default="",
        max_length=120,
        description="Role or position label, for the hiring team's filters.",
    )

    @model_validator(mode="after")
    def _one_candidate(self) -> NewInterview:
        if bool(self.candidate) == bool(self.candidate_email):
            raise ValueError("give either candidate (a registered candidate) or candidate_email")
        return self


class UpdateInterview(Strict):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20000)
    date: str | None = Field(default=None, pattern=DATE)
    time: str | None = Field(default=None, pattern=TIME)
    timezone: str | None = Field(default=None, min_length=1, max_length=64)
    duration_min: int | None = Field(default=None, ge=1, le=1440)
    end_time: str | None = Field(default=None, pattern=TIME)
    interviewers: list[str] | None = Field(default=None, max_length=10)
    language: Language | None = None
    position: str | None = Field(default=None, max_length=120)
    problems: list[str] | None = Field(
        default=None, max_length=10, description="Problem slugs (switch or add problems)."
    )


class CancelInterview(Strict):
    reason: str = Field(default="", max_length=500)


class InterviewOut(BaseModel):
    id: str
    title: str
    description: str
    description_html: str
    starts_at: str
    ends_at: str
    join_opens_at: str
    duration_min: int
    timezone: str
    language: str
    problems: list[str]
    status: Status
    candidate: str | None
    interviewers: list[str]
    created_by: str
    meeting_url: str | None
    can_join: bool
    can_change: bool
    is_participant: bool
    cancel_reason: str | None
    position: str


class Invited(BaseModel):
    username: str
    email: str
    created: bool
    set_password_url: str | None


class InterviewSaved(BaseModel):
    interview: InterviewOut
    warnings: list[str]
    invited: Invited | None = None


class InterviewsOut(BaseModel):
    items: list[InterviewOut]
    now: str


class MailOut(BaseModel):
    id: int
    created_at: str
    kind: str
    to_user: str | None
    to_addr: str
    subject: str
    body: str
    has_invite: bool
    status: str
    error: str


class OutboxOut(BaseModel):
    items: list[MailOut]
    smtp_configured: bool


Recommendation = Literal["strong_no", "no", "mixed", "yes", "strong_yes"]


class FeedbackIn(Strict):
    rating: int = Field(ge=1, le=5, description="Overall, 1 to 5 stars.")
    rubric: dict[str, int] = Field(description="Competency key → score 1 to 5.")
    comments: str = Field(default="", max_length=20000, description="Markdown.")
    recommendation: Recommendation

    @model_validator(mode="after")
    def _scores(self) -> FeedbackIn:
        for key, score in self.rubric.items():
            if not 1 <= score <= 5:
                raise ValueError(f"rubric score of {key} must be 1 to 5")
        return self


class DecisionIn(Strict):
    decision: Literal["pass", "fail"]
    reason: str = Field(min_length=3, max_length=5000)
