"""the watch's sources, items and arrivals

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 13:30:00

`sitrep watch` (sitrep/watch) polls the feeds, sitemaps and pages of a sources
file. `watch_sources` holds each source's schedule, the validators of its last
response, its lease (several processes on one PostgreSQL share the sources) and
its health; `watch_items` maps each article URL seen (canonical form) to the
document it is stored as, with the hash of its cleaned body, so an edited page
updates its document; `watch_arrivals` lists what each poll stored or updated,
in order, for the steps that follow storing (watchlists and alerts). New tables
only: nothing stored before is read or changed.
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'watch_sources',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=True),
        sa.Column('outlet', sa.Text(), nullable=True),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('interval_seconds', sa.Integer(), nullable=False),
        sa.Column('etag', sa.Text(), nullable=True),
        sa.Column('last_modified', sa.Text(), nullable=True),
        _when('next_poll_at', nullable=False),
        sa.Column('lease_owner', sa.Text(), nullable=True),
        _when('lease_until'),
        _when('first_polled_at'),
        _when('last_polled_at'),
        _when('last_success_at'),
        _when('first_new_item_at'),
        _when('last_new_item_at'),
        sa.Column('new_items', sa.Integer(), server_default='0', nullable=False),
        sa.Column('consecutive_failures', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('stale', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_watch_sources_due', 'watch_sources', ['next_poll_at', 'lease_until'], unique=False)
    op.create_table(
        'watch_items',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('url_key', sa.String(length=64), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('source_id', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=True),
        sa.Column('content_hash', sa.String(length=64), nullable=True),
        sa.Column('listed_as', sa.Text(), nullable=True),
        sa.Column('etag', sa.Text(), nullable=True),
        sa.Column('last_modified', sa.Text(), nullable=True),
        _when('first_seen_at', nullable=False),
        _when('last_fetched_at', nullable=False),
        sa.Column('edits', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('pk'),
        sa.UniqueConstraint('url_key'),
    )
    op.create_index('ix_watch_items_source_id', 'watch_items', ['source_id'], unique=False)
    op.create_index('ix_watch_items_document_id', 'watch_items', ['document_id'], unique=False)
    op.create_table(
        'watch_arrivals',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('source_id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        _when('stored_at', nullable=False),
        sa.PrimaryKeyConstraint('pk'),
    )
    op.create_index('ix_watch_arrivals_document_id', 'watch_arrivals', ['document_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_watch_arrivals_document_id', table_name='watch_arrivals')
    op.drop_table('watch_arrivals')
    op.drop_index('ix_watch_items_document_id', table_name='watch_items')
    op.drop_index('ix_watch_items_source_id', table_name='watch_items')
    op.drop_table('watch_items')
    op.drop_index('ix_watch_sources_due', table_name='watch_sources')
    op.drop_table('watch_sources')
