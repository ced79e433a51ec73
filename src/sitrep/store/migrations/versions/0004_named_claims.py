"""each document's claims with their names, apart from the analysis

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 02:30:00

A search hit shows its article's claims with the names of their actors,
targets, places and sources. They were taken from the analysis JSON, whose
decoding (19 kB per article on average at 100k articles, the body again
included) and naming claim by claim in Python were half of a search's time.
`documents.named_claims` holds them ready (results.ClaimMatch as JSON text).
Upgrading fills it from every stored analysis with sitrep.store.results as it
is at the time of the upgrade.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_PAGE = 500


def upgrade() -> None:
    # Added in place, not in batch mode: on SQLite a batch copies `documents`, and dropping
    # the old table would cascade-delete every dependent row (see 0002's downgrade).
    op.add_column('documents', sa.Column('named_claims', sa.Text(), server_default='[]', nullable=False))
    _backfill()


def _backfill() -> None:
    """Name the claims of every stored analysis, a page of documents at a time."""
    from sitrep.store.results import CLAIM_MATCHES, claim_matches

    documents = sa.table('documents', sa.column('id', sa.String), sa.column('analysis', sa.JSON),
                         sa.column('named_claims', sa.Text))
    connection = op.get_bind()
    after = ""
    while True:
        page = connection.execute(
            sa.select(documents.c.id, documents.c.analysis).where(documents.c.id > after)
            .order_by(documents.c.id).limit(_PAGE)).all()
        if not page:
            return
        connection.execute(
            documents.update().where(documents.c.id == sa.bindparam("doc"))
            .values(named_claims=sa.bindparam("named")),
            [{"doc": id, "named": CLAIM_MATCHES.dump_json(claim_matches(analysis)).decode()} for id, analysis in page])
        after = page[-1][0]


def downgrade() -> None:
    op.drop_column('documents', 'named_claims')
