"""originals indexed by date

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 15:10:00

Corroboration asks, for each claim card, the same claim in other original articles published
within its window, and the desk lists original articles' claims newest first. Both had to
find originals through indexes that hold copies too: on a store where most articles are
near-copies (search.py's 100k benchmark store: 99.2%), each card's query read every copy's
claim rows of its actor and dropped them, 80 ms a card, 8 s a brief. A partial index of the
originals' dates (`copy_of IS NULL`, on SQLite and PostgreSQL alike) lets the database start
from the originals in the window: a brief of 100 cards 8.2 -> 0.9 s at 100k (docs/benchmarks.md).
An index only: nothing stored is read or changed.
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    originals = sa.text("copy_of IS NULL")
    op.create_index('ix_documents_originals_published', 'documents', ['published', 'ingested_at'], unique=False,
                    sqlite_where=originals, postgresql_where=originals)


def downgrade() -> None:
    op.drop_index('ix_documents_originals_published', table_name='documents')
