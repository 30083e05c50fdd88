"""The coturn configuration in docs/operations.md works with the service's TURN credentials.

coturn is started with the ``ini`` block that follows ``<!-- tested-turnserver-conf -->`` in the
operations guide (port, relay range and secret filled in; loopback peers allowed, which only a
one-machine test needs), inside the test's network namespace. ``turnutils_uclient`` then
relays data through it with a credential made by the service's own code, and fails with a wrong
one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from interview_hub.service.domain.video import turn_credentials
from tests.support.needs import require
from tests.support.platform import free_port
from tests.video.netns import Netns

ROOT = Path(__file__).resolve().parents[2]
SECRET = "operations-doc-test-secret"


def documented_config() -> str:
    text = (ROOT / "docs" / "operations.md").read_text()
    match = re.search(r"<!-- tested-turnserver-conf -->\n```ini\n(.*?)```", text, re.S)
    assert match, "docs/operations.md lost its tested turnserver.conf block"
    return match.group(1)


def fill_in(config: str, port: int, relay_low: int, folder: Path) -> str:
    values = {
        "listening-port": str(port),
        "min-port": str(relay_low),
        "max-port": str(relay_low + 19),
        "static-auth-secret": SECRET,
    }
    lines = []
    for line in config.splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f"{key}={values[key]}" if key in values else line)
    extra = [
        "allow-loopback-peers",  # both test clients are on this machine
        "log-file=stdout",
        "simple-log",
        f"pidfile={folder / 'turnserver.pid'}",
        f"userdb={folder / 'turndb'}",
    ]
    return "\n".join([*lines, *extra]) + "\n"


def relay(port: int, username: str, credential: str) -> subprocess.CompletedProcess[str]:
    """Two clients on this machine send 3 messages to each other through TURN allocations."""
    return subprocess.run(
        ["turnutils_uclient", "-u", username, "-w", credential, "-y", "-n", "3", "-m", "1",
         "-p", str(port), "127.0.0.1"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def received(result: subprocess.CompletedProcess[str]) -> int:
    found = re.findall(r"tot_recv_msgs=(\d+)", result.stdout + result.stderr)
    return int(found[-1]) if found else 0


def test_documented_turnserver_conf_relays_with_service_credentials(
    netns: Netns, tmp_path: Path
) -> None:
    require(
        shutil.which("turnutils_uclient"), "install the Debian package coturn (turnutils_uclient)"
    )
    config = documented_config()
    for needed in ("use-auth-secret", "static-auth-secret=", "no-tcp-relay", "fingerprint"):
        assert needed in config, needed
    port = netns.call(free_port)
    conf = tmp_path / "turnserver.conf"
    conf.write_text(fill_in(config, port, 40000 + (port % 1000) * 20 + 10, tmp_path))
    log = tmp_path / "turnserver.log"

    def start() -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            proc = subprocess.Popen(
                ["turnserver", "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 15
        while "Total General servers" not in log.read_text(errors="replace"):
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "coturn did not start"
            time.sleep(0.1)
        return proc

    proc = netns.call(start)
    try:
        username, credential = turn_credentials(SECRET, "alice", int(time.time()) + 600)
        good = netns.call(relay, port, username, credential)
        assert received(good) >= 3, good.stdout[-2000:] + good.stderr[-2000:]
        _, wrong = turn_credentials("not-the-secret", "alice", int(time.time()) + 600)
        bad = netns.call(relay, port, username, wrong)
        assert received(bad) == 0, bad.stdout[-2000:]
        expired_user, expired = turn_credentials(SECRET, "alice", int(time.time()) - 60)
        late = netns.call(relay, port, expired_user, expired)
        assert received(late) == 0, late.stdout[-2000:]
    finally:
        proc.terminate()
        proc.wait(10)
    # the wrong and the expired credential were refused by coturn's check, not lost on the way
    assert "check_stun_auth: Cannot find credentials" in log.read_text(errors="replace")
