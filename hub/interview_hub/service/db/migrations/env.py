"""Alembic environment: runs on the connection handed in by ``session.upgrade``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from interview_hub.service.db.models import Base

config = context.config
version_table = config.attributes.get("version_table", "iv_alembic_version")


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _configure(conn)
        return
    _configure(connection)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=version_table,
        render_as_batch=True,
        include_name=lambda name, type_, parent: type_ != "table" or str(name).startswith("iv_"),
    )
    with context.begin_transaction():
        context.run_migrations()


run()
