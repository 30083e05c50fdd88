"""Interview Platform's JupyterLab room: a jupyter_server extension and a prebuilt labextension.

The server extension tells the panels which interview this server belongs to and where the
interviews service lives (``GET <base_url>interview/config``) and sets the room up (default URL,
news and extension manager off). The panels call the service directly from the browser, on the
same origin, with the person's own service cookie: see ``extensions/README.md``.
"""

from __future__ import annotations

from typing import Any

from .app import InterviewExtensionApp

__version__ = "0.1.0"

LABEXTENSION_NAME = "@interview-platform/lab"


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    return [{"module": "interview_extension", "app": InterviewExtensionApp}]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": LABEXTENSION_NAME}]


__all__ = ["InterviewExtensionApp", "__version__"]
