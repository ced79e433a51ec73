"""originals' claims by their actor's entity: an actor filter's claims

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 19:30:00

A brief, entity page or claims list filtered by an actor takes the claims whose actor is an
entity answering to the name (store/search.py `_acts`), through the index of claims by actor
entity, which holds every copy's (search.py's 100k store: 50k claims of one actor, 423 of them
in originals; 0.1 s for a page of cards, as much for its counts per day). A partial index of
originals' claims by actor entity gives the originals' alone. On SQLite the planner is told
its size (ANALYZE of the index alone): without statistics it keeps the larger index it has
statistics for. An index only: nothing stored is read or changed.
"""

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    originals = sa.column('original', sa.Boolean).is_(True)  # as schema.ClaimRow's indexes spell it
    op.create_index('ix_claims_actor_original', 'claims', ['actor_entity_pk'], unique=False,
                    sqlite_where=originals, postgresql_where=originals)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit = 1000")  # approximate, as store/writer.py gathers them
        op.execute("ANALYZE ix_claims_actor_original")


def downgrade() -> None:
    op.drop_index('ix_claims_actor_original', table_name='claims')
