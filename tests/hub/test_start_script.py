"""``scripts/start``: demo accounts on first run, data kept across restarts, fast second start."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.platform import Browserless, Platform


def test_data_survives_restart_of_start_script(tmp_path: Path) -> None:
    # scripts/start serves the hub on hub.localhost and each interview on its own subdomain
    platform = Platform(
        tmp_path / "data", env={"DEMO_ACCOUNTS": "1"}, via_start_script=True, subdomains=True
    )
    platform.start()
    try:
        log = platform.log_text()
        assert "alice" in log and "alice-demo-pass" in log  # demo logins are printed
        assert f"Interview Platform on {platform.url}" in log
        who = Browserless(platform)
        assert "successful" in who.signup("keeper", "correct-horse-battery", "k@example.org")
        who.login("keeper", "correct-horse-battery")
        who.open_service()
        assert who.api("POST", "me/role", {"role": "candidate"}).status_code == 201
        who.close()

        platform.stop()
        began = time.monotonic()
        platform.start()
        second_start_s = time.monotonic() - began
        print(f"second start took {second_start_s:.1f} s")

        again = Browserless(platform)
        response = again.login("keeper", "correct-horse-battery")
        assert response.status_code == 200
        home = again.open_service()
        assert home.url.path == "/services/interviews/", "role must survive the restart"
        assert again.api("GET", "me").json()["role"] == "candidate"
        demo = Browserless(platform)
        demo.login("alice", "alice-demo-pass")
        assert demo.open_service().url.path == "/services/interviews/"
        assert demo.api("GET", "me").json()["role"] == "interviewer"
        demo.close()
        again.close()
    finally:
        platform.stop()
