"""The room's panels (problem, notes, timer, participants, video call) as pages of this service.

The JupyterLab page of an interview runs on the interview server's origin, where the candidate
controls every script (terminal, kernels, outputs, labextensions). So the lab never calls this
service: each panel is a page of this service framed by the lab, and talks to the lab only with
``postMessage`` (docs/architecture.md, "The room"). Every request is authorised here, exactly
as the JSON API does; the lab's choices (which panels to show) are cosmetic.

``Content-Security-Policy: frame-ancestors`` lets only the interview server's origin (and the
configured extra origins, for development and tests) frame these pages; every other page of the
service allows only itself (``BaseHandler.set_frame_headers``). No CORS headers anywhere.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from tornado import web

from ..db.models import Interview
from ..domain import interviews as iv
from ..domain import notes as nt
from ..domain import problems as pb
from ..domain.servers import starter_notebook
from ..errors import BadRequest, Forbidden, NotFound
from .api_interviews import current_viewer
from .pages_interviews import ViewerPage

PANELS = ("problem", "notes", "timer", "participants", "call")
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?$")
SHOWN_HIDDEN_CHARS = 400


def check_origin(value: str) -> str:
    """An origin as CSP and postMessage want it: scheme://host[:port], nothing else."""
    value = value.strip().rstrip("/")
    if not ORIGIN.match(value):
        raise ValueError(f"not an origin (scheme://host[:port]): {value!r}")
    return value


class PanelBase(ViewerPage):
    """Shared by the panel pages: who may frame them, and the interview they belong to."""

    frame_origins: tuple[str, ...] = ()

    def set_frame_headers(self) -> None:
        ancestors = " ".join(("'self'", *self.frame_origins))
        self.set_header("Content-Security-Policy", f"frame-ancestors {ancestors}")
        self.clear_header("X-Frame-Options")  # CSP replaces it; SAMEORIGIN would block the lab

    def allow_framing_by(self, interview: Interview | None) -> None:
        origins: list[str] = []
        if interview is not None and self.ctx.servers is not None:
            origins.append(self.ctx.servers.server_origin(interview))
        origins += self.settings.get("extra_frame_origins", ())
        self.frame_origins = tuple(dict.fromkeys(origins))
        self.set_frame_headers()

    def parent_origin(self) -> str:
        """The lab's origin that this page talks to with postMessage: the ``origin`` argument
        when it is one of the allowed origins, else the interview server's origin."""
        asked = self.get_query_argument("origin", "").strip().rstrip("/")
        if asked and asked not in self.frame_origins:
            raise BadRequest(
                f"origin {asked!r} may not embed this panel; allowed: "
                f"{', '.join(self.frame_origins) or 'none'} (INTERVIEWS_EXTRA_FRAME_ORIGINS "
                "adds origins for development)."
            )
        return asked or (self.frame_origins[0] if self.frame_origins else "")

    def prepare(self) -> None:
        super().prepare()
        self.allow_framing_by(None)  # until the interview is known: the extra origins only

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A compact error page in the panel's layout (no navigation), still frameable."""
        exc = kwargs.get("exc_info", (None, None, None))[1]
        payload = self.error_payload(status_code, exc)
        if getattr(self, "is_api", False):
            super().write_error(status_code, **kwargs)
            return
        self.clear_header("Content-Type")
        if getattr(self, "request_id", None):
            self.set_header("X-Request-Id", self.request_id)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_frame_headers()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        origin = ""
        with contextlib.suppress(BadRequest):
            origin = self.parent_origin()
        self.finish(
            self.render_page(
                "room_panel_error.html",
                status=status_code,
                error=payload,
                panel=self.path_kwargs.get("name", ""),
                interview_id=self.path_kwargs.get("interview_id", ""),
                parent_origin=origin,
                theme=self._theme(),
            )
        )

    def _theme(self) -> str:
        theme = self.get_query_argument("theme", "")
        return theme if theme in ("light", "dark") else ""


def _participants(interview: Interview) -> list[dict[str, str]]:
    people = [{"name": interview.candidate, "role": "candidate"}] if interview.candidate else []
    people += [{"name": name, "role": "interviewer"} for name in interview.interviewers]
    return people


def _without_title(statement: str, title: str) -> str:
    """Most statements open with the title as a heading: the panel shows it once, on top."""
    first, _, rest = statement.lstrip().partition("\n")
    if first.startswith("#") and first.lstrip("#").strip().lower() == title.strip().lower():
        return rest
    return statement


def _problem_cells(interview: Interview, problem: Any) -> list[dict[str, Any]]:
    """The public cells of one problem as the service writes them into the notebook
    (statement, starter in the interview's language, visible tests): never hidden data."""
    cells = starter_notebook(interview, [problem])["cells"]
    return [c for c in cells if str(c.get("id", "")).startswith(f"{problem.slug}-")]


class PanelPageHandler(PanelBase):
    """``GET room/{id}/panel/{name}``: one panel, for one viewer."""

    @web.authenticated
    async def get(self, interview_id: str, name: str) -> None:
        if name not in PANELS:
            raise NotFound(f"No panel {name!r}; the room has: {', '.join(PANELS)}.")
        viewer = await self.page_viewer()
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            self.allow_framing_by(interview)
            parent = self.parent_origin()
            on_panel = viewer.name in interview.interviewers
            if not (iv.is_participant(interview, viewer.name) or viewer.admin):
                raise Forbidden(
                    "Only the interview's participants see its room.", reason="not_participant"
                )
            if name == "notes" and not (on_panel or viewer.admin):
                raise Forbidden(
                    "Interviewer notes are for the interview's panel only.", reason="not_on_panel"
                )
            data = iv.serialise(interview, viewer, now, self.ctx.schedule, self.ctx.meeting_base)
            role = (
                "candidate"
                if viewer.name == interview.candidate
                else "interviewer"
                if on_panel
                else "admin"
            )
            ns: dict[str, Any] = {
                "panel": name,
                "interview": data,
                "me": {"name": viewer.name, "role": role},
                "on_panel": on_panel or viewer.admin,
                "parent_origin": parent,
                "participants": _participants(interview),
                "theme": self._theme(),
                "now": now.isoformat(),  # the service's clock: countdowns follow it
            }
            if name == "problem":
                ns.update(self._problem(session, interview, viewer, on_panel, data["status"]))
            elif name == "notes":
                ns["notes"] = nt.read(session, viewer, interview)
            elif name == "call":
                ns["call_role"] = role  # the call itself is authorised by its own API
                ns["video_provider"] = self.settings["video"].provider
        self.set_header("Cache-Control", "no-store")
        self.render_for(f"room_panel_{name}.html", viewer, **ns)

    def _problem(
        self, session: Any, interview: Interview, viewer: iv.Viewer, on_panel: bool, status: str
    ) -> dict[str, Any]:
        slugs = list(interview.problems or [])
        asked = self.get_query_argument("problem", "")
        if asked and asked not in slugs:
            raise NotFound(f"No problem {asked!r} in this interview.")
        staff = on_panel or viewer.admin
        ns: dict[str, Any] = {
            "slugs": slugs,
            "problem": None,
            "can_run": status == "live" or staff,
            "can_change": iv.can_change(interview, viewer) and status in ("upcoming", "live"),
            "bank": [],
        }
        if ns["can_change"]:
            ns["bank"] = [pb.summary(p) for p in pb.list_problems(session) if p.slug not in slugs]
        if not slugs:
            return ns
        problem = pb.get(session, asked or slugs[0])
        view = pb.public_view(problem)
        view["statement_html"] = iv.render_markdown(
            _without_title(problem.statement, problem.title)
        )
        view["hidden_total"] = len(problem.hidden) + len(problem.generated)
        if staff:  # rendered for the panel only: never sent to the lab page
            view["hidden"] = [
                {
                    "name": t.get("name", ""),
                    "input": str(t.get("input", ""))[:SHOWN_HIDDEN_CHARS],
                    "output": str(t.get("output", ""))[:SHOWN_HIDDEN_CHARS],
                }
                for t in problem.hidden
            ]
            view["generated"] = len(problem.generated)
        ns["problem"] = view
        return ns


class PanelCellsHandler(PanelBase):
    """``GET room/{id}/panel/problem/cells/{slug}``: the public notebook cells of one of the
    interview's problems, which the problem panel hands to the lab after an interviewer adds
    or switches a problem (JSON; the panel and admins only)."""

    is_api = True

    def get_login_url(self) -> str:
        raise Forbidden("Sign in first.", reason="not_signed_in")

    async def get(self, interview_id: str, slug: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if not (viewer.name in interview.interviewers or viewer.admin):
                raise Forbidden(
                    "Only the interview's panel adds problems to the notebook.",
                    reason="not_on_panel",
                )
            if slug not in (interview.problems or []):
                raise NotFound(f"No problem {slug!r} in this interview; add it first.")
            cells = _problem_cells(interview, pb.get(session, slug))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"problem": slug, "cells": cells}))
