"""analysts' corrections: an audit log, the corrections in force, what linking found

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-16 12:00:00

An analyst with the write token can merge two entities, give one an alias or a
type, mark a claim wrong and note an article or a claim (store/corrections.py).
`corrections` logs every change and every undo (who, when, what, before and
after); `entity_merges`, `entity_aliases`, `entity_retypes`, `wrong_claims` and
`notes` hold what is in force. A correction is applied to the rows search reads,
so `entities` keep what linking found beside what a correction made of it
(`found_identity`, `found_type`; NULL while none applies) and `entity_names`
mark the names a correction gave (`corrected`). Nothing is backfilled: every
new column starts NULL, so upgrading a store of any size takes a moment.
Plain SQLAlchemy Core: no application code is imported.
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
    op.add_column('entities', sa.Column('found_identity', sa.Text(), nullable=True))
    op.add_column('entities', sa.Column('found_type', sa.String(length=16), nullable=True))
    op.create_index('ix_entities_found_identity', 'entities', ['found_identity'], unique=False)
    op.add_column('entity_names', sa.Column('corrected', sa.Boolean(), nullable=True))
    op.create_table(
        'corrections',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('analyst', sa.Text(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('subject', sa.Text(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('undoes', sa.Integer(), nullable=True),
        sa.Column('undone_by', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'entity_merges',
        sa.Column('correction_id', sa.Integer(), nullable=False),
        sa.Column('identity', sa.Text(), nullable=False),
        sa.Column('into', sa.Text(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['correction_id'], ['corrections.id']),
        sa.PrimaryKeyConstraint('correction_id'),
        sa.UniqueConstraint('identity'),
    )
    op.create_index('ix_entity_merges_into', 'entity_merges', ['into'], unique=False)
    op.create_table(
        'entity_aliases',
        sa.Column('correction_id', sa.Integer(), nullable=False),
        sa.Column('identity', sa.Text(), nullable=False),
        sa.Column('alias', sa.Text(), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['correction_id'], ['corrections.id']),
        sa.PrimaryKeyConstraint('correction_id'),
    )
    op.create_index('ix_entity_aliases_identity', 'entity_aliases', ['identity'], unique=False)
    op.create_table(
        'entity_retypes',
        sa.Column('correction_id', sa.Integer(), nullable=False),
        sa.Column('identity', sa.Text(), nullable=False),
        sa.Column('type', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['correction_id'], ['corrections.id']),
        sa.PrimaryKeyConstraint('correction_id'),
    )
    op.create_index('ix_entity_retypes_identity', 'entity_retypes', ['identity'], unique=False)
    op.create_table(
        'wrong_claims',
        sa.Column('claim_pk', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('claim_ref', sa.String(length=32), nullable=False),
        sa.Column('correction_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['claim_pk'], ['claims.pk'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['correction_id'], ['corrections.id']),
        sa.PrimaryKeyConstraint('claim_pk'),
    )
    op.create_index('ix_wrong_claims_document_id', 'wrong_claims', ['document_id'], unique=False)
    op.create_table(
        'notes',
        sa.Column('correction_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('claim_ref', sa.String(length=32), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['correction_id'], ['corrections.id']),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('correction_id'),
    )
    op.create_index('ix_notes_document_id', 'notes', ['document_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_notes_document_id', table_name='notes')
    op.drop_table('notes')
    op.drop_index('ix_wrong_claims_document_id', table_name='wrong_claims')
    op.drop_table('wrong_claims')
    op.drop_index('ix_entity_retypes_identity', table_name='entity_retypes')
    op.drop_table('entity_retypes')
    op.drop_index('ix_entity_aliases_identity', table_name='entity_aliases')
    op.drop_table('entity_aliases')
    op.drop_index('ix_entity_merges_into', table_name='entity_merges')
    op.drop_table('entity_merges')
    op.drop_table('corrections')
    op.drop_column('entity_names', 'corrected')
    op.drop_index('ix_entities_found_identity', table_name='entities')
    op.drop_column('entities', 'found_type')
    op.drop_column('entities', 'found_identity')
