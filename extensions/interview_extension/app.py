"""The server side of the interview room (a jupyter_server ExtensionApp)."""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlparse

from jupyter_server.extension.application import ExtensionApp
from traitlets import Bool, Float, TraitError, Unicode, default, validate

from .handlers import ConfigHandler
from .static import PrecompressedFileHandler, PrecompressedLabExtensionsHandler

INTERVIEW_ID = re.compile(r"^[\w-]{0,32}$")


def interview_id(value: str) -> str:
    value = value.strip()
    if not INTERVIEW_ID.match(value):
        raise TraitError(f"interview_id must match {INTERVIEW_ID.pattern}: {value!r}")
    return value


def service_location(value: str) -> str:
    """The service's URL as the browser reaches it, ending in a slash: an absolute http(s) URL
    (the service on its own origin, e.g. ``http://hub.localhost:8000/services/interviews/``)
    or a path on this origin (``/services/interviews/``)."""
    value = value.strip()
    if value.startswith("/") and not value.startswith("//"):
        return value if value.endswith("/") else value + "/"
    url = urlparse(value)
    if url.scheme not in ("http", "https") or not url.hostname or url.query or url.fragment:
        raise TraitError(
            "service_url must be an absolute http(s) URL of the interviews service "
            "(e.g. https://hub.example.org/services/interviews/) or a path on this origin "
            f"(e.g. /services/interviews/), not {value!r}"
        )
    if url.username or url.password:
        raise TraitError("service_url must not carry credentials")
    return value if value.endswith("/") else value + "/"


class InterviewExtensionApp(ExtensionApp):
    """Tells the panels where the interviews service is and which interview this server holds.

    Nothing secret lives here: the candidate has a terminal on this server, so every value below
    is readable (and changeable) by them. The service decides what each caller may see.
    """

    name = "interview_extension"
    load_other_extensions = True

    interview_id = Unicode(
        help="Public id of the interview this server belongs to (INTERVIEW_ID). Empty: the "
        "panels show that the server is not attached to an interview."
    ).tag(config=True)

    @default("interview_id")
    def _interview_id_default(self) -> str:
        return interview_id(os.environ.get("INTERVIEW_ID", ""))

    @validate("interview_id")
    def _check_interview_id(self, proposal: dict[str, Any]) -> str:
        return interview_id(str(proposal["value"]))

    service_url = Unicode(
        help="URL of the interviews service as the browser sees it (INTERVIEWS_SERVICE_URL): "
        "absolute when the service has an origin of its own (subdomains), else a path on this "
        "origin; default: <JUPYTERHUB_BASE_URL>services/interviews/. The panels are pages of "
        "the service framed from there; this page never calls it."
    ).tag(config=True)

    @default("service_url")
    def _service_url_default(self) -> str:
        # traitlets does not validate dynamic defaults: check them here as well
        explicit = os.environ.get("INTERVIEWS_SERVICE_URL", "")
        if explicit:
            return service_location(explicit)
        base = os.environ.get("JUPYTERHUB_BASE_URL", "/")
        return service_location(base.rstrip("/") + "/services/interviews/")

    @validate("service_url")
    def _check_service_url(self, proposal: dict[str, Any]) -> str:
        return service_location(str(proposal["value"]))

    notebook = Unicode(
        help="The interview notebook, opened when the room loads (INTERVIEW_NOTEBOOK)."
    ).tag(config=True)

    @default("notebook")
    def _notebook_default(self) -> str:
        return os.environ.get("INTERVIEW_NOTEBOOK", "interview.ipynb")

    set_default_url = Bool(
        True,
        help="Make the server's default URL the interview notebook (lab/tree/<notebook>).",
    ).tag(config=True)

    precompressed_assets = Bool(
        True,
        help="Send JupyterLab's assets as their <file>.gz (made by `python -m "
        "interview_extension.precompress` when the environment is built) to browsers that accept "
        "gzip: a join then loads ~1.5 MB instead of ~5.8 MB, with no compression per request.",
    ).tag(config=True)

    poll_interval_s = Float(
        15.0, help="Unused since the panels are service pages (kept for old configurations)."
    ).tag(config=True)

    def _link_jupyter_server_extension(self, serverapp: Any) -> None:
        super()._link_jupyter_server_extension(serverapp)
        # before the web application exists: JupyterLab's bundle (static/lab/) is served by the
        # server's static handler class; a class someone configured is left alone
        settings = dict(serverapp.tornado_settings or {})
        if self.precompressed_assets and "static_handler_class" not in settings:
            settings["static_handler_class"] = PrecompressedFileHandler
            serverapp.tornado_settings = settings

    def initialize_settings(self) -> None:
        self.settings["interview_extension_config"] = self.public_config()
        # only when nobody chose another default (the hub passes --ServerApp.default_url when
        # Spawner.default_url is set)
        app = self.serverapp
        if self.set_default_url and app is not None and app.default_url in ("/", "/lab", "/tree"):
            app.default_url = f"/lab/tree/{self.notebook}"
        self.log.info(
            "Interview room: interview %s, service %s, notebook %s",
            self.interview_id or "(none)",
            self.service_url,
            self.notebook,
        )

    def initialize_handlers(self) -> None:
        self.handlers.append((r"/interview/config", ConfigHandler))
        # the prebuilt extensions' assets: JupyterLab routes lab/extensions/ to a handler of its
        # own; extensions load in name order, so this route is found before JupyterLab's
        apps = self.serverapp.extension_manager.extension_apps.get("jupyterlab", set())
        labapp = next((a for a in apps if hasattr(a, "labextensions_path")), None)
        url = str(getattr(labapp, "labextensions_url", "") or "").strip("/")
        if self.precompressed_assets and labapp is not None and url and "://" not in url:
            self.handlers.append(
                (f"/{url}/(.*)", PrecompressedLabExtensionsHandler, {"labapp": labapp})
            )

    def public_config(self) -> dict[str, Any]:
        return {
            "interview_id": self.interview_id,
            "service_url": self.service_url,
            "notebook": self.notebook,
            "poll_interval_s": max(2.0, self.poll_interval_s),
        }
