"""The interviews service: a hub-managed tornado application at /services/interviews/."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpserver import HTTPServer
from traitlets import Bool, Integer, List, Unicode, default
from traitlets.config import Application

from ..demo import DEMO_ACCOUNTS
from ..settings import ROLE_GROUPS, normalise_db_url, read_secret
from .context import ServiceContext
from .db.session import Database
from .domain import people
from .domain.clock import Clock
from .domain.interviews import SchedulePolicy
from .domain.mail import Mailer, SMTPSettings
from .domain.people import RolePolicy
from .domain.problems import sync_bank
from .domain.servers import ServerManager, ServerPolicy
from .errors import HubUnavailable
from .handlers import (
    api_feedback,
    api_interviews,
    api_judge0,
    api_people,
    api_problems,
    api_reviews,
    lab,
    meta,
    pages,
    pages_ai_review,
    pages_interviews,
    playback,
    recordings,
    report,
    room_panels,
    video,
)
from .hubapi import HubClient

HERE = Path(__file__).resolve().parent


class InterviewsService(Application):
    name = "interviews-service"

    @default("log_level")
    def _log_level_default(self) -> int:
        return int(getattr(logging, os.environ.get("INTERVIEWS_LOG_LEVEL", "INFO").upper(), 20))

    description = "Scheduling, roles, verdicts and review for Interview Platform."

    data_dir = Unicode(help="Directory for the service's files (DATA_DIR).").tag(config=True)

    @default("data_dir")
    def _data_dir_default(self) -> str:
        return str(Path(os.environ.get("DATA_DIR", ".data")).resolve())

    db_url = Unicode(help="Database URL (INTERVIEWS_DATABASE_URL).").tag(config=True)

    @default("db_url")
    def _db_url_default(self) -> str:
        url = os.environ.get("INTERVIEWS_DATABASE_URL", "")
        return normalise_db_url(url) if url else f"sqlite:///{self.data_dir}/interviews.sqlite"

    interviewer_email_domains = List(
        Unicode(), help="Email domains allowed to choose the interviewer role."
    ).tag(config=True)

    @default("interviewer_email_domains")
    def _domains_default(self) -> list[str]:
        raw = os.environ.get("INTERVIEWER_EMAIL_DOMAINS", "")
        return [d.strip().lower() for d in raw.split(",") if d.strip()]

    trust_unverified_email = Bool(
        True,
        help="Accept sign-up emails that the identity provider did not verify when checking "
        "interviewer domains (local accounts have no email verification yet).",
    ).tag(config=True)

    demo_accounts = Bool(help="Seed the demo accounts' roles (DEMO_ACCOUNTS).").tag(config=True)

    @default("demo_accounts")
    def _demo_default(self) -> bool:
        return os.environ.get("DEMO_ACCOUNTS", "0").lower() in {"1", "true", "yes"}

    api_max_body_bytes = Integer(64 * 1024, help="Largest JSON body accepted by the API.").tag(
        config=True
    )

    public_url = Unicode(help="Public URL of the platform (PUBLIC_URL).").tag(config=True)

    @default("public_url")
    def _public_url_default(self) -> str:
        return os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000")

    authenticator = Unicode(help="Hub sign-in method (AUTHENTICATOR).").tag(config=True)

    @default("authenticator")
    def _auth_default(self) -> str:
        return os.environ.get("AUTHENTICATOR", "native")

    auth_cache_max_age = Integer(10, help="Seconds the service trusts a cached hub identity.").tag(
        config=True
    )

    join_window_minutes = Integer(
        help="Minutes before the start when participants may join (JOIN_WINDOW_MINUTES)."
    ).tag(config=True)

    @default("join_window_minutes")
    def _join_window_default(self) -> int:
        return int(os.environ.get("JOIN_WINDOW_MINUTES", "10"))

    candidates_see_result = Bool(
        help="Show candidates the final pass/fail of their interviews (CANDIDATES_SEE_RESULT); "
        "never the reason, ratings or comments."
    ).tag(config=True)

    @default("candidates_see_result")
    def _see_result_default(self) -> bool:
        return os.environ.get("CANDIDATES_SEE_RESULT", "0").lower() in {"1", "true", "yes"}

    smtp_host = Unicode(help="SMTP server; empty keeps mail in the outbox (SMTP_HOST).").tag(
        config=True
    )

    @default("smtp_host")
    def _smtp_host_default(self) -> str:
        return os.environ.get("SMTP_HOST", "")

    smtp_port = Integer(help="SMTP port (SMTP_PORT).").tag(config=True)

    @default("smtp_port")
    def _smtp_port_default(self) -> int:
        return int(os.environ.get("SMTP_PORT", "587"))

    smtp_username = Unicode(help="SMTP user (SMTP_USERNAME).").tag(config=True)

    @default("smtp_username")
    def _smtp_user_default(self) -> str:
        return os.environ.get("SMTP_USERNAME", "")

    smtp_password = Unicode(help="SMTP password (SMTP_PASSWORD).").tag(config=True)

    @default("smtp_password")
    def _smtp_password_default(self) -> str:
        return os.environ.get("SMTP_PASSWORD", "")

    smtp_starttls = Bool(help="Use STARTTLS (SMTP_STARTTLS).").tag(config=True)

    @default("smtp_starttls")
    def _smtp_tls_default(self) -> bool:
        return os.environ.get("SMTP_STARTTLS", "0").lower() in {"1", "true", "yes"}

    mail_from = Unicode(help="Sender of platform mail (MAIL_FROM).").tag(config=True)

    @default("mail_from")
    def _mail_from_default(self) -> str:
        return os.environ.get("MAIL_FROM", "Interview Platform <noreply@localhost>")

    test_clock = Bool(
        help="Let tests shift the clock through DATA_DIR/test-clock-offset (INTERVIEWS_TEST_CLOCK)."
    ).tag(config=True)

    @default("test_clock")
    def _test_clock_default(self) -> bool:
        return os.environ.get("INTERVIEWS_TEST_CLOCK", "0") == "1"

    interview_servers = Bool(
        help="Run a JupyterLab server per interview (INTERVIEW_SERVERS); needs the sandboxed "
        "spawner and the single-user environment."
    ).tag(config=True)

    @default("interview_servers")
    def _interview_servers_default(self) -> bool:
        return os.environ.get("INTERVIEW_SERVERS", "0").lower() in {"1", "true", "yes"}

    subdomain_host = Unicode(
        help="The hub's subdomain host (SUBDOMAIN_HOST, e.g. https://interviews.example.com): "
        "each interview server is then served from an origin of its own."
    ).tag(config=True)

    @default("subdomain_host")
    def _subdomain_host_default(self) -> str:
        return os.environ.get("SUBDOMAIN_HOST", "")

    prewarm_minutes = Integer(
        help="Start interview servers this many minutes before the join window (PREWARM_MINUTES)."
    ).tag(config=True)

    @default("prewarm_minutes")
    def _prewarm_default(self) -> int:
        return int(os.environ.get("PREWARM_MINUTES", "5"))

    proxy_url = Unicode(
        help="How the service reaches the proxy from this machine (PROXY_INTERNAL_URL)."
    ).tag(config=True)

    @default("proxy_url")
    def _proxy_url_default(self) -> str:
        return os.environ.get("PROXY_INTERNAL_URL", "http://127.0.0.1:8000")

    stun_urls = List(
        Unicode(), help="STUN server URLs for calls (STUN_URLS, comma-separated)."
    ).tag(config=True)

    @default("stun_urls")
    def _stun_default(self) -> list[str]:
        return [u.strip() for u in os.environ.get("STUN_URLS", "").split(",") if u.strip()]

    turn_urls = List(
        Unicode(), help="TURN server URLs, e.g. turn:turn.example.org:3478 (TURN_URLS)."
    ).tag(config=True)

    @default("turn_urls")
    def _turn_default(self) -> list[str]:
        return [u.strip() for u in os.environ.get("TURN_URLS", "").split(",") if u.strip()]

    turn_secret = Unicode(
        help="coturn static-auth-secret for time-limited TURN credentials (TURN_SECRET)."
    ).tag(config=True)

    @default("turn_secret")
    def _turn_secret_default(self) -> str:
        return os.environ.get("TURN_SECRET", "")

    turn_ttl = Integer(help="Seconds a TURN credential stays valid (TURN_TTL).").tag(config=True)

    @default("turn_ttl")
    def _turn_ttl_default(self) -> int:
        return int(os.environ.get("TURN_TTL", str(6 * 3600)))

    ice_transport_policy = Unicode(
        help="'all' or 'relay' (only TURN relays, hides participants' addresses) "
        "(ICE_TRANSPORT_POLICY)."
    ).tag(config=True)

    @default("ice_transport_policy")
    def _ice_policy_default(self) -> str:
        return os.environ.get("ICE_TRANSPORT_POLICY", "all")

    stream_api_key = Unicode(
        help="Stream (getstream.io) API key; with STREAM_API_SECRET, Stream carries the calls "
        "instead of the self-hosted P2P mesh (STREAM_API_KEY)."
    ).tag(config=True)

    @default("stream_api_key")
    def _stream_key_default(self) -> str:
        return os.environ.get("STREAM_API_KEY", "")

    stream_api_secret = Unicode(help="Stream API secret (STREAM_API_SECRET).").tag(config=True)

    @default("stream_api_secret")
    def _stream_secret_default(self) -> str:
        return os.environ.get("STREAM_API_SECRET", "")

    stream_base_url = Unicode(
        help="Stream API base URL; empty for Stream's default (STREAM_BASE_URL)."
    ).tag(config=True)

    @default("stream_base_url")
    def _stream_base_default(self) -> str:
        return os.environ.get("STREAM_BASE_URL", "")

    stream_location_hint_url = Unicode(
        help="Where browsers ask Stream for their nearest edge; empty for Stream's default "
        "(STREAM_LOCATION_HINT_URL)."
    ).tag(config=True)

    @default("stream_location_hint_url")
    def _stream_hint_default(self) -> str:
        return os.environ.get("STREAM_LOCATION_HINT_URL", "")

    stream_call_type = Unicode(help="Stream call type (STREAM_CALL_TYPE).").tag(config=True)

    @default("stream_call_type")
    def _stream_call_type_default(self) -> str:
        return os.environ.get("STREAM_CALL_TYPE", "default")

    recording_max_chunk_bytes = Integer(
        help="Largest recording chunk the service accepts (RECORDING_MAX_CHUNK_BYTES)."
    ).tag(config=True)

    @default("recording_max_chunk_bytes")
    def _recording_chunk_default(self) -> int:
        return int(os.environ.get("RECORDING_MAX_CHUNK_BYTES", str(4 * 1024 * 1024)))

    extra_frame_origins = List(
        Unicode(),
        help="Origins besides the interview server's that may frame the room's panels, e.g. "
        "http://127.0.0.1:8888 (INTERVIEWS_EXTRA_FRAME_ORIGINS, comma-separated; for "
        "development and tests).",
    ).tag(config=True)

    @default("extra_frame_origins")
    def _extra_frame_origins_default(self) -> list[str]:
        raw = os.environ.get("INTERVIEWS_EXTRA_FRAME_ORIGINS", "")
        return [room_panels.check_origin(o) for o in raw.split(",") if o.strip()]

    problems_dir = Unicode(
        help="Problem bank folder synced into the database at start (PROBLEMS_DIR); empty to skip."
    ).tag(config=True)

    @default("problems_dir")
    def _problems_dir_default(self) -> str:
        bundled = Path(__file__).resolve().parents[3] / "problems"
        return os.environ.get("PROBLEMS_DIR", str(bundled) if bundled.is_dir() else "")

    def build(self) -> tuple[web.Application, ServiceContext]:
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/interviews/")
        hub_prefix = os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/"
        hub_auth = HubOAuth(
            api_token=os.environ["JUPYTERHUB_API_TOKEN"], cache_max_age=self.auth_cache_max_age
        )
        db = Database(self.db_url)
        ctx = ServiceContext(
            db=db,
            hub=HubClient(os.environ["JUPYTERHUB_API_URL"], os.environ["JUPYTERHUB_API_TOKEN"]),
            policy=RolePolicy(tuple(self.interviewer_email_domains), self.trust_unverified_email),
            link_secret=read_secret(self.data_dir, "link_secret"),
            public_url=self.public_url,
            hub_prefix=hub_prefix,
            service_prefix=prefix,
            identity_ttl_s=self.auth_cache_max_age,
            native_auth=self.authenticator == "native",
            data_dir=Path(self.data_dir),
            clock=Clock(Path(self.data_dir) / "test-clock-offset" if self.test_clock else None),
            schedule=SchedulePolicy(
                join_window=timedelta(minutes=self.join_window_minutes),
                candidate_sees_result=self.candidates_see_result,
            ),
            mailer=Mailer(
                SMTPSettings(
                    host=self.smtp_host,
                    port=self.smtp_port,
                    username=self.smtp_username,
                    password=self.smtp_password,
                    sender=self.mail_from,
                    starttls=self.smtp_starttls,
                )
            ),
        )
        ctx.servers = ServerManager(
            hub=ctx.hub,
            policy=ServerPolicy(
                enabled=self.interview_servers,
                prewarm=timedelta(minutes=self.prewarm_minutes),
            ),
            schedule=ctx.schedule,
            public_hub_url=self.proxy_url,
            token=os.environ["JUPYTERHUB_API_TOKEN"],
            public_url=self.public_url,
            subdomain_host=self.subdomain_host,
            clock=lambda: ctx.clock.now().timestamp(),
        )
        api = [
            (r"api/openapi\.json", meta.OpenAPIHandler),
            (r"api/xsrf", lab.XsrfHandler),
            (r"api/health", meta.HealthHandler),
            (r"api/me", api_people.MeHandler),
            (r"api/me/role", api_people.MyRoleHandler),
            (r"api/users", api_people.PeopleHandler),
            (r"api/users/(?P<username>[^/]+)/role", api_people.PersonRoleHandler),
            (r"api/users/(?P<username>[^/]+)/set-password-link", api_people.SetPasswordLinkHandler),
            (r"api/users/(?P<username>[^/]+)", api_people.PersonHandler),
            (r"api/retention", api_people.RetentionHandler),
            (r"api/invitation-codes", api_people.InvitationsHandler),
            (r"api/invitation-codes/(?P<invitation_id>\d+)", api_people.InvitationHandler),
            (r"api/interviews", api_interviews.InterviewsHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)", api_interviews.InterviewHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/end", api_interviews.InterviewEndHandler),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/invite\.ics",
                api_interviews.InterviewICSHandler,
            ),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/server",
                api_interviews.InterviewServerHandler,
            ),
            (r"api/interviews/(?P<interview_id>[\w-]+)/feedback", api_feedback.FeedbackHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/decision", api_feedback.DecisionHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/notes", api_feedback.NotesHandler),
            (r"api/reviews", api_feedback.ReviewsHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/ai-reviews", api_reviews.ReviewsHandler),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/ai-reviews/(?P<review_id>[^/]+)",
                api_reviews.ReviewHandler,
            ),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/ai-reviews/(?P<review_id>[^/]+)/events",
                api_reviews.ReviewEventsHandler,
            ),
            (r"api/problems", api_problems.ProblemsHandler),
            (r"api/problems/(?P<slug>[a-z0-9-]+)", api_problems.ProblemHandler),
            (r"api/grade", api_problems.GradeHandler),
            (r"api/grade/(?P<job_id>\d+)", api_problems.GradeJobHandler),
            (r"api/outbox", api_interviews.OutboxHandler),
            (r"api/tokens", api_judge0.ApiTokensHandler),
            (r"api/tokens/(?P<token_id>\d+)", api_judge0.ApiTokenHandler),
            (r"api/judge0/languages", api_judge0.Judge0LanguagesHandler),
            (r"api/judge0/statuses", api_judge0.Judge0StatusesHandler),
            (r"api/judge0/submissions", api_judge0.Judge0SubmissionsHandler),
            (
                r"api/judge0/submissions/(?P<token>[0-9a-f-]{36})",
                api_judge0.Judge0SubmissionHandler,
            ),
            (r"api/events", api_interviews.EventsHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/ice-servers", video.IceServersHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/signal", video.SignalHandler),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/video/stream",
                video.StreamSessionHandler,
            ),
            (r"api/interviews/(?P<interview_id>[\w-]+)/recordings", recordings.RecordingsHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/playback", playback.PlaybackHandler),
            (r"api/interviews/(?P<interview_id>[\w-]+)/signals", playback.SignalsHandler),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/playback/notebook",
                playback.PlaybackFrameHandler,
            ),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/recordings/(?P<recording_id>\d{1,9})"
                r"/chunks/(?P<seq>\d{1,9})",
                recordings.ChunkHandler,
            ),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/recordings/(?P<recording_id>\d{1,9})/finish",
                recordings.FinishHandler,
            ),
            (
                r"api/interviews/(?P<interview_id>[\w-]+)/recordings/(?P<recording_id>\d{1,9})/media",
                recordings.MediaHandler,
            ),
        ]
        routes: list[Any] = [
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
            (prefix, pages.HomeHandler),
            (url_path_join(prefix, "role"), pages.RoleHandler),
            (url_path_join(prefix, "admin"), pages.AdminPageHandler),
            (url_path_join(prefix, "join"), pages_interviews.JoinByCodeHandler),
            (url_path_join(prefix, "interviews/new"), pages_interviews.ScheduleHandler),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)"),
                pages_interviews.InterviewPageHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/feedback"),
                pages_interviews.FeedbackPageHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/ai-review"),
                pages_ai_review.AIReviewPageHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/report"),
                report.ReportPageHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/report/export"),
                report.ReportExportHandler,
            ),
            (url_path_join(prefix, "dashboard"), pages_interviews.DashboardHandler),
            (url_path_join(prefix, "reviews"), pages_interviews.ReviewsPageHandler),
            (url_path_join(prefix, "problems"), pages_interviews.ProblemsPageHandler),
            (url_path_join(prefix, "problems/new"), pages_interviews.ProblemEditPageHandler),
            (
                url_path_join(prefix, r"problems/(?P<slug>[a-z0-9-]+)/edit"),
                pages_interviews.ProblemEditPageHandler,
            ),
            (
                url_path_join(prefix, r"problems/(?P<slug>[a-z0-9-]+)"),
                pages_interviews.ProblemPageHandler,
            ),
            (url_path_join(prefix, r"m/(?P<code>[\w-]+)"), pages_interviews.MeetingHandler),
            (url_path_join(prefix, "outbox"), pages_interviews.OutboxPageHandler),
            (url_path_join(prefix, r"room/(?P<interview_id>[\w-]+)"), pages_interviews.RoomHandler),
            (
                url_path_join(prefix, r"room/(?P<interview_id>[\w-]+)/panel/(?P<name>[\w-]+)"),
                room_panels.PanelPageHandler,
            ),
            (
                url_path_join(
                    prefix,
                    r"room/(?P<interview_id>[\w-]+)/panel/problem/cells/(?P<slug>[a-z0-9-]+)",
                ),
                room_panels.PanelCellsHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/call"),
                video.CallPageHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/recordings"),
                recordings.RecordingsPageHandler,
            ),
            (
                url_path_join(prefix, r"interviews/(?P<interview_id>[\w-]+)/playback"),
                playback.PlaybackPageHandler,
            ),
            (
                url_path_join(prefix, "static/(.*)"),
                web.StaticFileHandler,
                {"path": str(HERE / "static")},
            ),
            *[(url_path_join(prefix, pattern), handler) for pattern, handler in api],
            (r".*", pages.NotFoundHandler),
        ]
        jinja_env = Environment(
            loader=FileSystemLoader(str(HERE / "templates")),
            autoescape=select_autoescape(["html"]),
        )
        settings = {
            "ctx": ctx,
            "hub_auth": hub_auth,
            "jinja_env": jinja_env,
            "log": self.log,
            "cookie_secret": read_secret(self.data_dir, "service_cookie_secret"),
            "api_max_body_bytes": self.api_max_body_bytes,
            "openapi_document": meta.build_openapi(api, prefix),
            "authenticator": self.authenticator,
            "problems_dir": self.problems_dir,
            "extra_frame_origins": tuple(self.extra_frame_origins),
            "static_hash_cache": True,
            "video": video.VideoCalls(
                video.VideoSettings(
                    stun_urls=tuple(self.stun_urls),
                    turn_urls=tuple(self.turn_urls),
                    turn_secret=self.turn_secret,
                    turn_ttl_s=self.turn_ttl,
                    ice_transport_policy=self.ice_transport_policy,
                ),
                video.stream_video.StreamSettings(
                    api_key=self.stream_api_key,
                    api_secret=self.stream_api_secret,
                    base_url=self.stream_base_url,
                    call_type=self.stream_call_type,
                    location_hint_url=self.stream_location_hint_url,
                ),
            ),
            "recordings": recordings.Recordings(
                recordings.rec.RecordingPolicy(max_chunk_bytes=self.recording_max_chunk_bytes)
            ),
        }
        return web.Application(routes, **settings), ctx

    async def prepare_data(self, ctx: ServiceContext) -> None:
        """Migrate, seed demo roles, then mirror every role into hub groups."""
        ctx.db.migrate()
        if self.demo_accounts:
            with ctx.db.session() as session:
                for account in DEMO_ACCOUNTS:
                    person = people.ensure_person(session, account.name, account.email)
                    if person.role is None:
                        person.role = account.role
                        person.role_set_by = "demo"
                        person.role_set_at = people.utcnow()
        # the hub starts the service before it answers API calls on a slow machine: retry
        for attempt in range(8):
            try:
                await self.reconcile_groups(ctx)
                break
            except HubUnavailable:
                if attempt == 7:
                    raise
                self.log.warning("the hub is not answering yet; retrying in %s s", 2**attempt)
                await asyncio.sleep(min(2**attempt, 10))
        if self.problems_dir:
            with ctx.db.session() as session:
                counts = await asyncio.to_thread(sync_bank, session, Path(self.problems_dir))
            self.log.info("Problem bank %s: %s", self.problems_dir, counts)
        if ctx.servers is not None:
            await ctx.servers.setup()

    async def reconcile_groups(self, ctx: ServiceContext) -> None:
        with ctx.db.session() as session:
            roles = {p.username: p.role for p in people.list_people(session, limit=100000)}
        hub_users = {u["name"] for u in await ctx.hub.list_users()}
        for role, group in ROLE_GROUPS.items():
            members = await ctx.hub.group_members(group)
            wanted = {name for name, r in roles.items() if r == role and name in hub_users}
            for name in members - wanted:
                await ctx.hub.set_groups(name, add=[], remove=[group])
            for name in wanted - members:
                await ctx.hub.set_groups(name, add=[group], remove=[])

    async def serve(self) -> None:
        app, ctx = self.build()
        await self.prepare_data(ctx)
        url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
        server = HTTPServer(app, xheaders=True, max_body_size=16 * 1024 * 1024)
        server.listen(url.port or 10101, url.hostname or "127.0.0.1")
        self.log.info(
            "Interviews service listening on %s (database: %s)",
            url.geturl(),
            ctx.db.engine.dialect.name,
        )
        reconciler = asyncio.get_running_loop().create_task(ctx.reconcile_forever())
        purger = asyncio.get_running_loop().create_task(ctx.purge_forever())
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        server.stop()
        reconciler.cancel()
        purger.cancel()
        await ctx.drain()
        await ctx.hub.close()
        ctx.db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=os.environ.get("INTERVIEWS_LOG_LEVEL", "INFO"))
    app = InterviewsService.instance()
    app.initialize(argv)
    asyncio.run(app.serve())


if __name__ == "__main__":
    main()
