"""interview servers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 18:20:00
"""

import sqlalchemy as sa
from alembic import op

from interview_hub.service.db.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("iv_interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_name", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("server_started_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("server_stopped_at", UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint("uq_iv_interviews_server_name", ["server_name"])


def downgrade() -> None:
    with op.batch_alter_table("iv_interviews", schema=None) as batch_op:
        batch_op.drop_constraint("uq_iv_interviews_server_name", type_="unique")
        batch_op.drop_column("server_stopped_at")
        batch_op.drop_column("server_started_at")
        batch_op.drop_column("server_name")
