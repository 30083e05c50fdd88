"""People and roles (domain/people.py) on an in-memory SQLite database, without a hub."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from interview_hub.service.db.models import AuditEvent, InvitationCode, utcnow
from interview_hub.service.db.session import Database
from interview_hub.service.domain import people
from interview_hub.service.domain.people import Identity, RolePolicy
from interview_hub.service.errors import Conflict, Forbidden, Invalid, NotFound

DOMAIN = "interviewers.test"
POLICY = RolePolicy(interviewer_email_domains=(DOMAIN,), trust_unverified_email=True)
STRICT = RolePolicy(interviewer_email_domains=(DOMAIN,), trust_unverified_email=False)
ADMIN = Identity("root", admin=True, email="root@example.com")


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database("sqlite://")  # in memory: one connection per thread
    database.migrate()
    yield database
    database.engine.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.session() as s:
        yield s


def who(name: str, email: str = "", verified: bool = False) -> Identity:
    return Identity(name, email=email or f"{name}@gmail.test", email_verified=verified)


def new_code(session: Session, max_uses: int = 1, valid_days: int = 14) -> tuple[int, str]:
    created = people.create_invitation(session, ADMIN, "for tests", max_uses, valid_days)
    return created.invitation.id, created.code


def actions(session: Session) -> list[str]:
    return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


# ------------------------------------------------------------------ the database


def test_migrate_is_idempotent(db: Database) -> None:
    db.migrate()
    with db.session() as s:
        tables = {
            row[0] for row in s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
    assert {"iv_people", "iv_invitation_codes", "iv_audit_events"} <= tables


def test_session_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(Conflict), db.session() as s:
        people.ensure_person(s, "ghost")
        raise Conflict("boom")
    with db.session() as s:
        assert people.get_person(s, "ghost") is None


# ------------------------------------------------------------------ choose_role


def test_candidate_is_a_free_choice(session: Session) -> None:
    change = people.choose_role(session, who("cand"), "candidate", None, POLICY)
    assert change.person.role == "candidate"
    assert change.person.role_set_by == "cand"
    assert change.person.role_set_at is not None
    assert (change.old_role, change.new_role) == (None, "candidate")
    assert change.group_changes() == (["candidates"], ["interviewers", "reviewers"])
    event = session.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.subject) == ("cand", "role.chosen", "cand")
    assert event.detail == {"role": "candidate", "via": "self"}


@pytest.mark.parametrize("role", ["reviewer", "admin", "", "Candidate"])
def test_only_candidate_or_interviewer_can_be_chosen(session: Session, role: str) -> None:
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, who("someone", f"someone@{DOMAIN}"), role, None, POLICY)
    assert refused.value.reason == "role_admin_only"
    assert refused.value.status == 403
    person = people.get_person(session, "someone")
    assert person is None or person.role is None
    assert actions(session) == []


@pytest.mark.parametrize(
    "email",
    [f"ivy@{DOMAIN}", f"Ivy@{DOMAIN.upper()}", f"a.b+tag@{DOMAIN}"],
    ids=["plain", "upper-case", "plus-tag"],
)
def test_interviewer_by_email_domain(session: Session, email: str) -> None:
    identity = who("ivy", email)
    assert people.interviewer_allowed_by_email(identity, POLICY)
    change = people.choose_role(session, identity, "interviewer", None, POLICY)
    assert change.person.role == "interviewer"
    assert change.group_changes() == (["interviewers"], ["candidates", "reviewers"])


@pytest.mark.parametrize(
    "email",
    [
        "ivy@gmail.test",
        f"ivy@sub.{DOMAIN}",
        f"ivy@{DOMAIN}.evil.test",
        f"ivy@evil{DOMAIN}",
        f"{DOMAIN}",
        f"ivy@{DOMAIN}@gmail.test",
        "",
    ],
    ids=["other", "subdomain", "suffix", "prefix", "no-at", "two-ats", "empty"],
)
def test_interviewer_refused_without_domain_or_code(session: Session, email: str) -> None:
    identity = Identity("ivy", email=email)
    assert not people.interviewer_allowed_by_email(identity, POLICY)
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, identity, "interviewer", None, POLICY)
    assert refused.value.reason == "interviewer_not_allowed"
    assert DOMAIN in refused.value.message and "invitation code" in refused.value.message
    assert people.get_person(session, "ivy").role is None  # type: ignore[union-attr]


def test_message_without_domains_mentions_only_the_code(session: Session) -> None:
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, who("ivy"), "interviewer", None, RolePolicy())
    assert refused.value.message.endswith("invitation code from an admin.")


def test_unverified_email_is_not_trusted_when_policy_says_so(session: Session) -> None:
    unverified = who("ivy", f"ivy@{DOMAIN}", verified=False)
    assert not people.interviewer_allowed_by_email(unverified, STRICT)
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, unverified, "interviewer", None, STRICT)
    assert refused.value.reason == "interviewer_not_allowed"
    assert people.get_person(session, "ivy").role is None  # type: ignore[union-attr]

    verified = who("vera", f"vera@{DOMAIN}", verified=True)
    assert people.interviewer_allowed_by_email(verified, STRICT)
    assert people.choose_role(session, verified, "interviewer", None, STRICT).new_role == (
        "interviewer"
    )


def test_unverified_email_with_a_code_still_works_under_strict_policy(session: Session) -> None:
    _, code = new_code(session)
    unverified = who("ivy", f"ivy@{DOMAIN}", verified=False)
    change = people.choose_role(session, unverified, "interviewer", code, STRICT)
    assert change.person.role == "interviewer"


def test_interviewer_by_invitation_code(session: Session) -> None:
    invitation_id, code = new_code(session)
    change = people.choose_role(session, who("ivy"), "interviewer", code, POLICY)
    assert change.person.role == "interviewer"
    invitation = session.get(InvitationCode, invitation_id)
    assert invitation is not None and invitation.uses == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "role.chosen")).one()
    assert event.invitation_id == invitation_id
    assert event.detail == {"role": "interviewer", "via": "invitation"}


@pytest.mark.parametrize(
    "spelling", [str.lower, lambda c: f"  {c}\n", str.upper], ids=["lower", "spaces", "upper"]
)
def test_code_spelling_is_forgiving(session: Session, spelling: object) -> None:
    _, code = new_code(session)
    typed = spelling(code)  # type: ignore[operator]
    assert people.choose_role(session, who("ivy"), "interviewer", typed, POLICY).new_role == (
        "interviewer"
    )


def test_email_domain_does_not_spend_a_code(session: Session) -> None:
    invitation_id, code = new_code(session)
    people.choose_role(session, who("ivy", f"ivy@{DOMAIN}"), "interviewer", code, POLICY)
    assert session.get(InvitationCode, invitation_id).uses == 0  # type: ignore[union-attr]


def test_candidate_does_not_spend_a_code(session: Session) -> None:
    invitation_id, code = new_code(session)
    people.choose_role(session, who("cand"), "candidate", code, POLICY)
    assert session.get(InvitationCode, invitation_id).uses == 0  # type: ignore[union-attr]


@pytest.mark.parametrize("code", ["NOPE", "000000-000000-000000", " ", "x" * 64])
def test_unknown_code_is_refused(session: Session, code: str) -> None:
    new_code(session)
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, who("ivy"), "interviewer", code, POLICY)
    assert refused.value.reason == "invalid_invitation"


def test_expired_code_is_refused(session: Session) -> None:
    invitation_id, code = new_code(session, valid_days=1)
    later = utcnow() + timedelta(days=1, seconds=1)
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, who("ivy"), "interviewer", code, POLICY, now=later)
    assert refused.value.reason == "invitation_expired"
    assert session.get(InvitationCode, invitation_id).uses == 0  # type: ignore[union-attr]
    # still good just before it expires
    sooner = utcnow() + timedelta(hours=23)
    change = people.choose_role(session, who("ivy"), "interviewer", code, POLICY, now=sooner)
    assert change.person.role_set_at == sooner


def test_revoked_code_is_refused(session: Session) -> None:
    invitation_id, code = new_code(session, max_uses=5)
    revoked = people.revoke_invitation(session, ADMIN, invitation_id)
    assert revoked.revoked_at is not None
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, who("ivy"), "interviewer", code, POLICY)
    assert refused.value.reason == "invalid_invitation"


def test_revoking_twice_keeps_the_first_time(session: Session) -> None:
    invitation_id, _ = new_code(session)
    first = people.revoke_invitation(session, ADMIN, invitation_id).revoked_at
    assert people.revoke_invitation(session, ADMIN, invitation_id).revoked_at == first
    assert actions(session).count("invitation.revoked") == 1


def test_used_up_code_is_refused(session: Session) -> None:
    invitation_id, code = new_code(session, max_uses=2)
    for name in ("ivy", "ian"):
        people.choose_role(session, who(name), "interviewer", code, POLICY)
    with pytest.raises(Forbidden) as refused:
        people.choose_role(session, who("isa"), "interviewer", code, POLICY)
    assert refused.value.reason == "invitation_used"
    assert session.get(InvitationCode, invitation_id).uses == 2  # type: ignore[union-attr]
    assert people.get_person(session, "isa").role is None  # type: ignore[union-attr]


def test_second_choice_is_a_conflict(session: Session) -> None:
    people.choose_role(session, who("cand", f"cand@{DOMAIN}"), "candidate", None, POLICY)
    for role in ("interviewer", "candidate", "reviewer"):
        with pytest.raises((Conflict, Forbidden)) as refused:
            people.choose_role(session, who("cand", f"cand@{DOMAIN}"), role, None, POLICY)
        if role != "reviewer":
            assert refused.value.status == 409
            assert refused.value.reason == "role_already_set"
            assert "cannot be changed" in refused.value.message
    assert people.get_person(session, "cand").role == "candidate"  # type: ignore[union-attr]
    assert actions(session) == ["role.chosen"]


def test_second_choice_does_not_spend_a_code(session: Session) -> None:
    people.choose_role(session, who("cand"), "candidate", None, POLICY)
    invitation_id, code = new_code(session)
    with pytest.raises(Conflict):
        people.choose_role(session, who("cand"), "interviewer", code, POLICY)
    assert session.get(InvitationCode, invitation_id).uses == 0  # type: ignore[union-attr]


# ------------------------------------------------------------------ admin_set_role


def test_admin_sets_any_role(session: Session) -> None:
    people.choose_role(session, who("cand"), "candidate", None, POLICY)
    change = people.admin_set_role(session, ADMIN, "cand", "reviewer", "hiring panel")
    assert (change.old_role, change.new_role) == ("candidate", "reviewer")
    assert change.person.role == "reviewer" and change.person.role_set_by == "root"
    assert change.group_changes() == (["reviewers"], ["candidates", "interviewers"])
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "role.set_by_admin")
    ).one()
    assert event.actor == "root" and event.subject == "cand"
    assert event.detail == {"old": "candidate", "new": "reviewer", "reason": "hiring panel"}


def test_admin_can_set_role_of_someone_never_seen(session: Session) -> None:
    change = people.admin_set_role(session, ADMIN, "newbie", "interviewer", "new hire")
    assert change.old_role is None
    assert people.get_person(session, "newbie").role == "interviewer"  # type: ignore[union-attr]


def test_admin_clearing_the_role_lets_the_person_choose_again(session: Session) -> None:
    people.choose_role(session, who("cand"), "candidate", None, POLICY)
    change = people.admin_set_role(session, ADMIN, "cand", None, "picked wrong")
    assert change.person.role is None
    assert change.group_changes() == ([], ["candidates", "interviewers", "reviewers"])
    assert people.choose_role(session, who("cand", f"cand@{DOMAIN}"), "interviewer", None, POLICY)


def test_non_admin_cannot_set_roles(session: Session) -> None:
    people.choose_role(session, who("cand"), "candidate", None, POLICY)
    interviewer = Identity("ivy", admin=False, email=f"ivy@{DOMAIN}")
    with pytest.raises(Forbidden) as refused:
        people.admin_set_role(session, interviewer, "cand", "interviewer", "please")
    assert refused.value.reason == "admin_only"
    assert people.get_person(session, "cand").role == "candidate"  # type: ignore[union-attr]
    assert "role.set_by_admin" not in actions(session)


@pytest.mark.parametrize("role", ["admin", "Reviewer", "", "owner"])
def test_admin_cannot_set_an_unknown_role(session: Session, role: str) -> None:
    people.choose_role(session, who("cand"), "candidate", None, POLICY)
    with pytest.raises(Invalid) as refused:
        people.admin_set_role(session, ADMIN, "cand", role, "typo")
    assert refused.value.status == 422
    assert people.get_person(session, "cand").role == "candidate"  # type: ignore[union-attr]


# ------------------------------------------------------------------ invitation codes


def test_codes_are_stored_hashed(db: Database) -> None:
    with db.session() as s:
        created = people.create_invitation(s, ADMIN, "for Ivy", 3, 7)
        code, invitation_id = created.code, created.invitation.id
    assert len(code) == 20 and code.count("-") == 2 and code == code.upper()
    with db.session() as s:
        invitation = s.get(InvitationCode, invitation_id)
        assert invitation is not None
        assert invitation.code_hash == hashlib.sha256(code.encode()).hexdigest()
        assert invitation.hint == code[-4:]
        assert (invitation.max_uses, invitation.uses, invitation.note) == (3, 0, "for Ivy")
        assert timedelta(days=6, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=7)
        # the code itself appears nowhere in the database, in any spelling
        dump = "\n".join(
            repr(tuple(row))
            for table in ("iv_invitation_codes", "iv_audit_events")
            for row in s.execute(text(f"SELECT * FROM {table}"))
        )
    assert dump
    for spelling in (code, code.lower(), code.replace("-", ""), code[:-4]):
        assert spelling not in dump


def test_codes_are_unique(session: Session) -> None:
    codes = {new_code(session, max_uses=1)[1] for _ in range(30)}
    assert len(codes) == 30


def test_only_admins_manage_codes(session: Session) -> None:
    invitation_id, _ = new_code(session)
    ivy = Identity("ivy", email=f"ivy@{DOMAIN}")
    with pytest.raises(Forbidden) as refused:
        people.create_invitation(session, ivy, "", 1, 1)
    assert refused.value.reason == "admin_only"
    with pytest.raises(Forbidden) as refused:
        people.revoke_invitation(session, ivy, invitation_id)
    assert refused.value.reason == "admin_only"
    assert session.get(InvitationCode, invitation_id).revoked_at is None  # type: ignore[union-attr]


@pytest.mark.parametrize("invitation_id", [999, 0, -1, 2**63, 10**30], ids=str)
def test_revoking_an_unknown_code_is_not_found(session: Session, invitation_id: int) -> None:
    with pytest.raises(NotFound):
        people.revoke_invitation(session, ADMIN, invitation_id)


def test_list_invitations_newest_first(session: Session) -> None:
    ids = [new_code(session)[0] for _ in range(3)]
    assert [i.id for i in people.list_invitations(session)] == ids[::-1]


# ------------------------------------------------------------------ listing


def test_list_people_filters(session: Session) -> None:
    people.choose_role(session, who("carla"), "candidate", None, POLICY)
    people.choose_role(session, who("ivy", f"ivy@{DOMAIN}"), "interviewer", None, POLICY)
    people.ensure_person(session, "undecided")
    assert [p.username for p in people.list_people(session)] == ["carla", "ivy", "undecided"]
    assert [p.username for p in people.list_people(session, "candidate")] == ["carla"]
    assert [p.username for p in people.list_people(session, query="IV")] == ["ivy"]
    assert len(people.list_people(session, limit=2)) == 2


@pytest.mark.parametrize(
    ("query", "found"),
    [("%", ["50%off"]), ("_", ["a_b"]), ("a_b", ["a_b"]), ("\\", ["back\\slash"]), ("b", None)],
    ids=["percent", "underscore", "with-underscore", "backslash", "plain"],
)
def test_search_is_literal_text(session: Session, query: str, found: list[str] | None) -> None:
    names = ["50%off", "a_b", "axb", "back\\slash", "plain"]
    for name in names:
        people.ensure_person(session, name)
    expected = found if found is not None else ["a_b", "axb", "back\\slash"]
    assert [p.username for p in people.list_people(session, query=query)] == expected


def test_ensure_person_keeps_the_first_email(session: Session) -> None:
    first = people.ensure_person(session, "ivy", "ivy@one.test")
    again = people.ensure_person(session, "ivy", "ivy@two.test")
    assert first is again and again.email == "ivy@one.test"
    assert people.ensure_person(session, "noemail").email is None
    assert people.ensure_person(session, "noemail", "late@x.test").email == "late@x.test"


def test_require_person(session: Session) -> None:
    with pytest.raises(NotFound):
        people.require_person(session, "nobody")
    people.ensure_person(session, "somebody")
    assert people.require_person(session, "somebody").username == "somebody"
