"""story features in their own table; indexes for search at scale

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:00:00

Story assignment used to read up to 200 candidate analyses back from JSON on
every save; it now counts shared rows of `story_features` (one per feature of
an original document, with its published date, indexed on (key, published))
and takes each candidate's feature count from `documents.n_features`.
Upgrading a 0001 store backfills both from the stored analyses of its
originals (copies are never compared, so they get neither), with the
features() of sitrep.corpus.stories at the time of the upgrade.

Search filters get covering indexes (value, then the id it leads to) in place
of single-column ones, and documents an (id, published, ingested_at) index,
so a filter's documents and their sort keys come from indexes alone.
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_PAGE = 500
# (table, old single-column index, new index name, its columns)
_COVERING = [
    ('entity_names', 'ix_entity_names_key', 'ix_entity_names_key_entity', ['key', 'entity_pk']),
    ('places', 'ix_places_key', 'ix_places_key_document', ['key', 'document_id']),
    ('places', 'ix_places_country', 'ix_places_country_document', ['country', 'document_id']),
    ('claims', 'ix_claims_action', 'ix_claims_action_document', ['action', 'document_id']),
    ('claims', 'ix_claims_modality', 'ix_claims_modality_document', ['modality', 'document_id']),
    ('claims', 'ix_claims_band', 'ix_claims_band_document', ['band', 'document_id']),
    ('claims', None, 'ix_claims_source_named_document', ['source_named', 'document_id']),
    ('claims', 'ix_claims_actor_key', 'ix_claims_actor_key_document', ['actor_key', 'document_id']),
    ('claims', 'ix_claims_place_key', 'ix_claims_place_key_document', ['place_key', 'document_id']),
    ('claims', 'ix_claims_place_country', 'ix_claims_place_country_document', ['place_country', 'document_id']),
    ('claim_targets', 'ix_claim_targets_key', 'ix_claim_targets_key_claim', ['key', 'claim_pk']),
    ('claim_targets', 'ix_claim_targets_country', 'ix_claim_targets_country_claim', ['country', 'claim_pk']),
    ('documents', None, 'ix_documents_id_sort', ['id', 'published', 'ingested_at']),
]


def upgrade() -> None:
    op.create_table('story_features',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'key')
    )
    with op.batch_alter_table('story_features', schema=None) as batch_op:
        batch_op.create_index('ix_story_features_key_published', ['key', 'published'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('n_features', sa.Integer(), nullable=True))

    _backfill_story_features()

    for table, old, new, columns in _COVERING:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if old:
                batch_op.drop_index(old)
            batch_op.create_index(new, columns, unique=False)


def _backfill_story_features() -> None:
    """Features of every stored original, a page of documents at a time."""
    from sitrep.corpus.stories import features

    documents = sa.table('documents', sa.column('id', sa.String), sa.column('published', sa.Date),
                         sa.column('copy_of', sa.String), sa.column('analysis', sa.JSON),
                         sa.column('n_features', sa.Integer))
    rows = sa.table('story_features', sa.column('document_id', sa.String), sa.column('key', sa.Text),
                    sa.column('published', sa.Date))
    connection = op.get_bind()
    after = ""
    while True:
        page = connection.execute(
            sa.select(documents.c.id, documents.c.published, documents.c.analysis)
            .where(documents.c.copy_of.is_(None), documents.c.id > after)
            .order_by(documents.c.id).limit(_PAGE)
        ).all()
        if not page:
            return
        counts, found = [], []
        for document_id, published, analysis in page:
            keys = sorted(features(analysis))
            counts.append({"doc": document_id, "n": len(keys)})
            found += [{"document_id": document_id, "key": key, "published": published} for key in keys]
        if found:
            connection.execute(rows.insert(), found)
        connection.execute(
            documents.update().where(documents.c.id == sa.bindparam("doc")).values(n_features=sa.bindparam("n")),
            counts)
        after = page[-1][0]


def downgrade() -> None:
    for table, old, new, columns in reversed(_COVERING):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(new)
            if old:
                batch_op.create_index(old, columns[:1], unique=False)

    # Not batch mode: on SQLite that would copy `documents`, and dropping the old table would
    # cascade-delete every entity, claim and band row. SQLite >= 3.35 drops a column in place.
    op.drop_column('documents', 'n_features')

    with op.batch_alter_table('story_features', schema=None) as batch_op:
        batch_op.drop_index('ix_story_features_key_published')

    op.drop_table('story_features')
