"""REST handlers of the server extension (authenticated like every jupyter_server API)."""

from __future__ import annotations

import json

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web


class ConfigHandler(ExtensionHandlerMixin, APIHandler):
    """``GET <base_url>interview/config``: the interview id, the service path, the notebook."""

    auth_resource = "contents"  # anyone who may read the files may read this

    @web.authenticated
    @authorized
    async def get(self) -> None:
        user = self.current_user
        payload = dict(self.settings["interview_extension_config"])
        payload["user"] = getattr(user, "username", None)
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(payload))
