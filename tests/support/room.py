"""A live interview with a problem whose hidden tests are easy to spot, for the room's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.support.platform import Browserless, Platform

SLUG = "add-two-room"
SECOND_SLUG = "double-room"
#: strings that must never reach a candidate's browser (hidden test names and data)
HIDDEN_MARKERS = ("zz-hidden-alpha", "zz-hidden-beta", "7771 2229", "31337 1")
START = datetime(2027, 7, 1, 10, 0, tzinfo=UTC)
LANGUAGES = ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")
SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n"
WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"


def problem(slug: str = SLUG, title: str = "Add two numbers") -> dict[str, Any]:
    return {
        "slug": slug,
        "title": title,
        "difficulty": "easy",
        "topics": ["math"],
        "statement": f"# {title}\n\nRead two integers `a b` on one line and print their sum.",
        "starters": {lang: "# write your solution here\n" for lang in LANGUAGES},
        "visible": [
            {"name": "small", "input": "1 2\n", "output": "3\n"},
            {"name": "zero", "input": "0 0\n", "output": "0\n"},
        ],
        "hidden": [
            {"name": "zz-hidden-alpha", "input": "7771 2229\n", "output": "10000\n"},
            {"name": "zz-hidden-beta", "input": "31337 1\n", "output": "31338\n"},
        ],
        "solutions": {"python": SOLUTION},
        "time_limit_s": 2.0,
        "memory_limit_mb": 128,
    }


def live_interview(platform: Platform, interviewer: Browserless, candidate: str) -> str:
    """Write both problems, schedule an interview with the first, and move the service's test
    clock into it (the platform must run with INTERVIEWS_TEST_CLOCK=1)."""
    for slug, title in ((SLUG, "Add two numbers"), (SECOND_SLUG, "Add two again")):
        made = interviewer.api("POST", "problems", problem(slug, title))
        assert made.status_code in (201, 409), made.text
    created = interviewer.api(
        "POST",
        "interviews",
        {
            "title": "Room panels",
            "date": START.strftime("%Y-%m-%d"),
            "time": START.strftime("%H:%M"),
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": candidate,
            "problems": [SLUG],
        },
    )
    assert created.status_code == 201, created.text
    (platform.data_dir / "test-clock-offset").write_text(
        str((START + timedelta(minutes=5) - datetime.now(UTC)).total_seconds())
    )
    return str(created.json()["interview"]["id"])


def config_with_frame_origins(directory: Path, origins: str) -> Path:
    """A hub config: the repository's, plus INTERVIEWS_EXTRA_FRAME_ORIGINS in the service's
    environment (the hub hands the service only the variables it lists)."""
    path = directory / "jupyterhub_config_frames.py"
    path.write_text(
        "from interview_hub.hubconfig import configure\n"
        "c = get_config()  # noqa: F821\n"
        "configure(c)\n"
        "for service in c.JupyterHub.services:\n"
        "    if service.get('name') == 'interviews':\n"
        "        service.setdefault('environment', {})\n"
        f"        service['environment']['INTERVIEWS_EXTRA_FRAME_ORIGINS'] = {origins!r}\n"
    )
    return path
