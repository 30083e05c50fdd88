"""Demo accounts created on first start when DEMO_ACCOUNTS is on."""

from __future__ import annotations

from typing import NamedTuple


class DemoAccount(NamedTuple):
    name: str
    password: str
    email: str
    role: str
    admin: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "admin-demo-pass", "admin@example.com", "interviewer", admin=True),
    DemoAccount("alice", "alice-demo-pass", "alice@example.com", "interviewer"),
    DemoAccount("bob", "bob-demo-pass1", "bob@example.com", "interviewer"),
    DemoAccount("carol", "carol-demo-pass", "carol@example.org", "candidate"),
    DemoAccount("dave", "dave-demo-pass1", "dave@example.org", "candidate"),
)


def describe() -> str:
    lines = ["Demo accounts (name / password / role):"]
    for acc in DEMO_ACCOUNTS:
        role = acc.role + (" + hub admin" if acc.admin else "")
        lines.append(f"  {acc.name:<6} {acc.password:<16} {role}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(describe())
