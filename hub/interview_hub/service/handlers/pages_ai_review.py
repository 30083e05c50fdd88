"""The AI review page of an interview, made to be embedded (``?embed=1``) in the room's
JupyterLab side panel through an iframe.

The embedding page may send the candidate's current code with ``postMessage({type:
'interview-source', problem, language, source})``; the page accepts it only from the origins
listed here (rendered into the page), which are also the only ones allowed to frame it.
Without such a message the review takes the interview's last graded submission.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from tornado import web

from ..domain import interviews as iv
from ..domain import reviews
from .pages_interviews import ViewerPage


def _origin(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return f"{parsed.scheme}://{parsed.netloc}"
    return None


class AIReviewPageHandler(ViewerPage):
    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer = await self.page_viewer()
        embed = self.get_query_argument("embed", "0") in ("1", "true", "yes")
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            reviews.authorise_read(interview, viewer)  # the candidate gets 403, never the page
            last = reviews.last_submission(session, interview)
            origins = self._origins(interview)
            config: dict[str, Any] = {
                "interview": interview.public_id,
                "title": interview.title,
                "language": interview.language,
                "problems": list(interview.problems or []),
                "can_request": reviews.can_request(interview, viewer),
                "origins": origins,
                "embed": embed,
                "last_submission": None
                if last is None
                else {
                    "problem": last.problem_slug,
                    "language": last.language,
                    "at": last.created_at.isoformat(),
                    "verdict": last.verdict,
                },
            }
            title = interview.title
        self.set_header("Cache-Control", "no-store")
        self.clear_header("X-Frame-Options")  # superseded by frame-ancestors, which lists origins
        self.set_header("Content-Security-Policy", "frame-ancestors 'self' " + " ".join(origins))
        if config["can_request"]:
            self.ctx.background(self._warm())
        self.render_for(
            "ai_review.html", viewer, nav="", embed=embed, config=config, interview_title=title
        )

    def set_frame_headers(self) -> None:
        """Before the interview is known (and on error pages): framed by the service only."""
        self.set_header("Content-Security-Policy", "frame-ancestors 'self'")

    def _origins(self, interview: Any) -> list[str]:
        """Who may frame this page and send it code: the service's own origin, the platform's
        public one, the interview server's (its own origin with SUBDOMAIN_HOST) and
        INTERVIEWS_EXTRA_FRAME_ORIGINS (as for the room's panels)."""
        found = [f"{self.request.protocol}://{self.request.host}", _origin(self.ctx.public_url)]
        if self.ctx.servers is not None:
            found.append(_origin(self.ctx.servers.server_origin(interview)))
        found += [_origin(o) for o in self.settings.get("extra_frame_origins", ())]
        return list(dict.fromkeys(o for o in found if o))

    async def _warm(self) -> None:
        """Load the review model while the interviewer reads the page (first use only)."""
        await reviews.warm_model(self.log)
