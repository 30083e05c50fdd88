"""The interview report page and its self-contained HTML / PDF exports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tornado import web

from ..domain import interviews as iv
from ..domain import report
from ..domain import signals as sig
from ..errors import Invalid, NotFound
from .pages_interviews import ViewerPage
from .playback import history_of, timeline_of


class ReportMixin(ViewerPage):
    async def report_data(self, interview_id: str) -> tuple[dict[str, Any], iv.Viewer]:
        viewer = await self.page_viewer()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if viewer.name == interview.candidate:
                raise NotFound("No such interview, or it is not one of yours.")
            data = report.build(
                session,
                viewer,
                interview,
                self.ctx.clock.now(),
                self.ctx.schedule,
                self.ctx.data_dir,
                self.ctx.meeting_base,
            )
            away = sig.away(session, interview)
            where = history_of(self.ctx.data_dir, interview)
            candidate = interview.candidate
        found = sig.merged(away, await timeline_of(where), candidate)
        data["signals"] = [
            {"at": datetime.fromtimestamp(s["t"], UTC).isoformat(), **s} for s in found
        ]
        return data, viewer


class ReportPageHandler(ReportMixin):
    @web.authenticated
    async def get(self, interview_id: str) -> None:
        data, viewer = await self.report_data(interview_id)
        self.render_for(
            "report.html", viewer, report=data, nav="reviews", pygments_css=report.pygments_css()
        )


class ReportExportHandler(ReportMixin):
    @web.authenticated
    async def get(self, interview_id: str) -> None:
        fmt = self.get_query_argument("format", "html")
        if fmt not in ("html", "pdf"):
            raise Invalid("format must be html or pdf.")
        data, _ = await self.report_data(interview_id)
        env = self.settings["jinja_env"]
        html = env.get_template("report_export.html").render(
            report=data, pygments_css=report.pygments_css()
        )
        self.set_header("Cache-Control", "no-store")
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, await self.page_viewer(), interview_id)
            name = report.export_name(interview, fmt)
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        if fmt == "html":
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(html)
            return
        pdf = await report.to_pdf(html)
        self.set_header("Content-Type", "application/pdf")
        self.finish(pdf)
