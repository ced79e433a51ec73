"""entity names carry their entity's document

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 03:00:00

`--actor` finds the documents that name an entity. Each name row led to its
entity and the entity to its document: one look-up per entity, 32k for
"Bernie Sanders" in a 100k-article store (60 ms of a search). Every name row
now holds its entity's document id, and the index (key, document_id,
entity_pk) gives both a name's documents and its entities (for claim actors)
from the index alone. Upgrading copies each entity's document id into its
names.
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
    op.drop_index('ix_entity_names_key_entity', table_name='entity_names')
    op.add_column('entity_names', sa.Column('document_id', sa.String(length=255), server_default='', nullable=False))
    op.execute("UPDATE entity_names SET document_id = "
               "(SELECT entities.document_id FROM entities WHERE entities.pk = entity_names.entity_pk)")
    op.create_index('ix_entity_names_key_document', 'entity_names', ['key', 'document_id', 'entity_pk'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_entity_names_key_document', table_name='entity_names')
    op.drop_column('entity_names', 'document_id')
    op.create_index('ix_entity_names_key_entity', 'entity_names', ['key', 'entity_pk'], unique=False)
