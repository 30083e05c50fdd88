"""The server extension's traitlets, checked in the lab's own Python (it has jupyter_server)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

CHECK = r"""
import json, os
from traitlets import TraitError
from interview_extension import InterviewExtensionApp, _jupyter_labextension_paths

out = {}
os.environ.update({"INTERVIEW_ID": "iv-42", "JUPYTERHUB_BASE_URL": "/prefix/"})
app = InterviewExtensionApp()
out["defaults"] = app.public_config()
out["labextension"] = _jupyter_labextension_paths()
os.environ["INTERVIEWS_SERVICE_URL"] = "/svc/interviews"
out["explicit"] = InterviewExtensionApp().service_url
os.environ["INTERVIEWS_SERVICE_URL"] = "http://hub.localhost:8000/services/interviews"
out["absolute"] = InterviewExtensionApp().service_url
for trait, value in [("service_url", "//evil/"), ("service_url", "javascript:alert(1)"),
                     ("service_url", "ftp://hub.example/"),
                     ("service_url", "https://u:p@hub.example/"),
                     ("service_url", "https://hub.example/?x=1"),
                     ("interview_id", "../../etc")]:
    try:
        setattr(InterviewExtensionApp(), trait, value)
        out[value] = "accepted"
    except TraitError:
        out[value] = "refused"
print(json.dumps(out))
"""


def test_traitlets_read_the_environment_and_refuse_bad_urls(lab_venv: Path) -> None:
    result = subprocess.run(
        [str(lab_venv / "bin" / "python"), "-c", CHECK],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    out = json.loads(result.stdout)
    assert out["defaults"] == {
        "interview_id": "iv-42",
        "service_url": "/prefix/services/interviews/",
        "notebook": "interview.ipynb",
        "poll_interval_s": 15.0,
    }
    assert out["labextension"] == [{"src": "labextension", "dest": "@interview-platform/lab"}]
    assert out["explicit"] == "/svc/interviews/"
    # the service on an origin of its own (subdomains): the panels frame its pages
    assert out["absolute"] == "http://hub.localhost:8000/services/interviews/"
    for bad in (
        "//evil/",
        "javascript:alert(1)",
        "ftp://hub.example/",
        "https://u:p@hub.example/",
        "https://hub.example/?x=1",
        "../../etc",
    ):
        assert out[bad] == "refused", bad
