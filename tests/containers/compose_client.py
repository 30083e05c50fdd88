"""Run inside the test's network namespace: sign in to the compose hub, spawn an interview
server (a sibling container), check JupyterLab through the proxy, stop it; print one JSON line."""

from __future__ import annotations

import json
import sys
import time
from types import SimpleNamespace

import httpx

from tests.support.platform import Browserless


def main(url: str) -> None:
    deadline = time.monotonic() + 120
    while True:  # the hub restarts until PostgreSQL accepts connections
        try:
            if httpx.get(f"{url}/hub/api/", timeout=3).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("the compose hub did not answer")
        time.sleep(0.5)
    hub_up = time.monotonic()
    admin = Browserless(SimpleNamespace(url=url, service_url=f"{url}/services/interviews/"))
    admin.login("admin", "admin-demo-pass")
    token = admin.token("admin", "compose test")
    api = f"{url}/hub/api/users/carol/servers/iv-compose"
    with httpx.Client(headers={"Authorization": f"token {token}"}, timeout=120) as client:
        began = time.monotonic()
        assert client.post(api, json={}).status_code in (201, 202)
        while (
            not (client.get(f"{url}/hub/api/users/carol").json()["servers"] or {})
            .get("iv-compose", {})
            .get("ready")
        ):
            assert time.monotonic() - began < 90, "server not ready"
            time.sleep(0.25)
        ready_s = time.monotonic() - began
        lab = client.get(f"{url}/user/carol/iv-compose/lab")
        status = client.get(f"{url}/user/carol/iv-compose/api/status").status_code
        stopped = client.delete(api).status_code
        while client.get(f"{url}/hub/api/users/carol").json()["servers"]:
            time.sleep(0.25)
    admin.close()
    print(
        json.dumps(
            {
                "lab": lab.status_code == 200 and "JupyterLab" in lab.text,
                "status": status,
                "stopped": stopped,
                "ready_s": round(ready_s, 2),
                "hub_up": hub_up > 0,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
