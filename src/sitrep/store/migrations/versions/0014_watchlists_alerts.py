"""watchlists and their alerts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 14:00:00

Watchlists are saved searches (sitrep/alerts): `watchlists` holds each one's
filters as JSON; `alerts` one alert per story per watchlist, with its triage
status; `alert_articles` the articles of each alert with the claims that matched
(no foreign key to documents: an edited article is written again under its id);
`alert_cursor` how far the alerts step has read the watch's `watch_arrivals`,
starting past what is queued there already. New tables only: nothing stored before is changed.
Plain SQLAlchemy Core: no application code is imported.
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        'watchlists',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('filters', sa.JSON(), nullable=False),
        sa.Column('webhook', sa.Text(), nullable=True),
        sa.Column('email', sa.Text(), nullable=True),
        _when('created_at'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'alerts',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('watchlist_id', sa.Integer(), nullable=False),
        sa.Column('story', sa.String(length=255), nullable=False),
        sa.Column('title', sa.Text(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('outlets', sa.Integer(), server_default='0', nullable=False),
        sa.Column('sources', sa.Integer(), server_default='0', nullable=False),
        _when('created_at'),
        _when('updated_at'),
        sa.ForeignKeyConstraint(['watchlist_id'], ['watchlists.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('watchlist_id', 'story', name='uq_alerts_watchlist_story'),
    )
    op.create_index('ix_alerts_updated_at', 'alerts', ['updated_at'], unique=False)
    op.create_index('ix_alerts_watchlist_updated', 'alerts', ['watchlist_id', 'updated_at'], unique=False)
    op.create_table(
        'alert_articles',
        sa.Column('alert_id', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('outlet', sa.Text(), nullable=True),
        sa.Column('claims', sa.JSON(), nullable=False),
        sa.Column('source_keys', sa.JSON(), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),
        _when('added_at'),
        sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('alert_id', 'document_id'),
    )
    op.create_index('ix_alert_articles_document', 'alert_articles', ['document_id'], unique=False)
    op.create_table(
        'alert_cursor',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    # Past what the watch stored before there were watchlists: only later arrivals are matched.
    op.execute("INSERT INTO alert_cursor (name, position) "
               "SELECT 'watch_arrivals', COALESCE(MAX(pk), 0) FROM watch_arrivals")


def downgrade() -> None:
    op.drop_table('alert_cursor')
    op.drop_index('ix_alert_articles_document', table_name='alert_articles')
    op.drop_table('alert_articles')
    op.drop_index('ix_alerts_watchlist_updated', table_name='alerts')
    op.drop_index('ix_alerts_updated_at', table_name='alerts')
    op.drop_table('alerts')
    op.drop_table('watchlists')
