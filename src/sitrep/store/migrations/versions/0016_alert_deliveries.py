"""the alerts' delivery outbox

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 16:00:00

A watchlist's alerts go to its webhook and its e-mail address besides the inbox
(sitrep/alerts/outbox.py, delivery.py). `alert_deliveries` holds one row per alert per
receiver, written in the same transaction as the alert, so a crash between raising an
alert and sending it loses nothing: its state (pending, delivered, failed), attempts,
when it may next be tried, who is sending it now (a lease), when it was delivered and
the last error. Unique on (alert, channel, receiver): an alert is sent to a receiver once.
A new table only: nothing stored before is changed, and alerts raised before it are not sent.
Plain SQLAlchemy Core: no application code is imported.
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'alert_deliveries',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('alert_id', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('receiver', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('lease_owner', sa.String(length=200), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('alert_id', 'channel', 'receiver', name='uq_alert_deliveries_receiver'),
    )
    op.create_index('ix_alert_deliveries_due', 'alert_deliveries', ['state', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_alert_deliveries_due', table_name='alert_deliveries')
    op.drop_table('alert_deliveries')
