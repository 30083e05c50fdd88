"""Request and response bodies of the JSON API (also the OpenAPI document's schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

RoleName = Literal["candidate", "interviewer", "reviewer"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*")
    @classmethod
    def _no_nul_characters(cls, value: object) -> object:
        # PostgreSQL cannot store NUL in text; refuse it here instead of failing with a 500
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL (\\u0000) characters")
        return value


class ChooseRole(Strict):
    role: Literal["candidate", "interviewer"] = Field(
        description="The role you take on this platform; it cannot be changed later."
    )
    invitation_code: str | None = Field(
        default=None,
        max_length=64,
        description="Code from an admin (needed for interviewer "
        "unless your email domain is allowed).",
    )


class AdminSetRole(Strict):
    role: RoleName | None = Field(description="New role, or null to let the person choose again.")
    reason: str = Field(min_length=3, max_length=500, description="Why the role is changed.")


class NewInvitationCode(Strict):
    note: str = Field(default="", max_length=200, description="Who the code is for.")
    max_uses: int = Field(default=1, ge=1, le=1000)
    valid_days: int = Field(default=14, ge=1, le=365)


class Me(BaseModel):
    name: str
    role: RoleName | None
    admin: bool
    email: str
    can_become_interviewer_by_email: bool


class PersonOut(BaseModel):
    username: str
    role: RoleName | None
    role_set_at: datetime | None
    role_set_by: str | None


class PeopleOut(BaseModel):
    items: list[PersonOut]


class InvitationOut(BaseModel):
    id: int
    hint: str
    note: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    max_uses: int
    uses: int
    revoked: bool


class InvitationCreated(InvitationOut):
    code: str = Field(description="Shown once; only its hash is stored.")


class InvitationsOut(BaseModel):
    items: list[InvitationOut]


class SetPasswordLink(BaseModel):
    username: str
    url: str
    expires_in_days: int


class ErrorOut(BaseModel):
    message: str
    reason: str
    request_id: str | None = None
    fields: list[dict[str, str]] | None = None


class Health(BaseModel):
    status: Literal["ok"]
    database: str
