"""sources carry their identity across the store

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-14 12:00:00

A source was known only inside its article ("s1"), and across articles by the
key corroboration counts it under, its name as written: "Donald Trump" and a
later "Trump" were two sources, and a track record could attach to neither.
The `sources` table (schema.SourceRow) holds each source of each document, and
the outlet's own voice where claims rest on it, with who it is across the store
(store/source_identity.py: a named source by its entity's identity or its name,
an unnamed one by its outlet, role and affiliation) and the claims and quotes
resting on it. The sources list groups by it, and so does the forecast ledger's per-source
table, through `forecast_sources` (ledger/tables.py: the identity of the source
a forecast's first claim rests on; a table of its own, since migration 0009's
rebuild writes the forecasts table as the ledger's code describes it). Upgrading writes the rows of every stored
document from its analysis, its entities' identities (migration 0007) and its
outlet's domain (0008), with the rules of sitrep.store.source_identity at the
time of the upgrade, then each forecast's source identity.
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_PAGE = 500


def upgrade() -> None:
    op.create_table(
        'sources',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('ref', sa.String(length=32), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.Text(), nullable=True),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('role', sa.Text(), nullable=True),
        sa.Column('affiliation', sa.Text(), nullable=True),
        sa.Column('entity_ref', sa.String(length=32), nullable=True),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('identity', sa.Text(), nullable=False),
        sa.Column('claims', sa.Integer(), server_default='0', nullable=False),
        sa.Column('quotes', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pk'),
    )
    _backfill()
    op.create_index('ix_sources_identity_document', 'sources', ['identity', 'document_id'], unique=False)
    op.create_index('ix_sources_document_ref', 'sources', ['document_id', 'ref'], unique=False)
    op.create_index('ix_sources_key_identity', 'sources', ['key', 'identity'], unique=False)
    op.create_table(
        'forecast_sources',
        sa.Column('forecast_id', sa.String(length=32), nullable=False),
        sa.Column('identity', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['forecast_id'], ['forecasts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('forecast_id'),
    )
    _identify_forecast_sources()
    op.create_index('ix_forecast_sources_identity', 'forecast_sources', ['identity', 'forecast_id'], unique=False)


def _backfill() -> None:
    """The source rows of every stored document, a page of documents at a time."""
    from sitrep.store.rows import source_rows
    from sitrep.store.source_identity import assign_source_identities

    documents = sa.table('documents', sa.column('id', sa.String), sa.column('analysis', sa.JSON),
                         sa.column('outlet_domain', sa.Text))
    entities = sa.table('entities', sa.column('document_id', sa.String), sa.column('ref', sa.String),
                        sa.column('identity', sa.Text))
    sources = sa.table('sources', *(sa.column(name) for name in (
        'document_id', 'ref', 'kind', 'name', 'description', 'role', 'affiliation', 'entity_ref', 'key', 'identity',
        'claims', 'quotes')))
    connection = op.get_bind()
    after = ""
    while True:
        page = connection.execute(
            sa.select(documents.c.id, documents.c.analysis, documents.c.outlet_domain).where(documents.c.id > after)
            .order_by(documents.c.id).limit(_PAGE)).all()
        if not page:
            return
        identities: dict[str, list[dict]] = {id: [] for id, _, _ in page}
        for document_id, ref, identity in connection.execute(
                sa.select(entities.c.document_id, entities.c.ref, entities.c.identity)
                .where(entities.c.document_id.in_(list(identities)))):
            identities[document_id].append({"ref": ref, "identity": identity})
        values = []
        for id, analysis, outlet_domain in page:
            rows = source_rows(analysis or {})
            assign_source_identities(rows, analysis or {}, identities[id], outlet_domain)
            values += [dict(row, document_id=id) for row in rows]
        if values:
            connection.execute(sources.insert(), values)
        after = page[-1][0]


def _identify_forecast_sources() -> None:
    """Who made each stored forecast: its first claim's source, else its outlet's own voice."""
    from sqlalchemy.orm import Session

    from sitrep.store.sources import identify_forecast_sources

    with Session(bind=op.get_bind()) as session:
        identify_forecast_sources(session)
        session.flush()


def downgrade() -> None:
    op.drop_index('ix_forecast_sources_identity', table_name='forecast_sources')
    op.drop_table('forecast_sources')
    op.drop_index('ix_sources_key_identity', table_name='sources')
    op.drop_index('ix_sources_document_ref', table_name='sources')
    op.drop_index('ix_sources_identity_document', table_name='sources')
    op.drop_table('sources')
