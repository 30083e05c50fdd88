"""AI review through the service: evidence-only without a model, interviewers only; the review
job's event stream, the AI review page, and what candidates get (403, never content)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.platform import ROOT, Browserless, Platform, demo_platform
from tests.support.platform import signed_in as login
from tests.support.sse import follow

SLUG = "balanced-brackets"
WRONG = (ROOT / "problems" / SLUG / "wrong" / "python.py").read_text()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / SLUG, bank / SLUG)
    yield from demo_platform(tmp_path_factory, "reviews", env={"PROBLEMS_DIR": str(bank)})


def test_review_is_evidence_only_and_never_for_candidates(
    platform: Platform, tmp_path: Path
) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": "Review me",
            "date": "2027-10-01",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "problems": [SLUG],
        },
    ).json()["interview"]["id"]
    (platform.data_dir / "test-clock-offset").write_text(
        str((datetime(2027, 10, 1, 10, 5, tzinfo=UTC) - datetime.now(UTC)).total_seconds())
    )
    body = {"problem": SLUG, "language": "python", "source": WRONG}
    refused = carol.api("POST", f"interviews/{iid}/ai-reviews", body)
    assert refused.status_code == 403 and refused.json()["reason"] == "interviewers_only"
    assert carol.api("GET", f"interviews/{iid}/ai-reviews").status_code == 403
    made = alice.api("POST", f"interviews/{iid}/ai-reviews?wait=1", body, timeout=120)
    assert made.status_code == 201, made.text
    review = made.json()
    assert review["model"] is None and review["text"].startswith("Evidence only")
    evidence = review["evidence"]
    failing = evidence["tests"]["first_failure"]
    assert failing is not None and failing["hidden"] is True
    assert any("fails" in line for line in evidence["summary"])
    listed = alice.api("GET", f"interviews/{iid}/ai-reviews").json()["items"]
    assert [r["id"] for r in listed] == [review["id"]]
    # the candidate's own API calls never carry the review
    assert "Evidence only" not in carol.api("GET", f"interviews/{iid}").text
    alice.close()
    carol.close()


def _interview(alice: Browserless, platform: Platform, title: str) -> str:
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": title,
            "date": "2027-10-02",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "problems": [SLUG],
        },
    ).json()["interview"]["id"]
    (platform.data_dir / "test-clock-offset").write_text(
        str((datetime(2027, 10, 2, 10, 5, tzinfo=UTC) - datetime.now(UTC)).total_seconds())
    )
    return str(iid)


def _headers(who: Browserless) -> dict[str, str]:
    return {"X-XSRFToken": who.service_xsrf(), "Sec-Fetch-Mode": "cors"}


def test_review_job_streams_events_and_candidates_get_403(platform: Platform) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    bob = login(platform, "bob", "bob-demo-pass1")  # an interviewer, not on this panel
    iid = _interview(alice, platform, "Stream me")
    base = f"interviews/{iid}/ai-reviews"
    # nothing graded yet: the default (last submission) is refused with what to do
    none = alice.api("POST", base, {})
    assert none.status_code == 409 and "run the tests" in none.json()["message"]
    partial = alice.api("POST", base, {"problem": SLUG})
    assert partial.status_code == 422 and "together" in partial.json()["message"]
    graded = alice.api(
        "POST",
        "grade",
        {"interview_id": iid, "problem": SLUG, "language": "python", "source": WRONG},
    )
    assert graded.status_code == 202, graded.text
    job = graded.json()
    for _ in range(600):  # the grading job API is polled, as the panel does
        if alice.api("GET", f"grade/{job['id']}").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    made = alice.api("POST", base, {})  # the last graded submission
    assert made.status_code == 202, made.text
    review = made.json()
    assert review["status"] == "queued" and review["problem"] == SLUG
    assert review["events_url"].endswith(f"/ai-reviews/{review['id']}/events")
    events_path = f"/services/interviews/api/{base}/{review['id']}/events"

    # the candidate: 403 on the stream, the page, the POST and the list; never content
    refused = carol.client.get(events_path, headers=_headers(carol))
    assert refused.status_code == 403 and refused.json()["reason"] == "interviewers_only"
    page = carol.client.get(f"/services/interviews/interviews/{iid}/ai-review")
    assert page.status_code == 403 and "Evidence" not in page.text
    assert carol.api("POST", base, {}).status_code == 403
    assert carol.api("GET", f"{base}/{review['id']}").status_code == 403
    # not on the panel: may not read or request
    assert bob.client.get(events_path, headers=_headers(bob)).status_code == 403
    assert bob.api("POST", base, {}).status_code == 403

    seen = follow(alice.client, events_path, headers=_headers(alice))
    kinds = [e["_event"] for e in seen]
    assert kinds[0] == "status" and kinds[-1] == "done", kinds
    assert kinds.index("evidence") < kinds.index("done")
    evidence = next(e for e in seen if e["_event"] == "evidence")["evidence"]
    assert evidence["tests"]["first_failure"]["hidden"] is True
    assert [e["id"] for e in seen] == list(range(len(seen)))
    done = seen[-1]["review"]
    assert done["status"] == "done" and done["text"].startswith("Evidence only")
    assert done["problem"] == SLUG and done["language"] == "python"
    # the stream again (finished): replayed, from after a given event id too
    again = follow(alice.client, events_path, headers=_headers(alice))
    assert [e["_event"] for e in again] == kinds
    resumed = follow(alice.client, events_path, headers={**_headers(alice), "Last-Event-ID": "1"})
    assert [e["id"] for e in resumed] == list(range(2, len(seen)))
    one = alice.api("GET", f"{base}/{review['id']}").json()
    assert one["status"] == "done" and one["evidence"] == evidence

    # bad ids are 4xx with a message
    missing = alice.api("GET", f"{base}/abc")
    assert missing.status_code == 404 and "review ids are numbers" in missing.json()["message"]
    assert alice.api("GET", f"{base}/999999/events").status_code == 404

    # the page: for the panel, embeddable, with the allow-list of origins
    ok = alice.client.get(f"/services/interviews/interviews/{iid}/ai-review?embed=1")
    assert ok.status_code == 200
    assert 'id="ai-review-config"' in ok.text and 'aria-label="Main"' not in ok.text
    assert platform.url in ok.text  # the service's own origin may send code
    assert "frame-ancestors 'self'" in ok.headers["content-security-policy"]
    full = alice.client.get(f"/services/interviews/interviews/{iid}/ai-review")
    assert 'aria-label="Main"' in full.text
    interview_page = alice.client.get(f"/services/interviews/interviews/{iid}").text
    assert 'id="ai-review-link"' in interview_page
    assert (
        'id="ai-review-link"' not in carol.client.get(f"/services/interviews/interviews/{iid}").text
    )
    for who in (alice, carol, bob):
        who.close()
