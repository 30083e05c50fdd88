"""call recordings

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 21:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

from interview_hub.service.db.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "iv_recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("started_by", sa.String(length=255), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["iv_interviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("iv_recordings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_iv_recordings_interview_id"), ["interview_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("iv_recordings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iv_recordings_interview_id"))

    op.drop_table("iv_recordings")
