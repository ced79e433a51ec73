"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 05:38:00.386685
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('stories',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('first_published', sa.Date(), nullable=True),
    sa.Column('last_published', sa.Date(), nullable=True),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_first_published'), ['first_published'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('input', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('n_entities', sa.Integer(), nullable=False),
    sa.Column('n_places', sa.Integer(), nullable=False),
    sa.Column('n_sources', sa.Integer(), nullable=False),
    sa.Column('n_claims', sa.Integer(), nullable=False),
    sa.Column('analysis', sa.JSON(), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('shingles', sa.Integer(), nullable=True),
    sa.Column('copy_of', sa.String(length=64), nullable=True),
    sa.Column('copy_similarity', sa.Float(), nullable=True),
    sa.Column('story_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['copy_of'], ['documents.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_copy_of'), ['copy_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_ingested_at'), ['ingested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)
        batch_op.create_index('ix_documents_published_ingested', ['published', 'ingested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_story_id'), ['story_id'], unique=False)

    op.create_table('document_bands',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('key', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.create_index('ix_document_bands_band_key', ['band', 'key'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_bands_document_id'), ['document_id'], unique=False)

    op.create_table('entities',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('kb', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_type'), ['type'], unique=False)

    op.create_table('places',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_key'), ['key'], unique=False)

    op.create_table('claims',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('negated', sa.Boolean(), nullable=False),
    sa.Column('band', sa.String(length=32), nullable=False),
    sa.Column('actor_ref', sa.String(length=32), nullable=True),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('actor_key', sa.Text(), nullable=True),
    sa.Column('actor_entity_pk', sa.Integer(), nullable=True),
    sa.Column('place_ref', sa.String(length=32), nullable=True),
    sa.Column('place_key', sa.Text(), nullable=True),
    sa.Column('place_country', sa.String(length=8), nullable=True),
    sa.Column('source_ref', sa.String(length=32), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source_named', sa.Boolean(), nullable=True),
    sa.Column('source_key', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_entity_pk'], ['entities.pk'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_actor_entity_pk'), ['actor_entity_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_actor_key'), ['actor_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_band'), ['band'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_modality'), ['modality'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_place_country'), ['place_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_place_key'), ['place_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_source_key'), ['source_key'], unique=False)

    op.create_table('entity_names',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entity_pk', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['entity_pk'], ['entities.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('entity_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_names_entity_pk'), ['entity_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_names_key'), ['key'], unique=False)

    op.create_table('claim_targets',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('claim_pk', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('key', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['claim_pk'], ['claims.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('claim_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_targets_claim_pk'), ['claim_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_targets_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_targets_key'), ['key'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('claim_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_targets_key'))
        batch_op.drop_index(batch_op.f('ix_claim_targets_country'))
        batch_op.drop_index(batch_op.f('ix_claim_targets_claim_pk'))

    op.drop_table('claim_targets')
    with op.batch_alter_table('entity_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_names_key'))
        batch_op.drop_index(batch_op.f('ix_entity_names_entity_pk'))

    op.drop_table('entity_names')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_source_key'))
        batch_op.drop_index(batch_op.f('ix_claims_place_key'))
        batch_op.drop_index(batch_op.f('ix_claims_place_country'))
        batch_op.drop_index(batch_op.f('ix_claims_modality'))
        batch_op.drop_index(batch_op.f('ix_claims_document_id'))
        batch_op.drop_index(batch_op.f('ix_claims_band'))
        batch_op.drop_index(batch_op.f('ix_claims_actor_key'))
        batch_op.drop_index(batch_op.f('ix_claims_actor_entity_pk'))
        batch_op.drop_index(batch_op.f('ix_claims_action'))

    op.drop_table('claims')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_key'))
        batch_op.drop_index(batch_op.f('ix_places_document_id'))
        batch_op.drop_index(batch_op.f('ix_places_country'))

    op.drop_table('places')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_type'))
        batch_op.drop_index(batch_op.f('ix_entities_document_id'))

    op.drop_table('entities')
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_bands_document_id'))
        batch_op.drop_index('ix_document_bands_band_key')

    op.drop_table('document_bands')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_story_id'))
        batch_op.drop_index('ix_documents_published_ingested')
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_outlet'))
        batch_op.drop_index(batch_op.f('ix_documents_ingested_at'))
        batch_op.drop_index(batch_op.f('ix_documents_copy_of'))

    op.drop_table('documents')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_first_published'))

    op.drop_table('stories')

