"""documents carry their outlet's reliability rating

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-12 12:00:00

Corroboration counts independent outlets by their rating, and search and the
brief can keep only outlets rated reliable (`--reliable-only`), so each
document row holds its outlet's registered domain and the rating of it
(sitrep/outlets.py, from kb/outlet_reliability.tsv): `reliability` is the
label ("reliable", "mixed", "unreliable"; null: unrated or unknown outlet),
with the rating's origin and score. The rating is of the outlet, never of
the article. Upgrading rates every stored document from its URL and outlet
name, with sitrep.outlets and its tables as they are at the time of the
upgrade (the desk an exclusive names in its text is read when an article is
analysed, not here); an analysis stored before reads back with that rating
(Store.get).
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_PAGE = 500


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
    op.add_column('documents', sa.Column('outlet_domain', sa.Text(), nullable=True))
    op.add_column('documents', sa.Column('reliability', sa.String(length=16), nullable=True))
    op.add_column('documents', sa.Column('reliability_origin', sa.Text(), nullable=True))
    op.add_column('documents', sa.Column('reliability_score', sa.Float(), nullable=True))
    _backfill()
    op.create_index('ix_documents_reliability', 'documents', ['reliability'], unique=False)


def _backfill() -> None:
    """Each stored document's outlet domain and rating, from its URL and outlet columns (never
    the analysis JSON), a page of documents at a time; one with no site keeps its nulls."""
    from sitrep.outlets import rating, site_of
    from sitrep.store.rows import outlet_columns

    documents = sa.table('documents', sa.column('id', sa.String), sa.column('url', sa.Text),
                         sa.column('outlet', sa.Text), sa.column('outlet_domain', sa.Text),
                         sa.column('reliability', sa.String), sa.column('reliability_origin', sa.Text),
                         sa.column('reliability_score', sa.Float))
    connection = op.get_bind()
    after = ""
    while True:
        page = connection.execute(
            sa.select(documents.c.id, documents.c.url, documents.c.outlet).where(documents.c.id > after)
            .order_by(documents.c.id).limit(_PAGE)).all()
        if not page:
            return
        found = [(id, outlet_columns(url, outlet, rating(site_of(url, outlet)))) for id, url, outlet in page]
        values = [{"doc": id, **{f"new_{k}": v for k, v in columns.items()}}
                  for id, columns in found if columns["outlet_domain"] is not None]
        if values:
            connection.execute(
                documents.update().where(documents.c.id == sa.bindparam("doc"))
                .values({name: sa.bindparam(f"new_{name}") for name in
                         ("outlet_domain", "reliability", "reliability_origin", "reliability_score")}), values)
        after = page[-1][0]


def downgrade() -> None:
    op.drop_index('ix_documents_reliability', table_name='documents')
    op.drop_column('documents', 'reliability_score')
    op.drop_column('documents', 'reliability_origin')
    op.drop_column('documents', 'reliability')
    op.drop_column('documents', 'outlet_domain')
