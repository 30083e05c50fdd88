"""integrity signals: the candidate's tab hidden

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 06:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

from interview_hub.service.db.models import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "iv_away_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=255), nullable=False),
        sa.Column("left_at", UTCDateTime(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["iv_interviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("iv_away_signals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_iv_away_signals_interview_id"), ["interview_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("iv_away_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iv_away_signals_interview_id"))

    op.drop_table("iv_away_signals")
