"""One report per interview: everything the hiring team decides on, also as HTML and PDF."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Interview, TestRun
from ..errors import Forbidden, ServiceError
from . import feedback as fb
from . import notes, reviews
from .interviews import SchedulePolicy, Viewer, render_markdown, serialise
from .retention import archive_dir

log = logging.getLogger("interviews.report")

CHROMIUM = "/usr/bin/chromium"
NOTEBOOK = "interview.ipynb"
LEXERS = {
    "python": "python",
    "c": "c",
    "cpp": "cpp",
    "java": "java",
    "javascript": "javascript",
    "typescript": "typescript",
    "go": "go",
    "rust": "rust",
}


def can_read(interview: Interview, viewer: Viewer) -> bool:
    return viewer.admin or viewer.role == "reviewer" or viewer.name in interview.interviewers


def render_notebook(path: Path, language: str) -> str | None:
    """The archived notebook as static HTML (nbconvert, no scripts, highlighted by language)."""
    if not path.is_file():
        return None
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.read(str(path), as_version=4)
    info = node.metadata.setdefault("language_info", {})
    info.setdefault("name", LEXERS.get(language, "python"))
    info.setdefault("pygments_lexer", LEXERS.get(language, "python"))
    exporter = HTMLExporter(template_name="basic", exclude_anchor_links=True)
    body, _ = exporter.from_notebook_node(node)
    return str(body)


def pygments_css() -> str:
    from pygments.formatters import HtmlFormatter

    return str(HtmlFormatter(style="default").get_style_defs(".highlight"))


def build(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    now: datetime,
    policy: SchedulePolicy,
    data_dir: Path,
    meeting_base: str,
) -> dict[str, Any]:
    if not can_read(interview, viewer):
        raise Forbidden(
            "Reports are for the interview's panel, reviewers and admins.", reason="not_on_panel"
        )
    # the same blind rule as the feedback page: a panel member sees others after submitting
    feedback_view = fb.view(session, viewer, interview)
    everyone = [
        *([feedback_view["mine"]] if feedback_view["mine"] else []),
        *feedback_view["others"],
    ]
    runs = list(
        session.scalars(
            select(TestRun).where(TestRun.interview_id == interview.id).order_by(TestRun.created_at)
        )
    )
    notebook_html = render_notebook(archive_dir(data_dir, interview) / NOTEBOOK, interview.language)
    all_notes = notes.read(session, Viewer(viewer.name, "reviewer", viewer.admin), interview)
    panel_notes = [
        {
            "author": n["author"],
            "text_html": render_markdown(n["text"]),
            "updated_at": n["updated_at"],
        }
        for n in all_notes["panel"]
    ]
    if all_notes["mine"]["text"]:
        panel_notes.insert(
            0,
            {
                "author": viewer.name,
                "text_html": render_markdown(all_notes["mine"]["text"]),
                "updated_at": all_notes["mine"]["updated_at"],
            },
        )
    return {
        "interview": serialise(interview, viewer, now, policy, meeting_base),
        "decision": feedback_view["decision"],
        "feedback": sorted(everyone, key=lambda f: f["author"]),
        "feedback_hidden": feedback_view["others_hidden"],
        "aggregate": feedback_view["aggregate"],
        "rubric": feedback_view["rubric"],
        "test_runs": [
            {
                "at": r.created_at.isoformat(),
                "by": r.requested_by,
                "problem": r.problem_slug,
                "language": r.language,
                "verdict": r.verdict,
                "visible": f"{r.visible_passed}/{r.visible_total}",
                "hidden": f"{r.hidden_passed}/{r.hidden_total}",
            }
            for r in runs
        ],
        "notes": panel_notes,
        "notebook_html": notebook_html,
        "reviews": [
            {
                "at": r["created_at"],
                "by": r["requested_by"],
                "problem": r["problem"],
                "language": r["language"],
                "summary": r["evidence"].get("summary", []),
                "text": r["text"],
            }
            for r in reviews.list_for(session, viewer, interview)
        ],
        "generated_at": now.isoformat(),
    }


async def to_pdf(html: str, timeout_s: float = 60.0) -> bytes:
    """Print the self-contained HTML with headless Chromium (no network: file:// only)."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        raise ServiceError(
            "PDF export needs Chromium on the server (apt-get install chromium).",
            reason="pdf_unavailable",
        )
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        source, target = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            _, stderr = await asyncio.wait_for(process.communicate(), timeout_s)
            log.debug("chromium: %s", stderr.decode(errors="replace")[-500:])
        except TimeoutError as exc:
            process.kill()
            await process.wait()
            raise ServiceError(
                "The PDF took too long to print; try the HTML export.", reason="pdf_timeout"
            ) from exc
        if not target.exists():
            raise ServiceError("Printing the PDF failed; try the HTML export.", reason="pdf_failed")
        return target.read_bytes()


def export_name(interview: Interview, extension: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in interview.title)[:60]
    return f"report-{safe}-{interview.public_id}.{extension}"


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data)
