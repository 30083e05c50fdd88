"""Spawners for interview servers: the embedded bubblewrap sandbox (default)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from ..settings import PlatformSettings

REPO = Path(__file__).resolve().parents[3]
BUILD_SCRIPT = REPO / "scripts" / "build-singleuser-env"


def singleuser_venv() -> str:
    """``SINGLEUSER_VENV`` or the path printed by ``scripts/build-singleuser-env``.

    The script is fast when the venv is already built (it only hashes its inputs).
    """
    from_env = os.environ.get("SINGLEUSER_VENV", "")
    if from_env:
        return from_env
    if not BUILD_SCRIPT.exists():
        return ""
    out = subprocess.run(
        [str(BUILD_SCRIPT)], check=True, stdout=subprocess.PIPE, text=True
    ).stdout.strip()
    return out.splitlines()[-1] if out else ""


def configure_bwrap(c: Any, settings: PlatformSettings | None = None, **overrides: Any) -> None:
    """Make :class:`~interview_hub.spawners.bwrap.BwrapSpawner` the hub's spawner.

    ``overrides`` set any BwrapSpawner trait, e.g. ``mem_limit="1G"``, ``pids_limit=256``.
    """
    settings = settings or PlatformSettings()
    c.JupyterHub.spawner_class = "interview_hub.spawners.bwrap.BwrapSpawner"
    # servers survive a hub restart; poll() re-attaches them
    c.JupyterHub.cleanup_servers = False
    c.BwrapSpawner.data_dir = settings.data_dir
    c.BwrapSpawner.singleuser_venv = overrides.pop("singleuser_venv", None) or singleuser_venv()
    c.BwrapSpawner.default_url = "/lab"
    c.BwrapSpawner.http_timeout = 60
    c.BwrapSpawner.start_timeout = 120
    # the notebook's grading control reaches the service's API (INTERVIEWS_API_URL)
    c.BwrapSpawner.service_target = f"127.0.0.1:{settings.service_port}"
    for name, value in overrides.items():
        setattr(c.BwrapSpawner, name, value)
