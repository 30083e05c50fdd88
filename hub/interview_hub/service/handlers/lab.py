"""Calls made by the JupyterLab room's panels (the labextension in extensions/).

The panels run in pages under ``/user/<owner>/<server>/`` and call this service on the same
origin. The browser sends the service's cookies with those calls (their path,
``/services/interviews/``, matches the request), but JupyterHub wants an ``X-XSRFToken`` header
on every cookie-authenticated fetch, and the page cannot read the service's ``_xsrf`` cookie
(its path does not match the page). ``GET api/xsrf`` hands the token over.

Handing it over is safe: another origin cannot read the answer (no CORS headers), and the token
only proves "this request comes from a page of this origin", which such a page already is.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from .base import APIHandler, Operation


def _xsrf_cookies(header: str) -> set[str]:
    """Every ``_xsrf`` value in a Cookie header (several paths may each set one)."""
    values: set[str] = set()
    for chunk in header.split(";"):
        if chunk.partition("=")[0].strip() != "_xsrf":
            continue
        try:
            values.add(SimpleCookie(chunk)["_xsrf"].value)
        except (KeyError, ValueError):
            continue
    return values


class XsrfHandler(APIHandler):
    openapi = {
        "get": Operation(
            "The XSRF token of the caller's service session, for pages outside "
            "/services/interviews/ (the JupyterLab room): send it as X-XSRFToken",
            auth="anyone (the token is bound to the caller's session cookie)",
            public=True,
        )
    }

    async def get(self) -> None:
        raw = self.xsrf_token
        token = raw.decode("ascii") if isinstance(raw, bytes) else str(raw)
        if token not in _xsrf_cookies(self.request.headers.get("Cookie", "")):
            # JupyterHub sets the cookie on page navigations only; this is a fetch, so set it
            # here, or the next call's check would compare against a different token
            self.set_cookie("_xsrf", token, path=self.hub_auth.base_url)
        self.set_header("Cache-Control", "no-store")
        self.write_json({"xsrf": token})
